/**
 * Statistics across reports: rankings, differences, trends and sums of one standard measure, computed
 * from the values src/stats/measures.ts read. Pure functions: no index, no I/O. Every output row is an
 * input `MeasureValue` (so it keeps its citation: report, paragraph, page, quote), and every computation
 * over a scope also lists the reports in scope that do not state the measure, so an answer can say so
 * instead of skipping them quietly (a missing value is never 0).
 *
 * Arithmetic is exact decimal (src/stats/decimal.ts): `49.14万元 + 0.07万元` is `492100`, never
 * `492100.00000000006`; only a percentage is rounded, to `PERCENT_PLACES`.
 */
import type { ReportSummary } from '../types.js';
import {
  addDecimal, compareDecimal, decimalToNumber, divideDecimal, multiplyDecimal, subtractDecimal, toDecimal, type Decimal,
} from './decimal.js';
import type { MeasureValue } from './measures.js';

/** Decimals a percent change is rounded to: `87.5`, `-33.33`. */
export const PERCENT_PLACES = 2;

/** What statistics need of a report: where and when it is, who issued it. */
export type StatReport = Pick<ReportSummary, 'id' | 'region' | 'year' | 'body' | 'title'> & { regionPath?: readonly string[] | null };

/** A measure value with its report's place and year. */
export interface StatRow extends MeasureValue {
  region: string | null;
  regionPath?: readonly string[] | null;
  year: number | null;
  body: string | null;
  title: string;
}

/** Which reports of a region: its own (`self`), its sub-regions' (`below`), or both (`all`). */
export type RegionScope = 'self' | 'below' | 'all';

export interface Scope {
  measure: string;
  /** A region name as the gazetteer or the question writes it: `赤峰市`, `赤峰`. */
  region?: string;
  include?: RegionScope;
  /** One year, or an inclusive range. */
  year?: number | readonly [number, number];
  body?: string;
}

/** Joins each value to its report (values of reports not given are dropped). */
export function statRows(values: readonly MeasureValue[], reports: readonly StatReport[]): StatRow[] {
  const byId = new Map(reports.map((r) => [r.id, r]));
  return values.flatMap((v) => {
    const r = byId.get(v.reportId);
    // Object.assign rather than a spread: this runs once per value of every report in scope (20× faster).
    return r ? [Object.assign({}, v, { region: r.region, regionPath: r.regionPath, year: r.year, body: r.body, title: r.title })] : [];
  });
}

/**
 * Whether a report is in a region: by the gazetteer path (`['内蒙古自治区','赤峰市','红山区']` is below
 * `赤峰市`), else by the region name (`…赤峰市红山区` contains `赤峰市`). A short name (`赤峰`) matches the
 * place it starts.
 */
export function inRegion(report: StatReport, region: string, include: RegionScope = 'all'): boolean {
  const self = regionLevel(report, region);
  return self !== null && (include === 'all' || (include === 'self') === self);
}

/** True: the report is the region's own; false: a sub-region's; null: not in the region. */
function regionLevel(report: StatReport, region: string): boolean | null {
  const path = report.regionPath ?? [];
  const at = path.findIndex((name) => name === region || name.startsWith(region));
  if (at >= 0) return at === path.length - 1;
  const name = report.region ?? '';
  const end = name.lastIndexOf(region);
  if (end < 0) return null;
  // Without a gazetteer path: the region's own when at most its suffix (`市`, `县`) follows the name.
  return name.length - (end + region.length) <= 1;
}

function yearIn(year: number | null, want: Scope['year']): boolean {
  if (want === undefined) return true;
  if (year === null) return false;
  return typeof want === 'number' ? year === want : year >= want[0] && year <= want[1];
}

/** The reports a scope covers. */
export function reportsInScope(reports: readonly StatReport[], scope: Omit<Scope, 'measure'>): StatReport[] {
  return reports.filter(
    (r) => (!scope.region || inRegion(r, scope.region, scope.include ?? 'all')) && yearIn(r.year, scope.year) && (!scope.body || r.body === scope.body),
  );
}

/** The rows of a scope's measure, and the reports in scope that do not state it. */
export function select(rows: readonly StatRow[], reports: readonly StatReport[], scope: Scope): { rows: StatRow[]; missing: StatReport[] } {
  const inScope = reportsInScope(reports, scope);
  const ids = new Set(inScope.map((r) => r.id));
  const chosen = rows.filter((r) => r.measure === scope.measure && ids.has(r.reportId));
  const stated = new Set(chosen.map((r) => r.reportId));
  return { rows: chosen, missing: inScope.filter((r) => !stated.has(r.id)) };
}

/** The reports in scope that lack the measure: reported as missing, never counted as 0. */
export function missing(rows: readonly StatRow[], reports: readonly StatReport[], scope: Scope): StatReport[] {
  return select(rows, reports, scope).missing;
}

