/**
 * Cross-report statistics in Chromium against the real server (`createApp` with the stats routes) over
 * the synthetic corpus of tests/stats/synthetic.ts (赤峰市 2012–2020 and its 旗县区, figures known in
 * advance, some reports silent on a measure): the `/stats` page draws its Chart.js chart and the table
 * whose rows (and chart points) lead to the cited paragraphs, and the widget draws its small chart
 * under a comparison answer, at 360 px and 1280 px. Skipped without Chromium, like the other browser
 * tests. Screenshots go to test-output/widget/stats-*.png.
 */
import { mkdirSync } from 'node:fs';
import { mkdtemp } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { createEngine } from '../../src/engine.js';
import { buildIndex } from '../../src/index/index.js';
import { createApp } from '../../src/server/app.js';
import { createStatsPageRoutes } from '../../src/server/routes/stats-page.js';
import { createEngineHolder } from '../../src/server/state.js';
import { buildWidget } from '../../src/widget/build.js';
import { listen, type RunningServer } from '../fakes/fake-api.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { CHROMIUM, currentBrowserRule } from '../helpers/browser.js';
import { ROOT } from '../helpers/corpus.js';
import { parseSynthetic, syntheticReports } from '../stats/synthetic.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-output/widget';
const PHONE = { width: 360, height: 740 };
const DESKTOP = { width: 1280, height: 800 };
const MEASURE = '依申请公开.收到';
const SYNTHETIC = syntheticReports();

interface ApiStats {
  values: { reportId: string; value: number; text: string; paragraph: number }[];
  missing: { reportId: string }[];
}

