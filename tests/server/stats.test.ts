/**
 * `GET /api/stats` over the real app in memory (`app.request()`), on an engine built by the real ingest
 * and index from the 28 synthetic reports whose figures are known in advance (tests/stats/synthetic.ts):
 * exactly the reports that state a measure come back, with the figures the generator wrote, each cited
 * (paragraph, quote holding the figure, viewer link); region and year narrow the scope; reports in scope
 * that do not state the measure are listed as missing, never as 0; CSV carries the same rows; bad input
 * is 400 and an index still loading 503.
 */
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse } from 'csv-parse/sync';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { loadConfig } from '../../src/config.js';
import { createEngine, type Engine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { ROOT } from '../helpers/corpus.js';
import { parseSynthetic, syntheticReports, type SyntheticReport } from '../stats/synthetic.js';
import { statsJson } from '../../src/server/routes/stats.js';

const synthetic = syntheticReports();
const RECEIVED = '依申请公开.收到';
let app: Hono;
let config: Config;
let engine: Engine;

beforeAll(async () => {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-stats-api-'));
  config = loadConfig({ root: ROOT, indexDir: dir }, {});
  const embedder = createHashEmbedder();
  const { index } = await buildIndex({ reports: synthetic.map(parseSynthetic), embedder, config, dir });
  engine = createEngine(config, index, embedder);
  app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine }) });
}, 120_000);

/** The body the route sends, as its own code types it. */
type StatsBody = ReturnType<typeof statsJson>;
type StatsValue = StatsBody['values'][number];

const url = (params: Record<string, string>) => `/api/stats?${new URLSearchParams(params).toString()}`;
async function stats(params: Record<string, string>): Promise<StatsBody> {
  const res = await app.request(url(params));
  expect(res.status, await res.clone().text()).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/json');
  return (await res.json()) as StatsBody;
}

/** The synthetic reports matching `keep`, split into those stating `measure` and those that do not. */
function expected(keep: (r: SyntheticReport) => boolean, measure = RECEIVED) {
  const chosen = synthetic.filter(keep);
  return { stating: chosen.filter((r) => r.figures[measure]), lacking: chosen.filter((r) => !r.figures[measure]) };
}
const ids = (list: readonly { id: string }[] | readonly { reportId: string }[]) => list.map((r) => ('id' in r ? r.id : r.reportId)).sort();
const inChifeng = (r: SyntheticReport) => r.place.startsWith('赤峰市');

/** Each value is the generator's figure, cited to a paragraph whose quote holds it, linked to the viewer. */
function expectKnownAndCited(values: readonly StatsValue[], measure = RECEIVED): void {
  for (const v of values) {
    const s = synthetic.find((r) => r.id === v.reportId)!;
    expect(v.value, v.reportId).toBe(s.figures[measure]!.value);
    expect(v.text, v.reportId).toBe(s.figures[measure]!.text);
    expect(v.year).toBe(s.year);
    expect(v.region).toContain(s.place);
    expect(v.source).toBe(`${s.id}.txt`);
    expect(v.paragraph, v.reportId).toBeGreaterThan(0);
    expect(v.page).toBeUndefined(); // text reports have no pages
    expect(v.quote, v.reportId).toContain(v.text);
    expect(v.url).toBe(`/reports/${v.reportId}?hl=${encodeURIComponent(v.text)}#p${v.paragraph}`);
    // The quote is the paragraph's text (or the clause of it) that the report states the figure in.
    const paragraph = parseSynthetic(s).paragraphs.find((p) => p.n === v.paragraph);
    expect(paragraph?.text.replace(/\s/g, ''), v.reportId).toContain(v.quote.replace(/…/g, '').replace(/\s/g, ''));
  }
}

