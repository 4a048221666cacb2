/**
 * The data side of `/stats`, shared by the page script (stats-client.ts) and the tests: the
 * `GET /api/stats` response checked field by field, merged into table rows (a report that does not
 * state the measure is a row with `value: null`, never a 0), the chart's kind and labels, the links
 * to the report viewer and the one-sentence summary screen readers get for the chart. Pure functions,
 * no DOM.
 */
import { paragraphLabel } from '../../lang/zh/report-terms.js';
import { PROVINCE_SUFFIXES } from '../../lang/zh/regions.js';

export interface StatsMeasure {
  id: string;
  name: string;
  unit: string;
}

/** One stated figure, as `GET /api/stats` returns it. */
export interface StatsValue {
  reportId: string;
  title: string;
  region: string | null;
  year: number | null;
  body: string | null;
  value: number;
  /** As written: `8件`. */
  text: string;
  unit: string;
  paragraph: number;
  page?: number;
  quote: string;
  url: string;
}

/** A report in scope that does not state the measure. */
export interface StatsMissing {
  reportId: string;
  title: string;
  region: string | null;
  year: number | null;
}

export interface StatsResult {
  measure: StatsMeasure;
  values: StatsValue[];
  missing: StatsMissing[];
}

/** A table row and chart point: a stated value, or a report that is silent (`value: null`). */
export interface StatsRow {
  reportId: string;
  title: string;
  region: string;
  year: number | null;
  value: number | null;
  text: string;
  quote: string;
  href: string;
  where: string;
}

/** Longest figure the viewer marks (`?hl=`), as in the widget. */
const HIGHLIGHT_MAX = 32;
export const UNKNOWN = '未知';
export const NOT_STATED = '未说明';

const str = (v: unknown): string | null => (typeof v === 'string' ? v : null);
const int = (v: unknown): number | null => (typeof v === 'number' && Number.isInteger(v) ? v : null);

/** The response checked field by field; null when it is not a stats result at all. */
export function parseStats(data: unknown): StatsResult | null {
  const d = (data ?? {}) as Record<string, unknown>;
  const m = (d.measure ?? {}) as Record<string, unknown>;
  if (typeof m.id !== 'string' || !Array.isArray(d.values)) return null;
  const values: StatsValue[] = [];
  for (const raw of d.values as Record<string, unknown>[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.reportId !== 'string' || typeof raw.value !== 'number' || !Number.isFinite(raw.value)) continue;
    values.push({
      reportId: raw.reportId,
      title: str(raw.title) ?? raw.reportId,
      region: str(raw.region),
      year: int(raw.year),
      body: str(raw.body),
      value: raw.value,
      text: str(raw.text) ?? String(raw.value),
      unit: str(raw.unit) ?? '',
      paragraph: int(raw.paragraph) ?? 0,
      ...(int(raw.page) ? { page: int(raw.page)! } : {}),
      quote: str(raw.quote) ?? '',
      url: str(raw.url) ?? '',
    });
  }
  const missing: StatsMissing[] = [];
  for (const raw of (Array.isArray(d.missing) ? d.missing : []) as Record<string, unknown>[]) {
    if (typeof raw !== 'object' || raw === null || typeof raw.reportId !== 'string') continue;
    missing.push({ reportId: raw.reportId, title: str(raw.title) ?? raw.reportId, region: str(raw.region), year: int(raw.year) });
  }
  return { measure: { id: m.id, name: str(m.name) ?? m.id, unit: str(m.unit) ?? '' }, values, missing };
}

/** `/reports/<id>?hl=<figure>#p<n>`: the viewer scrolls to the paragraph and marks the figure in it. */
export function viewerHref(reportId: string, paragraph?: number, highlight?: string): string {
  const base = `/reports/${encodeURIComponent(reportId)}`;
  if (!paragraph) return base;
  const hl = highlight && highlight.length <= HIGHLIGHT_MAX ? `?hl=${encodeURIComponent(highlight)}` : '';
  return `${base}${hl}#p${paragraph}`;
}

/** Values and silent reports together, by region then year, as the report list sorts. */
export function statsRows(result: StatsResult): StatsRow[] {
  const rows: StatsRow[] = [
    ...result.values.map((v) => ({
      reportId: v.reportId, title: v.title, region: v.region ?? UNKNOWN, year: v.year, value: v.value, text: v.text, quote: v.quote,
      href: viewerHref(v.reportId, v.paragraph, v.text), where: v.paragraph ? paragraphLabel(v.paragraph, v.page, true) : '',
    })),
    ...result.missing.map((m) => ({
      reportId: m.reportId, title: m.title, region: m.region ?? UNKNOWN, year: m.year, value: null, text: '', quote: '', href: viewerHref(m.reportId), where: '',
    })),
  ];
  return rows.sort((a, b) => a.region.localeCompare(b.region, 'zh-CN') || (a.year ?? 0) - (b.year ?? 0) || a.reportId.localeCompare(b.reportId));
}

/** A line when every row is one region over several years; bars across regions otherwise. */
export function chartKind(rows: readonly StatsRow[]): 'line' | 'bar' {
  const regions = new Set(rows.map((r) => r.region));
  const years = new Set(rows.map((r) => r.year));
  return regions.size === 1 && years.size > 1 && !years.has(null) ? 'line' : 'bar';
}

/** `内蒙古自治区赤峰市红山区` → `赤峰市红山区`: the province adds width, not information, to a chart label. */
export function shortRegion(region: string): string {
  return region.replace(LEADING_PROVINCE, '');
}
const LEADING_PROVINCE = new RegExp(`^[\\u4e00-\\u9fff]{2,7}?(?:${PROVINCE_SUFFIXES.join('|')})(?=[\\u4e00-\\u9fff]{2,})`);

/** The point's label: the year on a line of one region, `赤峰市 2012` on bars. */
export function pointLabel(row: StatsRow, kind: 'line' | 'bar'): string {
  const year = row.year === null ? '' : `${row.year}年`;
  return kind === 'line' ? year : `${shortRegion(row.region)} ${row.year ?? ''}`.trim();
}

/** `491400` → `491,400`. */
export function formatValue(value: number): string {
  return value.toLocaleString('zh-CN', { maximumFractionDigits: 2 });
}

/** The chart in one sentence for screen readers; the table under it has every detail. */
export function chartSummary(result: StatsResult, rows: readonly StatsRow[], kind: 'line' | 'bar'): string {
  const { name, unit } = result.measure;
  const stated = rows.filter((r) => r.value !== null);
  const shown = stated.slice(0, 12).map((r) => `${pointLabel(r, kind)} ${formatValue(r.value!)}${unit}`);
  const more = stated.length > shown.length ? `等 ${stated.length} 项` : '';
  const silent = rows.length - stated.length;
  return `${name}${kind === 'line' ? `，${shortRegion(rows[0]?.region ?? '')}各年份折线图` : '，柱状图'}：${shown.join('，') || '无数据'}${more}${
    silent ? `；另有 ${silent} 份报告未说明` : ''}。详细数据与出处见下表。`;
}

/** The API query for the form's current values; `format=csv` for the download link. */
export function statsQuery(fields: Record<string, string>, csv = false): string {
  const params = new URLSearchParams();
  for (const key of ['measure', 'region', 'year', 'body']) {
    const value = (fields[key] ?? '').trim();
    if (value) params.set(key, value);
  }
  if (csv) params.set('format', 'csv');
  return `/api/stats?${params}`;
}

