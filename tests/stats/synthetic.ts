/**
 * Synthetic annual reports with figures known in advance, for the cross-report statistics tests: 赤峰市
 * and four of its 旗县区 (红山区, 松山区, 宁城县, 元宝山区) over 2012–2020, plus 通辽市科尔沁区 outside the
 * region. Reports up to 2018 are prose in the old style (`全年受理依申请公开8件，其中当面申请2件…`), from
 * 2019 the prescribed tables (`一、本年新收政府信息公开申请数量 | 7 | 1 | 8`). Some reports deliberately
 * lack measures (no figure at all, or `未收到` written without one), one states a real 0 in its table.
 * The texts go through the project's real ingest (`parseReport`), no stubs.
 */
import { parseReport } from '../../src/ingest/index.js';
import type { Report } from '../../src/types.js';
import { seededRandom } from '../../src/embed/local/svd.js';

/** What a synthetic report states: measure id → value in the measure's base unit, and as written. */
export type Figures = Record<string, { value: number; text: string }>;

export interface SyntheticReport {
  id: string;
  /** Place as the title writes it. */
  place: string;
  year: number;
  format: 'prose' | 'table';
  /** Every standard measure the report states; a measure absent here is absent from the text. */
  figures: Figures;
  text: string;
}


interface Plan {
  place: string;
  year: number;
  /** Measures this report leaves out. */
  lacks?: readonly string[];
  /** `未收到政府信息公开申请` written, with no figure. */
  noRequestsWritten?: boolean;
  /** The table states 0 for everything about requests. */
  zeroRequests?: boolean;
  /** Fee as written, with its value in 元. */
  fee?: { text: string; value: number };
}

const CITY = '赤峰市';
const DISTRICTS = ['红山区', '松山区', '宁城县', '元宝山区'];

/** The corpus plan: which reports exist and what each leaves out. */
export const PLANS: readonly Plan[] = [
  ...[2012, 2013, 2014, 2015, 2016, 2017, 2018, 2019, 2020].map((year): Plan => ({
    place: CITY, year,
    lacks: year === 2014 ? ['依申请公开.收到', '依申请公开.办结'] : year === 2016 ? ['新闻发布会.次数'] : [],
    fee: year === 2013 ? { text: '49.14万元', value: 491400 } : undefined,
  })),
  ...[2016, 2017, 2018, 2019, 2020].flatMap((year) =>
    DISTRICTS.slice(0, 3).map((d, i): Plan => ({
      place: `${CITY}${d}`, year,
      lacks: d === '宁城县' && year === 2017 ? ['依申请公开.收到', '依申请公开.办结'] : (year + i) % 4 === 0 ? ['网站.访问量'] : [],
      noRequestsWritten: d === '宁城县' && year === 2017,
      fee: year === 2018 ? { text: ['10.1元', '20.2元', '0.07万元'][i]!, value: [10.1, 20.2, 700][i]! } : undefined,
    })),
  ),
  { place: `${CITY}元宝山区`, year: 2018 },
  { place: `${CITY}元宝山区`, year: 2019, zeroRequests: true },
  { place: '通辽市科尔沁区', year: 2019 },
  { place: '通辽市科尔沁区', year: 2020 },
];

const n = (value: number, text: string) => ({ value, text });

/** Draws the figures of one plan. */
function drawFigures(plan: Plan, rnd: () => number): Figures {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const unit = plan.year <= 2018 ? '件' : '';
  const f: Figures = {};
  const received = plan.zeroRequests ? 0 : int(4, 60);
  const channels = split(received, 5, rnd);
  const outcomes = split(received, 5, rnd);
  const published = int(300, 30000);
  f['主动公开.总数'] = n(published, `${published}条`);
  f['依申请公开.收到'] = n(received, `${received}${unit}`);
  f['依申请公开.办结'] = n(received, `${received}${unit}`);
  if (plan.year <= 2018) {
    ['当面', '网络', '信函', '传真', '其他'].forEach((c, i) => (f[`依申请公开.收到.${c}`] = n(channels[i]!, `${channels[i]}件`)));
  }
  ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理'].forEach((o, i) => (f[`依申请公开.结果.${o}`] = n(outcomes[i]!, `${outcomes[i]}${unit}`)));
  const reviews = int(0, 4);
  f['行政复议.总数'] = n(reviews, `${reviews}${unit}`);
  const corrected = Math.min(reviews, int(0, 1));
  f['行政复议.纠正'] = n(corrected, `${corrected}${unit}`);
  if (plan.year <= 2018) {
    const suits = int(0, 3);
    f['行政诉讼.总数'] = n(suits, `${suits}件`);
  }
  const visits = int(10, 900);
  f['网站.访问量'] = n(visits * 10000, `${visits}万人次`);
  const briefings = int(2, 40);
  f['新闻发布会.次数'] = n(briefings, `${briefings}次`);
  if (plan.fee) f['收费.金额'] = n(plan.fee.value, plan.fee.text);
  // A report that does not state what it received states nothing else about requests either.
  const noRequests = plan.noRequestsWritten || plan.lacks?.includes('依申请公开.收到');
  for (const k of Object.keys(f)) if (plan.lacks?.includes(k) || (noRequests && k.startsWith('依申请公开'))) delete f[k];
  return f;
}