describe('GET /api/stats over 28 synthetic reports with known figures', () => {
  it('returns exactly the reports that state 依申请公开.收到, with the known values, each cited', async () => {
    const body = await stats({ measure: RECEIVED });
    expect(body.measure).toEqual({ id: RECEIVED, name: expect.any(String), unit: '件' });
    expect(body.measures.map((m) => m.id)).toContain(RECEIVED);
    expect(body.scope).toEqual({ region: null, year: null, body: null });
    const { stating, lacking } = expected(() => true);
    expect(ids(body.values)).toEqual(ids(stating));
    expect(ids(body.missing)).toEqual(ids(lacking));
    expect(body.values).toHaveLength(26);
    expectKnownAndCited(body.values);
    // Prose reports write 件; the 2019+ tables a bare number in the 件 column.
    expect(body.values.find((v) => v.reportId === 'syn00')).toMatchObject({ region: '内蒙古自治区赤峰市', year: 2012, section: '三、依申请公开办理情况' });
    expect(body.values.find((v) => v.reportId === 'syn07')!.quote).toMatch(/^一、本年新收政府信息公开申请数量 \| /);
    // A table that states 0 is a real 0; no other value is 0.
    expect(body.values.filter((v) => v.value === 0).map((v) => v.reportId)).toEqual(['syn25']);
  });

  it('orders values by region, then year', async () => {
    const { values } = await stats({ measure: RECEIVED });
    for (let i = 1; i < values.length; i++) {
      const [a, b] = [values[i - 1]!, values[i]!];
      if (a.region === b.region) expect(a.year!).toBeLessThan(b.year!);
    }
    const regions = values.map((v) => v.region);
    expect(new Set(regions).size).toBe(regions.filter((r, i) => r !== regions[i - 1]).length); // each region in one run
  });

  it('another measure: 主动公开.总数 is stated by every report', async () => {
    const body = await stats({ measure: '主动公开.总数' });
    expect(body.values).toHaveLength(28);
    expect(body.missing).toEqual([]);
    expectKnownAndCited(body.values, '主动公开.总数');
  });

  it('region=赤峰 covers 赤峰市 and its districts, not 通辽市科尔沁区', async () => {
    const body = await stats({ measure: RECEIVED, region: '赤峰' });
    expect(body.scope.region).toBe('赤峰');
    const { stating, lacking } = expected(inChifeng);
    expect(ids(body.values)).toEqual(ids(stating));
    expect(ids(body.missing)).toEqual(ids(lacking));
    const places = new Set(body.values.map((v) => v.region));
    for (const place of ['赤峰市', '赤峰市红山区', '赤峰市松山区', '赤峰市宁城县', '赤峰市元宝山区']) expect([...places].some((p) => p!.endsWith(place)), place).toBe(true);
    expect([...places].some((p) => p!.includes('通辽'))).toBe(false);
    expectKnownAndCited(body.values);

    const district = await stats({ measure: RECEIVED, region: '红山区' });
    expect(ids(district.values)).toEqual(ids(expected((r) => r.place === '赤峰市红山区').stating));
    const other = await stats({ measure: RECEIVED, region: '通辽' });
    expect(ids(other.values)).toEqual(['syn26', 'syn27']);
  });

  it('include=self keeps the region\'s own reports (a city over years), include=below only its districts', async () => {
    const own = await stats({ measure: RECEIVED, region: '赤峰市', include: 'self' });
    const city = expected((r) => r.place === '赤峰市');
    expect(ids(own.values)).toEqual(ids(city.stating));
    expect(ids(own.missing)).toEqual(ids(city.lacking));
    const below = await stats({ measure: RECEIVED, region: '赤峰市', include: 'below' });
    expect(ids(below.values)).toEqual(ids(expected((r) => r.place.startsWith('赤峰市') && r.place !== '赤峰市').stating));
    const bad = await app.request(`/api/stats?measure=${encodeURIComponent(RECEIVED)}&include=province`);
    expect(bad.status).toBe(400);
  });

  it('year=2019 and year=2016-2018 filter by year', async () => {
    const one = await stats({ measure: RECEIVED, year: '2019' });
    expect(one.scope.year).toBe('2019');
    expect(ids(one.values)).toEqual(ids(expected((r) => r.year === 2019).stating));
    expect(one.values.every((v) => v.year === 2019)).toBe(true);
    expectKnownAndCited(one.values);

    const range = await stats({ measure: RECEIVED, year: '2016-2018' });
    const want = expected((r) => r.year >= 2016 && r.year <= 2018);
    expect(ids(range.values)).toEqual(ids(want.stating));
    expect(ids(range.missing)).toEqual(['syn14']); // 宁城县 2017 writes 未收到 without a figure
    // A reversed range is the same range.
    expect(ids((await stats({ measure: RECEIVED, year: '2018-2016' })).values)).toEqual(ids(want.stating));
    // Region and year together.
    const both = await stats({ measure: RECEIVED, region: '赤峰', year: '2019-2020' });
    expect(ids(both.values)).toEqual(ids(expected((r) => inChifeng(r) && r.year >= 2019).stating));
    // A year with no report: nothing, and nothing missing.
    expect(await stats({ measure: RECEIVED, year: '2030' })).toMatchObject({ values: [], missing: [] });
  });

  it('reports in scope without the value are missing, never 0 (赤峰市 2014; 宁城县 2017)', async () => {
    const body = await stats({ measure: RECEIVED, region: '赤峰' });
    expect(body.missing).toEqual([
      { reportId: 'syn02', title: '赤峰市人民政府2014年政府信息公开工作年度报告', region: '内蒙古自治区赤峰市', year: 2014 },
      { reportId: 'syn14', title: '赤峰市宁城县2017年政府信息公开工作年度报告', region: '内蒙古自治区赤峰市宁城县', year: 2017 },
    ]);
    for (const id of ['syn02', 'syn14']) expect(body.values.some((v) => v.reportId === id), id).toBe(false);
    const city2014 = await stats({ measure: RECEIVED, region: '赤峰市', year: '2014' });
    expect(city2014.values).toEqual([]);
    expect(ids(city2014.missing)).toEqual(['syn02']);
    const ningcheng = await stats({ measure: RECEIVED, region: '宁城县', year: '2017' });
    expect(ningcheng.values).toEqual([]);
    expect(ids(ningcheng.missing)).toEqual(['syn14']);
  });

  it('format=csv: text/csv with a BOM, a header row, one row per value, then the missing reports', async () => {
    const json = await stats({ measure: RECEIVED, region: '赤峰' });
    const res = await app.request(url({ measure: RECEIVED, region: '赤峰', format: 'csv' }));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/csv; charset=utf-8/);
    expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename\*=UTF-8''.+\.csv$/);
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes);
    expect(text.startsWith('\ufeff')).toBe(true);
    const rows = parse(text.slice(1)) as string[][];
    expect(rows[0]).toEqual(['地区', '年份', '发布机关', '统计项', '数值', '单位', '原文数字', '报告', '文件', '段落', '页', '原文']);
    const data = rows.slice(1);
    expect(data).toHaveLength(json.values.length + json.missing.length);
    json.values.forEach((v, i) => {
      const row = data[i]!;
      expect(row[0]).toBe(v.region);
      expect(row[1]).toBe(String(v.year));
      expect(row[3]).toBe(json.measure.name);
      expect(row[4]).toBe(String(v.value));
      expect(row[5]).toBe(v.unit);
      expect(row[6]).toBe(v.text);
      expect(row[7]).toBe(v.title);
      expect(row[8]).toBe(v.source);
      expect(row[9]).toBe(String(v.paragraph));
      expect(row[11]).toBe(v.quote);
    });
    const missingRows = data.slice(json.values.length);
    expect(missingRows.map((r) => [r[1], r[4], r[6], r[7]])).toEqual(json.missing.map((m) => [String(m.year), '', '未说明', m.title]));
  });

  it('an unknown measure is 400 INVALID_REQUEST naming it', async () => {
    const res = await app.request(url({ measure: '依申请公开.收获' }));
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INVALID_REQUEST');
    expect(body.error.message).toContain('依申请公开.收获');
    expect(body.error.message).toContain(RECEIVED); // and lists what there is
    // So is a missing one, and the CSV form of a bad request is still a JSON error.
    for (const bad of [{}, { measure: '' }, { measure: 'x', format: 'csv' }]) {
      const r = await app.request(url(bad as Record<string, string>));
      expect(r.status, JSON.stringify(bad)).toBe(400);
      expect(((await r.json()) as { error: { code: string } }).error.code).toBe('INVALID_REQUEST');
    }
  });

  it('a bad year or format is 400 INVALID_REQUEST naming the field', async () => {
    for (const year of ['19', '2019-', 'abc', '2019-20', '２０１９', '2019,2020']) {
      const res = await app.request(url({ measure: RECEIVED, year }));
      expect(res.status, year).toBe(400);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INVALID_REQUEST');
      expect(body.error.message, year).toContain('year');
    }
    const format = await app.request(url({ measure: RECEIVED, format: 'xlsx' }));
    expect(format.status).toBe(400);
    expect(((await format.json()) as { error: { message: string } }).error.message).toContain('format');
  });

  it('before the index is ready: 503 INDEX_NOT_READY with the progress', async () => {
    const loading = createApp({ config, engine: createEngineHolder({ status: 'loading', progress: 'embed 3/10' }) });
    for (const q of [{ measure: RECEIVED }, { measure: RECEIVED, format: 'csv' }] as Record<string, string>[]) {
      const res = await loading.request(url(q));
      expect(res.status).toBe(503);
      const body = (await res.json()) as { error: { code: string; message: string } };
      expect(body.error.code).toBe('INDEX_NOT_READY');
      expect(body.error.message).toContain('embed 3/10');
    }
    // Bad input is bad input whether or not the index is ready.
    expect((await loading.request(url({ measure: 'x' }))).status).toBe(400);
    expect((await loading.request(url({ measure: RECEIVED, year: '19' }))).status).toBe(400);
  });

  it('spends the same per-client budget as chat and search: 429 RATE_LIMITED with Retry-After', async () => {
    const limited = createApp({ config: { ...config, rateLimitPerMinute: 2, trustProxy: 1 }, engine: createEngineHolder({ status: 'ready', engine }) });
    const headers = { 'x-forwarded-for': '10.1.1.9' };
    expect((await limited.request(url({ measure: RECEIVED }), { headers })).status).toBe(200);
    expect((await limited.request('/api/search?q=' + encodeURIComponent('赤峰'), { headers })).status).toBe(200);
    const refused = await limited.request(url({ measure: RECEIVED }), { headers });
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });
});

describe('statsCsv', () => {
  it('defuses a text cell a spreadsheet would run as a formula, and keeps numbers and negative figures', async () => {
    const { statsCsv } = await import('../../src/server/routes/stats.js');
    const { findMeasure } = await import('../../src/lang/zh/measures.js');
    const value = { measure: RECEIVED, value: 5, text: '5件', unit: '件', reportId: 'x', paragraph: 3, quote: '=HYPERLINK("http://evil")', section: '', from: 'prose' as const, region: '+赤峰市', year: 2019, body: '@机关', title: '-报告', source: 'x.txt', url: '/reports/x#p3' };
    const csv = statsCsv({ measure: findMeasure(RECEIVED)!, values: [value, { ...value, quote: '-3件', region: '赤峰市' }], missing: [], inScope: [] });
    const [, first, second] = csv.trim().split('\n');
    expect(first).toContain(`'=HYPERLINK`);
    expect(first).toContain(`'+赤峰市`);
    expect(first).toContain(`'@机关`);
    expect(first).toContain(`'-报告`);
    expect(second).toContain(',-3件');
  });
});
