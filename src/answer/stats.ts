/**
 * Questions that need several reports — 哪个地区…最多, 排名前三, 2012年比2011年多了多少, 增长了百分之几,
 * 2012到2019年的变化, 赤峰各旗县区合计 — answered from the standard-measure values the index keeps
 * (src/stats), never from passages: one figure per report, the same measure each time, then computed.
 * The answer leads with the computed figure, then lists its inputs one per line, each cited to its
 * paragraph; reports in scope that do not state the measure are named, never counted as 0. A question
 * whose scope holds fewer than two reports is not a comparison: it goes to the ordinary answerers.
 */
import {
  COMPARE_WORDS, DIFFERENCE_WORDS, EACH_WORDS, LEAST_WORDS, MEASURE_QUESTION_WORDS, MOST_WORDS, PERCENT_WORDS, RANGE_WORDS, RANKING_WORDS,
  RANK_SUBJECTS, SUM_WORDS, TOP_PREFIXES, TREND_WORDS, WHICH_WORDS,
} from '../lang/zh/comparisons.js';
import { paragraphLabel } from '../lang/zh/report-terms.js';
import { findYear } from '../retrieve/query.js';
import { difference, rank, trend, type Difference, type StatReport, type StatRow } from '../stats/compute.js';
import { addDecimal, decimalToNumber, formatDecimal, toDecimal } from '../stats/decimal.js';
import { baseUnit, placeName, statsQuery, type MeasuredSummary } from '../stats/query.js';
import { parseChineseNumeral } from '../text/index.js';
import type { Answer, AnswerChart, Citation, ParsedQuery } from '../types.js';
import { clipQuote } from './citations.js';

/**
 * At most this many inputs are listed (and charted) under an answer; a longer ranking says how many
 * reports state the measure and shows the first ones, a longer sum says how many it adds up.
 */
export const MAX_LISTED = 15;

export type StatsOp = 'rank' | 'difference' | 'percent' | 'trend' | 'sum';

export interface StatsIntent {
  measure: string;
  op: StatsOp;
  order: 'desc' | 'asc';
  /** `前三` → 3. */
  limit?: number;
  /** Years as the question names them, in order. */
  years: number[];
  /** The region the question names (its gazetteer name, `赤峰市`), or null for every region. */
  region: string | null;
  /** For a difference: the later figure is the one before `比` (`2012年比2011年多`). */
  fromFirst: boolean;
}

const has = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

/** The standard measure a question names, or null. */
export function questionMeasure(norm: string): string | null {
  for (const { measure, groups } of MEASURE_QUESTION_WORDS) if (groups.some((g) => g.every((w) => norm.includes(w)))) return measure;
  return null;
}

/** Every year a question names, in order (`2012年比2011年` → [2012, 2011]; `2012到2019年` → [2012, 2019]). */
export function questionYears(norm: string): number[] {
  const years: number[] = [];
  let text = norm;
  for (let guard = 0; guard < 6; guard++) {
    const y = findYear(text);
    if (!y) break;
    years.push(y.value);
    text = text.slice(0, y.start) + '，'.repeat(y.end - y.start) + text.slice(y.end);
  }
  const at = (y: number) => norm.indexOf(String(y));
  return years.sort((a, b) => at(a) - at(b));
}