/** `total` split into `parts` non-negative integers. */
export function split(total: number, parts: number, rnd: () => number): number[] {
  const out: number[] = [];
  let left = total;
  for (let i = 0; i < parts - 1; i++) {
    const take = Math.floor(rnd() * (left + 1) * 0.6);
    out.push(take);
    left -= take;
  }
  out.push(left);
  return out;
}

const v = (f: Figures, id: string) => f[id]?.value;

/** Old-style prose (up to 2018): the figures in sentences, with distractors that must not bind. */
function proseText(title: string, plan: Plan, f: Figures, variant: number): string {
  const we = plan.place.endsWith('县') ? '县' : plan.place.endsWith('区') ? '区' : '市';
  const lines = [title, '一、概述', `${plan.year}年，我${we}认真贯彻落实《中华人民共和国政府信息公开条例》，全年召开政务公开专题会议3次，培训工作人员120人次。`];
  lines.push('二、主动公开政府信息情况');
  lines.push(`${plan.year}年全${we}主动公开政府信息${v(f, '主动公开.总数')}条，其中机构职能类信息${Math.floor(v(f, '主动公开.总数')! / 3)}条。`);
  const visits = f['网站.访问量'];
  lines.push(visits ? `${we}政府门户网站全年访问量达到${visits.text}，更新信息${v(f, '主动公开.总数')! + 15}条。` : `${we}政府门户网站全年更新信息${v(f, '主动公开.总数')! + 15}条。`);
  if (f['新闻发布会.次数']) lines.push(`各级政府及其部门共召开新闻发布会${f['新闻发布会.次数'].text}。`);
  lines.push('三、依申请公开办理情况');
  if (plan.noRequestsWritten) lines.push('本年度未收到政府信息公开申请。');
  else if (f['依申请公开.收到']) {
    // The wordings reports use, in turn: each report words its figures a little differently.
    const pick = (...words: string[]) => words[variant % words.length]!;
    const verb = pick('全年受理依申请公开', '全年共收到政府信息公开申请', '依申请公开方面，本年度共受理');
    const [a, b, c, d, e] = ['当面', '网络', '信函', '传真', '其他'].map((k) => v(f, `依申请公开.收到.${k}`));
    lines.push(
      `${verb}${f['依申请公开.收到'].text}，其中${pick('当面', '现场')}申请${a}件，${pick('网络', '网上')}申请${b}件，${pick('信函', '邮寄')}申请${c}件，` +
        `传真申请${d}件，${pick('其他形式', '其他方式')}申请${e}件，比上年增加${variant + 1}件。`,
    );
    const [x, y, z, w, u] = ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理'].map((k) => v(f, `依申请公开.结果.${k}`));
    lines.push(`${pick('已办结', '已答复', '办理完毕')}${f['依申请公开.办结']!.text}，其中${pick('同意公开', '予以公开')}${x}件，部分公开${y}件，不予公开${z}件，无法提供${w}件，不予处理${u}件。`);
  }
  lines.push(`全年受理市长热线群众诉求${1000 + variant * 37}件，办结${990 + variant * 37}件。`);
  lines.push('四、政府信息公开的收费及减免情况');
  lines.push(f['收费.金额'] ? `全年收取检索、复制费用共计${f['收费.金额'].text}，减免费用50元。` : `${plan.year}年，我${we}没有收取任何费用。`);
  lines.push('五、因政府信息公开申请行政复议、提起行政诉讼情况');
  lines.push(`全年发生行政复议${f['行政复议.总数']!.text}，其中被纠正${f['行政复议.纠正']!.text}；行政诉讼${f['行政诉讼.总数']!.text}。`);
  lines.push('六、主要问题及改进措施', '下一步，我们将进一步加强培训，计划培训2次。');
  return lines.join('\n');
}

