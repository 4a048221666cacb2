/**
 * Statistics over the index's summaries: the values of one standard measure across the reports of a
 * scope (region, years, body), each with its citation, and the reports in scope that do not state it.
 * What `/api/stats`, `npm run stats` and comparison answers share. Reads summaries only (see stored.ts).
 */
import { NianbaoError } from '../errors.js';
import { MEASURES, UNIT_FAMILIES, findMeasure, type MeasureDef } from '../lang/zh/measures.js';
import type { ReportSummary } from '../types.js';
import { reportsInScope, select, statRows, type RegionScope, type StatReport, type StatRow } from './compute.js';
import { fromStored, type StoredMeasure } from './stored.js';

/** A report summary as the index keeps it, with its stored measures. */
export type MeasuredSummary = ReportSummary & { measures?: readonly StoredMeasure[] };

export interface StatsScope {
  measure: string;
  region?: string | null;
  /** Which reports of the region: its own, its sub-regions', or both (default). */
  include?: RegionScope;
  year?: number | readonly [number, number] | null;
  body?: string | null;
}

/** One value with everything a table row or chart point shows and links to. */
export interface StatsValue extends StatRow {
  source: string;
  /** The report viewer at the paragraph, the figure marked: `/reports/<id>?hl=8件#p26`. */
  url: string;
}

export interface StatsResult {
  measure: MeasureDef;
  /** By region, then year. */
  values: StatsValue[];
  /** Reports in scope that do not state the measure (never counted as 0). */
  missing: StatReport[];
  /** Every report the scope covers (trends and sums select within it). */
  inScope: StatReport[];
}

/** The catalogue as a picker shows it. */
export function measureList(): { id: string; name: string; unit: string }[] {
  return MEASURES.map((m) => ({ id: m.id, name: m.name, unit: baseUnit(m) }));
}

/** The unit a measure's values are in. */
export function baseUnit(m: MeasureDef): string {
  return UNIT_FAMILIES[m.unitFamily].base;
}

/** Throws INVALID_REQUEST naming the catalogue when `id` is no standard measure. */
export function requireMeasure(id: string): MeasureDef {
  const m = findMeasure(id);
  if (!m) throw new NianbaoError('INVALID_REQUEST', `未知的统计项 (unknown measure) "${id}"；可用 (available): ${MEASURES.map((x) => x.id).join(', ')}`);
  return m;
}

/** The values of `scope.measure` over the summaries in scope. */
export function statsQuery(summaries: readonly MeasuredSummary[], scope: StatsScope): StatsResult {
  const measure = requireMeasure(scope.measure);
  const reports: StatReport[] = summaries.map((s) => ({ id: s.id, region: s.region, year: s.year, body: s.body, title: s.title, regionPath: s.regionPath ?? null }));
  const where = {
    measure: measure.id,
    ...(scope.region ? { region: scope.region } : {}),
    ...(scope.include ? { include: scope.include } : {}),
    ...(scope.year !== undefined && scope.year !== null ? { year: scope.year } : {}),
    ...(scope.body ? { body: scope.body } : {}),
  };
  const inScope = reportsInScope(reports, where);
  const byId = new Map(summaries.map((s) => [s.id, s]));
  const values = inScope.flatMap((r) => (byId.get(r.id)!.measures ?? []).filter((m) => m.m === measure.id).map((m) => fromStored(r.id, m)));
  const chosen = select(statRows(values, inScope), inScope, where);
  const rows = chosen.rows
    .map((row) => ({ ...row, source: byId.get(row.reportId)!.source, url: `/reports/${encodeURIComponent(row.reportId)}?hl=${encodeURIComponent(row.text)}#p${row.paragraph}` }))
    .sort(byPlaceAndYear);
  return { measure, values: rows, missing: [...chosen.missing].sort(byPlaceAndYear), inScope };
}

/** A place as answers name it: its gazetteer path below the province (`开封市祥符区`), else its name. */
export function placeName(r: { region: string | null; regionPath?: readonly string[] | null }): string | null {
  return r.regionPath && r.regionPath.length >= 2 ? r.regionPath.slice(1).join('') : r.region;
}

function byPlaceAndYear(a: { region: string | null; year: number | null; title: string }, b: { region: string | null; year: number | null; title: string }): number {
  return (a.region ?? '\uffff').localeCompare(b.region ?? '\uffff', 'zh') || (a.year ?? 0) - (b.year ?? 0) || a.title.localeCompare(b.title, 'zh');
}