/** What a question asks of several reports, or null when it is not such a question. */
export function statsIntent(query: ParsedQuery): StatsIntent | null {
  const norm = query.norm.replace(/\s+/g, '');
  const measure = questionMeasure(norm);
  if (!measure) return null;
  const years = questionYears(norm);
  const region = query.regionPath?.length ? query.regionPath[query.regionPath.length - 1]! : query.region;
  const base = { measure, years, region, order: has(norm, LEAST_WORDS) ? ('asc' as const) : ('desc' as const), fromFirst: true };
  const twoYears = years.length >= 2;
  if (twoYears && has(norm, PERCENT_WORDS)) return { ...base, op: 'percent', fromFirst: !comparesBackwards(norm, years) };
  if (twoYears && (has(norm, DIFFERENCE_WORDS) || (has(norm, COMPARE_WORDS) && /[多少增减]/.test(norm)))) return { ...base, op: 'difference', fromFirst: !comparesBackwards(norm, years) };
  if (has(norm, TREND_WORDS) && (twoYears || has(norm, RANGE_WORDS) || norm.includes('历年'))) return { ...base, op: 'trend' };
  if (has(norm, SUM_WORDS) && has(norm, EACH_WORDS)) return { ...base, op: 'sum' };
  const top = topN(norm);
  const extreme = has(norm, MOST_WORDS) || has(norm, LEAST_WORDS);
  const ranking = has(norm, RANKING_WORDS) || top !== undefined;
  const acrossReports = WHICH_WORDS.some((w) => RANK_SUBJECTS.some((s) => new RegExp(`${w}.{0,2}${s}`).test(norm))) || has(norm, EACH_WORDS);
  if ((extreme || ranking) && (acrossReports || ranking)) return { ...base, op: 'rank', ...(top !== undefined ? { limit: top } : {}) };
  return null;
}

/** `2012年比2011年`: the first year named is the later figure. */
function comparesBackwards(norm: string, years: number[]): boolean {
  const [a, b] = years;
  const between = norm.slice(norm.indexOf(String(a)) + 4, norm.indexOf(String(b)));
  return /比|较/.test(between);
}

/** `前三`, `前5名` → 3, 5. */
function topN(norm: string): number | undefined {
  for (const prefix of TOP_PREFIXES) {
    const m = new RegExp(`${prefix}([0-9]+|[一二三四五六七八九十]+)(?:名|位|个)?`).exec(norm);
    if (m) {
      const n = /^\d+$/.test(m[1]!) ? Number(m[1]) : parseChineseNumeral(m[1]!);
      if (n && n > 0 && n <= 50) return n;
    }
  }
  return undefined;
}

/**
 * Answers a comparison over the summaries, or null when the question's scope holds fewer than two
 * reports (then it is an ordinary question about one report).
 */