/**
 * The prescribed 2019+ table of requests, flattened to `|` rows: `received` new requests, `outcomes` the
 * five outcomes (予以公开 … 不予处理), each row split between persons and organisations.
 */
export function requestTable(received: number, outcomes: readonly number[]): string[] {
  const row = (label: string, total: number) => {
    const firm = Math.floor(total / 4);
    return `${label} | ${total - firm} | ${firm} | ${total}`;
  };
  const [x, y, z, w, u] = outcomes as [number, number, number, number, number];
  return [
    '申请人情况 | 自然人 | 法人或其他组织 | 总计',
    row('一、本年新收政府信息公开申请数量', received),
    row('二、上年结转政府信息公开申请数量', 2),
    row('三、本年度办理结果 | (一)予以公开', x),
    row('(二)部分公开', y),
    row('(三)不予公开', z),
    row('(四)无法提供', w),
    row('(五)不予处理', u),
    row('(六)其他处理', 0),
    row('(七)总计', received),
    row('四、结转下年度继续办理', 2),
  ];
}

/** The 2019+ format: the prescribed tables, flattened to `|` rows. */
function tableText(title: string, plan: Plan, f: Figures): string {
  const received = v(f, '依申请公开.收到')!;
  const outcomes = ['予以公开', '部分公开', '不予公开', '无法提供', '不予处理'].map((k) => v(f, `依申请公开.结果.${k}`)!);
  const reviews = v(f, '行政复议.总数')!;
  const corrected = v(f, '行政复议.纠正')!;
  const lines = [
    title,
    '一、总体情况',
    `${plan.year}年，全年主动公开政府信息${f['主动公开.总数']!.text}，较上年增加${(plan.year % 7) + 11}条。`,
    f['网站.访问量'] ? `政府门户网站全年访问量${f['网站.访问量'].text}。` : '政府门户网站运行平稳。',
    f['新闻发布会.次数'] ? `全年召开新闻发布会${f['新闻发布会.次数'].text}。` : '',
    '二、主动公开政府信息情况',
    '第二十条第(一)项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数',
    '规章 | 0 | 0 | 0',
    '行政规范性文件 | 3 | 1 | 19',
    '第二十条第(五)项 | 行政许可 | 本年处理决定数量 | 301',
    '三、收到和处理政府信息公开申请情况',
    ...requestTable(received, outcomes),
    '四、政府信息公开行政复议、行政诉讼情况',
    '行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计',
    ` | ${reviews - corrected} | ${corrected} | 0 | 0 | ${reviews}`,
    '五、存在的主要问题及改进情况',
    '部分单位信息更新不够及时。',
    '六、其他需要报告的事项',
    f['收费.金额'] ? `本年度收取信息处理费${f['收费.金额'].text}。` : '本年度未收取信息处理费。',
  ];
  return lines.filter(Boolean).join('\n');
}

/** The synthetic corpus: plans, figures and texts (deterministic). */
export function syntheticReports(): SyntheticReport[] {
  const rnd = seededRandom(20240615);
  return PLANS.map((plan, i) => {
    const format = plan.year >= 2019 ? 'table' : 'prose';
    const figures = drawFigures(plan, rnd);
    const title = `${plan.place}${plan.place === CITY ? '人民政府' : ''}${plan.year}年政府信息公开工作年度报告`;
    const text = format === 'prose' ? proseText(title, plan, figures, i) : tableText(title, plan, figures);
    return { id: `syn${String(i).padStart(2, '0')}`, place: plan.place, year: plan.year, format, figures, text };
  });
}

/** A synthetic report parsed by the real ingest. */
export function parseSynthetic(s: SyntheticReport): Report {
  return parseReport({ id: s.id, source: `${s.id}.txt`, text: s.text, checksum: s.id });
}