export interface RankedRow extends StatRow {
  /** 1-based; equal values share a rank (1, 2, 2, 4). */
  rank: number;
}

/** Rows ordered by value (`desc`: 最多 first), ties sharing a rank, cut to `limit` ranks' rows. */
export function rank(rows: readonly StatRow[], options: { order?: 'desc' | 'asc'; limit?: number } = {}): RankedRow[] {
  const sign = options.order === 'asc' ? 1 : -1;
  const sorted = [...rows].sort((a, b) => sign * compareDecimal(toDecimal(a.value), toDecimal(b.value)));
  const ranked = sorted.map((row, i) => ({ ...row, rank: i + 1 }));
  for (let i = 1; i < ranked.length; i++) if (ranked[i]!.value === ranked[i - 1]!.value) ranked[i]!.rank = ranked[i - 1]!.rank;
  return options.limit === undefined ? ranked : ranked.filter((r) => r.rank <= options.limit!);
}

export interface Difference<T extends MeasureValue = StatRow> {
  from: T;
  to: T;
  /** `to - from`, exact. */
  difference: number;
  /** `(to - from) / from`, in percent, rounded to `PERCENT_PLACES`; null when `from` is 0. */
  percent: number | null;
  /** Why there is no percent: a change from 0 is no percentage (no division by zero). */
  percentRefused?: 'ZERO_BASE';
}

/** How much `to` differs from `from` (比…多多少, 增长了百分之几). Both must be the same measure. */
export function difference<T extends MeasureValue>(from: T, to: T): Difference<T> {
  if (from.measure !== to.measure) throw new TypeError(`difference of two measures: ${from.measure} and ${to.measure}`);
  const a = toDecimal(from.value);
  const delta = subtractDecimal(toDecimal(to.value), a);
  const ratio = divideDecimal(multiplyDecimal(delta, toDecimal(100)), a, PERCENT_PLACES);
  const out: Difference<T> = { from, to, difference: decimalToNumber(delta), percent: ratio && decimalToNumber(ratio) };
  if (!ratio) out.percentRefused = 'ZERO_BASE';
  return out;
}

export interface TrendPoint {
  row: StatRow;
  /** Change from the previous point (a year stated earlier), absent for the first. */
  change?: Difference;
}

export interface Trend {
  points: TrendPoint[];
  /** First stated year to last, when at least two years are stated. */
  overall: Difference | null;
  /** Reports of the region in scope that do not state the measure (their years are gaps, not 0). */
  missing: StatReport[];
  /** Years with several values (several bodies of the region): left out of the series; pass `body`. */
  conflicts: StatRow[];
}

/** One region's values by year (2012到2019年的变化), the region's own reports only. */
export function trend(rows: readonly StatRow[], reports: readonly StatReport[], scope: Scope & { region: string }): Trend {
  const chosen = select(rows, reports, { ...scope, include: 'self' });
  const byYear = new Map<number, StatRow[]>();
  for (const row of chosen.rows) if (row.year !== null) byYear.set(row.year, [...(byYear.get(row.year) ?? []), row]);
  const years = [...byYear.keys()].sort((a, b) => a - b);
  const series = years.filter((y) => byYear.get(y)!.length === 1).map((y) => byYear.get(y)![0]!);
  const points = series.map((row, i): TrendPoint => (i === 0 ? { row } : { row, change: difference(series[i - 1]!, row) }));
  const conflicts = years.filter((y) => byYear.get(y)!.length > 1).flatMap((y) => byYear.get(y)!);
  const overall = series.length >= 2 ? difference(series[0]!, series[series.length - 1]!) : null;
  return { points, overall, missing: chosen.missing, conflicts };
}

export interface Sum {
  measure: string;
  /** Exact sum of the stated values, in the measure's base unit; null when none is stated. */
  total: number | null;
  unit: string | null;
  /** The inputs, each cited. */
  rows: StatRow[];
  /** Reports in scope that do not state the measure: the total leaves them out, and says so. */
  missing: StatReport[];
}

/**
 * The sum of a measure over a region's reports (赤峰各旗县区合计): by default its sub-regions only
 * (`include: 'below'`), since a city's own report often already counts its districts; `all` adds it.
 */
export function sum(rows: readonly StatRow[], reports: readonly StatReport[], scope: Scope & { region: string }): Sum {
  const chosen = select(rows, reports, { include: 'below', ...scope });
  const total = chosen.rows.reduce<Decimal | null>((acc, r) => (acc ? addDecimal(acc, toDecimal(r.value)) : toDecimal(r.value)), null);
  return { measure: scope.measure, total: total && decimalToNumber(total), unit: chosen.rows[0]?.unit ?? null, rows: chosen.rows, missing: chosen.missing };
}