export function answerStats(intent: StatsIntent, summaries: readonly MeasuredSummary[]): (Answer & { chart?: AnswerChart }) | null {
  const place = (r: StatReport | StatRow) => placeName(r) ?? r.title;
  const when = (r: { year: number | null }) => (r.year ? `${r.year}年` : '年份不详');
  /** A report in a list: `赤峰市 2012年`, or its title when neither place nor year is known. */
  const label = (r: StatReport | StatRow) => (r.region || r.year ? `${place(r)} ${when(r)}` : r.title);
  /** A figure as written; a bare number (a table cell) gets the measure's unit: `0` → `0件`. */
  const shown = (r: StatRow) => (/\d$/.test(r.text) ? `${r.text}${unit}` : r.text);
  const yearScope = intent.op === 'rank' || intent.op === 'sum' ? (intent.years.length === 1 ? intent.years[0]! : intent.years.length >= 2 ? ([Math.min(...intent.years), Math.max(...intent.years)] as const) : null) : null;
  const scope = { measure: intent.measure, region: intent.region, year: yearScope, include: intent.op === 'sum' ? ('below' as const) : undefined };
  const result = statsQuery(summaries, scope);
  const name = result.measure.name;
  const unit = baseUnit(result.measure);
  if (result.inScope.length < 2 && intent.op !== 'difference' && intent.op !== 'percent' && intent.op !== 'trend') return null;

  // Every row cited below is one of `result.values` (trends and sums select among them).
  const sourceOf = new Map(result.values.map((v) => [v.reportId, v.source]));
  const citations: Citation[] = [];
  const cite = (row: StatRow): string => {
    let c = citations.find((x) => x.reportId === row.reportId && x.paragraph === row.paragraph);
    if (!c) {
      c = {
        n: citations.length + 1, reportId: row.reportId, source: sourceOf.get(row.reportId) ?? '', title: row.title, region: row.region, year: row.year,
        section: row.section, paragraph: row.paragraph, ...(row.page ? { page: row.page } : {}), quote: clipQuote(row.quote), url: `/reports/${encodeURIComponent(row.reportId)}#p${row.paragraph}`,
      };
      citations.push(c);
    }
    return `[${c.n}]`;
  };
  const figure = (value: number) => `${formatDecimal(toDecimal(value))}${unit}`;
  const missingLine = (missing: readonly StatReport[]) =>
    missing.length ? `\n另有 ${missing.length} 份报告未说明${name}：${missing.slice(0, 12).map((r) => `${label(r)}`).join('、')}${missing.length > 12 ? ' 等' : ''}。` : '';
  const done = (text: string, chart?: AnswerChart, refused = false): Answer & { chart?: AnswerChart } => ({
    answer: text,
    citations,
    refused,
    grounded: true,
    ...(chart && !refused ? { chart } : {}),
    meta: { answerer: 'stats', stats: { op: intent.op, measure: intent.measure, region: intent.region, years: intent.years } },
  });
  const pointOf = (row: StatRow, label: string) => ({ label, value: row.value, citation: Number(cite(row).slice(1, -1)) });
  const scopeName = `${intent.region ?? ''}${yearScope ? (typeof yearScope === 'number' ? `${yearScope}年` : `${yearScope[0]}—${yearScope[1]}年`) : ''}`;

  if (intent.op === 'rank') {
    if (!result.values.length) return done(`语料库中${scopeName ? `${scopeName}的` : ''}报告都没有说明${name}，无法排名。${missingLine(result.missing)}`, undefined, true);
    const ranked = rank(result.values, { order: intent.order, limit: intent.limit }).slice(0, MAX_LISTED);
    const top = ranked.filter((r) => r.rank === 1);
    const word = intent.order === 'asc' ? '最少' : '最多';
    const lead = `${name}${word}的是${top.map((r) => `${place(r)}（${when(r)}）：${shown(r)}${cite(r)}`).join('；')}${top.length > 1 ? '（并列）' : ''}。`;
    const lines = ranked.map((r) => `${r.rank}. ${label(r)}：${shown(r)}${cite(r)}`);
    const shownRanks = intent.limit ?? (ranked.length < result.values.length ? MAX_LISTED : undefined);
    const head = `${scopeName ? `${scopeName}，` : ''}共 ${result.values.length} 份报告说明了${name}，${intent.order === 'asc' ? '从少到多' : '从多到少'}${shownRanks ? `前 ${Math.min(shownRanks, ranked.length)} 名` : ''}：`;
    const chart: AnswerChart = { kind: 'bar', title: name, unit, points: ranked.map((r) => pointOf(r, label(r))) };
    return done(`${lead}\n${head}\n${lines.join('\n')}${missingLine(result.missing)}`, chart);
  }

  if (intent.op === 'sum') {
    // The query already took the region's places below it (include: 'below') and the years: its
    // values are the inputs, added exactly.
    const rows = result.values;
    if (!rows.length) return done(`语料库中${scopeName}下辖地区的报告都没有说明${name}，无法合计。${missingLine(result.missing)}`, undefined, true);
    const value = decimalToNumber(rows.reduce((total, r) => addDecimal(total, toDecimal(r.value)), toDecimal(0)));
    const listed = rows.slice(0, MAX_LISTED);
    const lines = listed.map((r) => `${label(r)}：${shown(r)}${cite(r)}`);
    const more = rows.length > listed.length ? `\n……另有 ${rows.length - listed.length} 份报告计入合计，见统计页。` : '';
    const lead = `合计${figure(value)}：${scopeName}${intent.region ? '各下辖地区' : '各地区'} ${rows.length} 份报告的${name}之和。`;
    const chart: AnswerChart = { kind: 'bar', title: name, unit, points: listed.map((r) => pointOf(r, label(r))) };
    return done(`${lead}\n${lines.join('\n')}${more}${missingLine(result.missing)}`, chart);
  }

  // Differences, percentages and trends follow one region's own reports over years.
  if (!intent.region) return null;
  const series = trend(result.values, result.inScope, { measure: intent.measure, region: intent.region });
  const byYear = new Map(series.points.map((p) => [p.row.year!, p.row]));
  if (intent.op === 'trend') {
    const [from, to] = intent.years.length >= 2 ? [Math.min(...intent.years), Math.max(...intent.years)] : [-Infinity, Infinity];
    const points = series.points.filter((p) => p.row.year! >= from && p.row.year! <= to).map((p) => p.row);
    const gaps = series.missing.filter((r) => r.year !== null && r.year >= from && r.year <= to);
    if (points.length < 2) return done(`${intent.region}${intent.years.length >= 2 ? `${from}—${to}年` : ''}只有 ${points.length} 份报告说明了${name}，无法看出变化。${points.map((r) => `${when(r)}：${shown(r)}${cite(r)}`).join('')}${missingLine(gaps)}`, undefined, true);
    const overall = difference(points[0]!, points[points.length - 1]!);
    const lines = points.map((r) => `${when(r)}：${shown(r)}${cite(r)}`);
    const lead = `${intent.region}${when(points[0]!)}到${when(points[points.length - 1]!)}${name}${change(overall, figure)}。`;
    const chart: AnswerChart = { kind: 'line', title: `${intent.region}${name}`, unit, points: points.map((r) => pointOf(r, when(r))) };
    return done(`${lead}\n${lines.join('\n')}${missingLine(gaps)}`, chart);
  }

  const [first, second] = intent.years;
  const [fromYear, toYear] = intent.fromFirst ? [first!, second!] : [second!, first!];
  const a = byYear.get(fromYear);
  const b = byYear.get(toYear);
  if (!a || !b) {
    const lacking = [fromYear, toYear].filter((y) => !byYear.has(y));
    const silent = lacking.filter((y) => series.missing.some((r) => r.year === y));
    const absent = lacking.filter((y) => !silent.includes(y));
    const why = [
      absent.length ? `语料库中没有${intent.region}${absent.map((y) => `${y}年`).join('和')}的报告` : '',
      silent.length ? `${intent.region}${silent.map((y) => `${y}年`).join('和')}的报告没有说明${name}` : '',
    ].filter(Boolean).join('；');
    const stated = [a, b].filter((x): x is StatRow => !!x).map((r) => `${when(r)}：${shown(r)}${cite(r)}`).join('；');
    return done(`无法计算：${why}${stated ? `（${stated}）` : ''}。`, undefined, true);
  }
  const d = difference(a, b);
  const inputs = `${intent.region}${when(b)}${name}${shown(b)}${cite(b)}，${when(a)}${shown(a)}${cite(a)}`;
  const chart: AnswerChart = { kind: 'bar', title: `${intent.region}${name}`, unit, points: [pointOf(a, when(a)), pointOf(b, when(b))] };
  if (intent.op === 'percent') {
    if (d.percent === null) return done(`无法计算增长率：${when(a)}为 0。${inputs}。`, undefined, true);
    return done(`${d.percent >= 0 ? '增长了' : '下降了'}${formatDecimal(toDecimal(Math.abs(d.percent)))}%（${when(b)}比${when(a)}${d.difference >= 0 ? '多' : '少'}${figure(Math.abs(d.difference))}）。${inputs}。`, chart);
  }
  return done(`${d.difference >= 0 ? '多' : '少'}${figure(Math.abs(d.difference))}。${inputs}。`, chart);
}

/** `增加4件（增长50%）`, `减少2件（下降20%）`, `没有变化`. */
function change(d: Difference, figure: (v: number) => string): string {
  if (d.difference === 0) return `没有变化（均为${d.to.text}）`;
  const up = d.difference > 0;
  const pct = d.percent === null ? '' : `，${up ? '增长' : '下降'}${formatDecimal(toDecimal(Math.abs(d.percent)))}%`;
  return `从${d.from.text}${up ? '增加' : '减少'}到${d.to.text}，${up ? '增加' : '减少'}${figure(Math.abs(d.difference))}${pct}`;
}
