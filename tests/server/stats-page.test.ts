/**
 * The statistics page's routes in memory (`app.request()`): the form carries the URL's state, query
 * values are escaped, Chart.js and the page script are served with long caches and only this page
 * loads them; and the page script's pure parts (rows, chart kind, links, summary) in Node.
 */
import { gunzipSync } from 'node:zlib';
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import { renderDemoPage } from '../../src/server/pages/demo.js';
import { renderReportList } from '../../src/server/pages/reports.js';
import { chartKind, chartSummary, parseStats, pointLabel, shortRegion, statsQuery, statsRows, viewerHref, type StatsResult } from '../../src/server/pages/stats-rows.js';
import { createOpenApiDocument } from '../../src/server/openapi.js';
import { renderDocsPage } from '../../src/server/pages/docs.js';
import { createStatsPageRoutes, registerStatsPagePaths } from '../../src/server/routes/stats-page.js';
import { measureList } from '../../src/stats/query.js';
import { XSS_SCRIPT } from '../widget/fixtures.js';

const app = new Hono();
app.route('/', createStatsPageRoutes());
const page = async (query = ''): Promise<string> => {
  const res = await app.request(`/stats${query}`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('text/html');
  return res.text();
};

describe('GET /stats', () => {
  it('renders the form with every standard measure, the default selected, and labels for each field', async () => {
    const html = await page();
    for (const m of measureList()) expect(html).toContain(`<option value="${m.id}"`);
    expect(html).toMatch(/<option value="依申请公开\.收到" selected>收到政府信息公开申请数（件）<\/option>/);
    for (const id of ['f-measure', 'f-region', 'f-year']) expect(html).toContain(`<label for="${id}">`);
    expect(html).toContain('<caption id="stats-caption">');
    for (const th of ['地区', '年份', '数值', '原文', '出处']) expect(html).toContain(`<th scope="col">${th}</th>`);
    expect(html).toContain('role="img"');
    expect(html).toContain('href="/api/stats?measure=%E4%BE%9D%E7%94%B3%E8%AF%B7%E5%85%AC%E5%BC%80.%E6%94%B6%E5%88%B0&amp;format=csv"');
  });

  it('keeps the URL\'s state in the form, so a view can be shared as a link', async () => {
    const html = await page(`?measure=${encodeURIComponent('主动公开.总数')}&region=${encodeURIComponent('赤峰市')}&year=2012-2016`);
    expect(html).toMatch(/<option value="主动公开\.总数" selected>/);
    expect(html).not.toMatch(/<option value="依申请公开\.收到" selected>/);
    expect(html).toContain('name="region" value="赤峰市"');
    expect(html).toContain('name="year" value="2012-2016"');
    expect(html).toContain(`/api/stats?measure=${encodeURIComponent('主动公开.总数')}&amp;region=${encodeURIComponent('赤峰市')}&amp;year=2012-2016&amp;format=csv`);
  });

  it('escapes query values and names an unknown measure instead of failing', async () => {
    const html = await page(`?measure=${encodeURIComponent(XSS_SCRIPT)}&region=${encodeURIComponent(`"><img src=x onerror=alert(1)>`)}`);
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;');
    expect(html).toContain('role="alert"');
    expect(html).toMatch(/<option value="依申请公开\.收到" selected>/);
    // The only scripts are ours: Chart.js and the page script, by versioned URL.
    expect(html.match(/<script\b[^>]*>/g)).toEqual([
      expect.stringMatching(/^<script src="\/assets\/chart\.umd\.js\?v=[0-9a-f]{12}" defer>$/),
      expect.stringMatching(/^<script src="\/assets\/stats\.js\?v=[0-9a-f]{12}" defer>$/),
    ]);
  });

  it('documents its routes for the OpenAPI document (registerStatsPagePaths)', () => {
    const doc = createOpenApiDocument([registerStatsPagePaths]);
    const documented = Object.entries(doc.paths ?? {}).flatMap(([p, item]) => Object.keys(item as object).map((m) => `${m.toUpperCase()} ${p}`));
    const routes = app.routes.filter((r) => r.method !== 'ALL').map((r) => `${r.method} ${r.path}`);
    expect(documented.sort()).toEqual([...new Set(routes)].sort());
    expect(renderDocsPage(doc)).toContain('id="get-/stats"');
  });

  it('is the only page that loads Chart.js', () => {
    expect(renderReportList([])).not.toContain('chart.umd.js');
    expect(renderDemoPage({ origin: 'http://127.0.0.1:8787' })).not.toContain('chart.umd.js');
  });
});

describe('the scripts of /stats', () => {
  it('serves Chart.js from node_modules as JavaScript with a long cache, gzip when accepted, 304 when unchanged', async () => {
    const res = await app.request('/assets/chart.umd.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const text = await res.text();
    expect(text).toContain('Chart.js v4');
    expect(text).not.toContain('sourceMappingURL');
    const zipped = await app.request('/assets/chart.umd.js', { headers: { 'Accept-Encoding': 'gzip, br' } });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    const bytes = Buffer.from(await zipped.arrayBuffer());
    expect(bytes.length).toBeLessThan(text.length / 2);
    expect(gunzipSync(bytes).toString('utf8')).toBe(text);
    const again = await app.request('/assets/chart.umd.js', { headers: { 'If-None-Match': res.headers.get('etag')! } });
    expect(again.status).toBe(304);
  });

  it('serves the page script, small and without Chart.js inside', async () => {
    const res = await app.request('/assets/stats.js');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    const text = await res.text();
    expect(text.length).toBeLessThan(12_000);
    expect(text).toContain('/api/stats?');
    expect(text).not.toContain('Chart.js v4');
    // The versions in the page are the hashes the files are served under.
    expect(await page()).toContain(`/assets/stats.js?v=${res.headers.get('etag')!.replace(/"/g, '')}`);
  });
});

const result: StatsResult = parseStats({
  measure: { id: '依申请公开.收到', name: '收到政府信息公开申请数', unit: '件' },
  measures: [],
  scope: { region: '赤峰市', year: null, body: null },
  values: [
    { reportId: 'r2013', title: '赤峰市2013年政府信息公开工作年度报告', region: '赤峰市', year: 2013, body: null, value: 12, text: '12件', unit: '件', paragraph: 9, quote: '全年受理依申请公开12件。', url: '/reports/r2013#p9' },
    { reportId: 'r2012', title: '赤峰市2012年政府信息公开工作年度报告', region: '赤峰市', year: 2012, body: null, value: 8, text: '8件', unit: '件', paragraph: 26, page: 3, quote: '全年受理依申请公开8件。', url: '/reports/r2012#p26' },
    { reportId: 'bad', value: 'eight' },
  ],
  missing: [{ reportId: 'r2014', title: '赤峰市2014年政府信息公开工作年度报告', region: '赤峰市', year: 2014 }, { nope: true }],
})!;

describe('the page script, in Node', () => {
  it('merges stated values and silent reports by year; a silent report is null, never 0', () => {
    const rows = statsRows(result);
    expect(rows.map((r) => [r.year, r.value])).toEqual([[2012, 8], [2013, 12], [2014, null]]);
    expect(rows[0]!.href).toBe(`/reports/r2012?hl=${encodeURIComponent('8件')}#p26`);
    expect(rows[0]!.where).toBe('第 3 页 第 26 段');
    expect(rows[2]!.href).toBe('/reports/r2014');
  });

  it('draws a line for one region over several years and bars across regions', () => {
    const rows = statsRows(result);
    expect(chartKind(rows)).toBe('line');
    expect(pointLabel(rows[0]!, 'line')).toBe('2012年');
    const across = statsRows({ ...result, values: [...result.values, { ...result.values[0]!, reportId: 'k', region: '开封市祥符区', year: 2018 }] });
    expect(chartKind(across)).toBe('bar');
    expect(pointLabel(across.find((r) => r.reportId === 'k')!, 'bar')).toBe('开封市祥符区 2018');
    // The province adds width, not information, to a chart label; a 直辖市 or a bare name stays.
    expect(shortRegion('内蒙古自治区赤峰市红山区')).toBe('赤峰市红山区');
    expect(shortRegion('河南省开封市祥符区')).toBe('开封市祥符区');
    expect(shortRegion('北京市朝阳区')).toBe('北京市朝阳区');
    expect(shortRegion('湖南省')).toBe('湖南省');
  });

  it('summarises the chart for screen readers, naming the silent reports', () => {
    expect(chartSummary(result, statsRows(result), 'line')).toBe('收到政府信息公开申请数，赤峰市各年份折线图：2012年 8件，2013年 12件；另有 1 份报告未说明。详细数据与出处见下表。');
  });

  it('builds API and viewer links that keep data out of markup', () => {
    expect(statsQuery({ measure: '依申请公开.收到', region: ' 赤峰市 ', year: '' }, true)).toBe(`/api/stats?measure=${encodeURIComponent('依申请公开.收到')}&region=${encodeURIComponent('赤峰市')}&format=csv`);
    expect(viewerHref('a/b', 3, '<b>')).toBe('/reports/a%2Fb?hl=%3Cb%3E#p3');
    expect(viewerHref('a', 3, 'x'.repeat(40))).toBe('/reports/a#p3');
    expect(parseStats({ error: { code: 'INVALID_REQUEST' } })).toBeNull();
  });
});
