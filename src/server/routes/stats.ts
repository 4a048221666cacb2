/**
 * `GET /api/stats`: the values of one standard measure across the reports of a scope, each with its
 * citation (report, paragraph, page, quote, viewer link), plus the reports in scope that do not state
 * it. JSON by default; `format=csv` for a spreadsheet (UTF-8 with BOM, so Excel reads the Chinese).
 */
import { stringify } from 'csv-stringify/sync';
import { Hono } from 'hono';
import { baseUnit, measureList, requireMeasure, statsQuery, type StatsResult, type StatsScope } from '../../stats/query.js';
import { parseWith, parseYearScope, statsQuerySchema, type StatsQuery } from '../schemas.js';
import { requireEngine, type EngineHolder } from '../state.js';

export function createStatsRoutes(holder: EngineHolder): Hono {
  const api = new Hono();
  api.get('/stats', (c) => {
    const q = parseWith(statsQuerySchema, c.req.query());
    requireMeasure(q.measure); // bad input is 400 whether or not the index is ready yet
    const engine = requireEngine(holder);
    const result = statsQuery(engine.index.summaries, statsScope(q));
    if (q.format === 'csv') {
      c.header('content-type', 'text/csv; charset=utf-8');
      c.header('content-disposition', `attachment; filename*=UTF-8''${encodeURIComponent(`${result.measure.name}.csv`)}`);
      return c.body(`\ufeff${statsCsv(result)}`);
    }
    return c.json(statsJson(result, { region: q.region ?? null, year: q.year ?? null, body: q.body ?? null }));
  });
  return api;
}

/** The scope a validated `/api/stats` query (or `npm run stats` flags) asks for. */
export function statsScope(q: StatsQuery): StatsScope {
  return { measure: q.measure, region: q.region ?? null, ...(q.include ? { include: q.include } : {}), year: parseYearScope(q.year), body: q.body ?? null };
}

/** The JSON body of `/api/stats`. */
export function statsJson(result: StatsResult, scope: { region: string | null; year: string | null; body: string | null }) {
  return {
    measure: { id: result.measure.id, name: result.measure.name, unit: baseUnit(result.measure) },
    measures: measureList(),
    scope,
    values: result.values.map((v) => ({
      reportId: v.reportId,
      title: v.title,
      region: v.region,
      year: v.year,
      body: v.body,
      value: v.value,
      text: v.text,
      unit: v.unit,
      source: v.source,
      section: v.section,
      paragraph: v.paragraph,
      ...(v.page ? { page: v.page } : {}),
      quote: v.quote,
      url: v.url,
    })),
    missing: result.missing.map((r) => ({ reportId: r.id, title: r.title, region: r.region, year: r.year })),
  };
}

/** The CSV of `/api/stats` and `npm run stats -- --csv`: one row per value, then the missing reports. */
export function statsCsv(result: StatsResult): string {
  const header = ['地区', '年份', '发布机关', '统计项', '数值', '单位', '原文数字', '报告', '文件', '段落', '页', '原文'];
  const rows = result.values.map((v) => [v.region ?? '', v.year ?? '', v.body ?? '', result.measure.name, v.value, v.unit, v.text, v.title, v.source, v.paragraph, v.page ?? '', v.quote]);
  const missing = result.missing.map((r) => [r.region ?? '', r.year ?? '', r.body ?? '', result.measure.name, '', '', '未说明', r.title, '', '', '', '']);
  return stringify([header, ...rows, ...missing].map((row) => row.map(safeCell)));
}

/**
 * A text cell a spreadsheet would run as a formula (`=…`, `+…`, `@…`, `-` not before a digit) gets a
 * leading apostrophe (OWASP's advice for CSV injection); numbers stay numbers.
 */
function safeCell(cell: string | number): string | number {
  return typeof cell === 'string' && /^(?:[=+@\t\r]|-(?!\d))/.test(cell) ? `'${cell}` : cell;
}