describe.skipIf(!currentBrowserRule().run)('cross-report statistics in Chromium', () => {
  let browser: Browser;
  let server: RunningServer;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-stats-browser-'));
    const config = loadConfig({ root: ROOT, indexDir: dir, rateLimitPerMinute: 10_000 }, {});
    const embedder = createHashEmbedder();
    const { index } = await buildIndex({ reports: SYNTHETIC.map(parseSynthetic), embedder, config, dir });
    const widget = buildWidget().then((w) => w.code);
    const app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine: createEngine(config, index, embedder) }), widget: () => widget });
    // Until src/server/app.ts mounts the page itself.
    if (!app.routes.some((r) => r.path === '/stats')) app.route('/', createStatsPageRoutes());
    server = await listen(app);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(url: string, viewport: { width: number; height: number }): Promise<Page> {
    // Reduced motion: the chart is drawn at once, so screenshots and pixel positions are final.
    const page = await (await browser.newContext({ viewport, reducedMotion: 'reduce' })).newPage();
    await page.goto(url);
    return page;
  }

  const api = async (query: string): Promise<ApiStats> => (await (await fetch(`${server.url}/api/stats?${query}`)).json()) as ApiStats;
  const noHorizontalOverflow = async (page: Page, width: number) => expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);

  /** Opens /stats with `query` and waits for the table; checks it against the API and the known figures. */
  async function openStats(query: string, viewport: { width: number; height: number }): Promise<Page> {
    const page = await open(`${server.url}/stats?${query}`, viewport);
    await page.locator('#stats-table tbody tr').first().waitFor();
    const expected = await api(query);
    const rows = page.locator('#stats-table tbody tr');
    expect(await rows.count()).toBe(expected.values.length + expected.missing.length);
    // Every stated figure is the one the synthetic report was written with, linked to its paragraph.
    for (const v of expected.values) {
      const known = SYNTHETIC.find((s) => s.id === v.reportId)!.figures[MEASURE];
      expect(v.value).toBe(known?.value);
      const link = page.locator(`#stats-table a[href^="/reports/${v.reportId}?"]`);
      expect(await link.getAttribute('href')).toBe(`/reports/${v.reportId}?hl=${encodeURIComponent(v.text)}#p${v.paragraph}`);
    }
    // A report that does not state the measure is a row saying so, never a 0.
    for (const m of expected.missing) {
      const row = page.locator('#stats-table tbody tr', { has: page.locator(`a[href="/reports/${m.reportId}"]`) });
      expect(await row.locator('td').nth(1).textContent()).toBe('未说明');
    }
    const canvas = (await page.locator('#stats-chart').boundingBox())!;
    expect(canvas.width).toBeGreaterThan(200);
    expect(canvas.height).toBeGreaterThan(150);
    expect(await page.locator('#stats-chart').getAttribute('aria-label')).toContain('详细数据与出处见下表');
    return page;
  }

  for (const viewport of [PHONE, DESKTOP]) {
    it(`/stats at ${viewport.width} px: one region over the years as a line, a silent year marked 未说明`, async () => {
      const query = `measure=${encodeURIComponent(MEASURE)}&region=${encodeURIComponent('宁城县')}`;
      const page = await openStats(query, viewport);
      expect(await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): { config: { type: string } } } }).Chart.getChart('stats-chart').config.type)).toBe('line');
      expect(await page.locator('#stats-table tbody tr.silent').count()).toBe(1); // 宁城县 2017 writes 未收到 without a figure
      expect(await page.locator('#stats-table caption').textContent()).toContain('5 份报告，其中 4 份说明了该指标');
      expect(await page.locator('#f-region').inputValue()).toBe('宁城县');
      await noHorizontalOverflow(page, viewport.width);
      await page.screenshot({ path: `${SHOTS}/stats-line-${viewport.width}.png`, fullPage: true });
    });

    it(`/stats at ${viewport.width} px: one year across regions as bars`, async () => {
      const page = await openStats(`measure=${encodeURIComponent(MEASURE)}&year=2019`, viewport);
      expect(await page.evaluate(() => (window as unknown as { Chart: { getChart(id: string): { config: { type: string } } } }).Chart.getChart('stats-chart').config.type)).toBe('bar');
      await noHorizontalOverflow(page, viewport.width);
      await page.screenshot({ path: `${SHOTS}/stats-bar-${viewport.width}.png`, fullPage: true });
    });
  }

  it('/stats: clicking a chart point opens its paragraph in the report viewer with the figure marked', async () => {
    const page = await openStats(`measure=${encodeURIComponent(MEASURE)}&region=${encodeURIComponent('红山区')}`, DESKTOP);
    const point = await page.evaluate(() => {
      const chart = (window as unknown as { Chart: { getChart(id: string): { getDatasetMeta(i: number): { data: { x: number; y: number }[] } } } }).Chart.getChart('stats-chart');
      const { x, y } = chart.getDatasetMeta(0).data[0]!;
      return { x, y };
    });
    const box = (await page.locator('#stats-chart').boundingBox())!;
    const href = (await page.locator('#stats-table tbody tr').first().locator('a').getAttribute('href'))!;
    await page.mouse.click(box.x + point.x, box.y + point.y);
    await page.waitForURL((url) => url.pathname.startsWith('/reports/'));
    expect(page.url()).toBe(`${server.url}${href}`);
    await page.waitForTimeout(300);
    const id = href.split('#')[1]!;
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(id);
    expect(await page.locator(`#${id} mark.hit`).count()).toBeGreaterThan(0);
  });

  /** Asks on the demo page and waits for the final answer bubble. */
  async function ask(page: Page, question: string) {
    await page.getByRole('button', { name: '打开年报问答' }).click();
    await page.locator('textarea').fill(question);
    await page.locator('textarea').press('Enter');
    await expect.poll(() => page.locator('button.send').textContent(), { timeout: 30_000 }).toBe('发送');
    return page.locator('.msg.bot').last();
  }

  const questions = [
    { kind: 'line', question: '赤峰市2012到2018年依申请公开的变化', mark: 'circle' },
    { kind: 'bar', question: '2019年哪个地区依申请公开最多', mark: 'rect' },
  ] as const;
  for (const viewport of [PHONE, DESKTOP]) {
    for (const { kind, question, mark } of questions) {
      it(`widget at ${viewport.width} px: a comparison answer carries a ${kind} chart whose ${mark}s open their citations`, async () => {
        const page = await open(`${server.url}/`, viewport);
        const answer = await ask(page, question);
        const chart = answer.locator('figure.chart');
        await chart.waitFor();
        expect(await chart.getAttribute('data-kind')).toBe(kind);
        const marks = chart.locator(`svg .chart-mark`);
        const hits = chart.locator('button.chart-hit');
        const count = await marks.count();
        expect(count).toBeGreaterThan(1);
        expect(await hits.count()).toBe(count);
        expect(await chart.locator('svg').getAttribute('role')).toBe('img');
        expect(await chart.locator('svg').getAttribute('aria-label')).toContain(kind === 'line' ? '折线图' : '柱状图');
        // Every bar or point is drawn, visible and inside the panel.
        const panel = (await page.locator('.panel').boundingBox())!;
        await chart.scrollIntoViewIfNeeded();
        for (let i = 0; i < count; i++) {
          const box = (await marks.nth(i).boundingBox())!;
          // Bars lie across (a stated 0 is a sliver, not nothing); points are dots.
          expect(box.width).toBeGreaterThan(kind === 'line' ? 4 : 1);
          expect(box.height).toBeGreaterThan(kind === 'line' ? 4 : 8);
          expect(box.x).toBeGreaterThanOrEqual(panel.x);
          expect(box.x + box.width).toBeLessThanOrEqual(panel.x + panel.width);
        }
        const svg = (await chart.locator('svg').boundingBox())!;
        expect(svg.x + svg.width).toBeLessThanOrEqual(panel.x + panel.width);
        if (viewport === PHONE) await noHorizontalOverflow(page, viewport.width);
        await page.screenshot({ path: `${SHOTS}/stats-widget-${kind}-${viewport.width}.png` });

        // The first bar or point opens the card of its citation, like a chip.
        const label = (await hits.first().getAttribute('aria-label'))!;
        const n = Number(label.match(/查看引用 (\d+)$/)![1]);
        await hits.first().click();
        await page.locator('.detail').waitFor();
        expect(await page.locator('.detail-label').textContent()).toBe(`引用 ${n}`);
        const value = label.split('：')[1]!.split('，')[0]!.replace(/[^\d.]/g, '');
        expect(await page.locator('.detail .quote').textContent()).toContain(value);
        if (kind === 'line') await page.screenshot({ path: `${SHOTS}/stats-widget-citation-${viewport.width}.png` });
      });
    }
  }
});
