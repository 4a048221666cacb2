/**
 * End to end in Chromium against the real server (`createApp` over the seed corpus, hash embedder):
 * the demo page's widget answers the headline question, its chip opens the real cited paragraph,
 * the link lands on that paragraph highlighted in the report viewer, refusals render as refusals,
 * and a page on a second origin is refused unless listed in WIDGET_ORIGINS. Skipped without Chromium.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, currentBrowserRule } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import type { Answer } from '../../src/types.js';
import { buildWidget } from '../../src/widget/build.js';
import { listen, startEmbeddingSite, type RunningServer } from '../fakes/fake-api.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-output/widget';
const PHONE = { width: 360, height: 740 };

describe.skipIf(!currentBrowserRule().run)('widget end to end against the real server', () => {
  let browser: Browser;
  let config: Config;
  let engine: Engine;
  let server: RunningServer;
  const servers: RunningServer[] = [];
  const widget = buildWidget().then((w) => w.code);

  /** Starts the real app; `allowLocalhost: false` turns the localhost default off for origin tests. */
  async function startServer(overrides: Partial<Config> = {}, allowLocalhost = true): Promise<RunningServer> {
    const app = createApp({ config: { ...config, widgetAllowLocalhost: allowLocalhost, ...overrides }, engine: createEngineHolder({ status: 'ready', engine }), widget: () => widget });
    const running = await listen(app);
    servers.push(running);
    return running;
  }

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    ({ config, engine } = await testEngine());
    server = await startServer();
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function openWidget(url: string): Promise<Page> {
    const page = await (await browser.newContext({ viewport: PHONE })).newPage();
    await page.goto(url);
    await page.getByRole('button', { name: '打开年报问答' }).click();
    await page.locator('.panel').waitFor();
    return page;
  }

  /** Asks and waits for the final (not streaming) answer bubble. */
  async function ask(page: Page, question: string) {
    await page.locator('textarea').fill(question);
    await page.locator('textarea').press('Enter');
    await expect.poll(() => page.locator('button.send').textContent(), { timeout: 30_000 }).toBe('发送');
    return page.locator('.msg.bot').last();
  }

  it('answers the headline question on the demo page and the chip leads to the highlighted paragraph', async () => {
    const page = await openWidget(`${server.url}/`);
    await expect.poll(() => page.locator('.suggestion').count()).toBeGreaterThan(0);
    const answer = await ask(page, '赤峰2012年依申请公开多少件');
    expect(await answer.locator('.answer-text').textContent()).toContain('8件');
    expect(await answer.getAttribute('data-refused')).toBeNull();
    await page.screenshot({ path: `${SHOTS}/e2e-answer-360.png` });

    await answer.locator('button.chip').first().click();
    const card = page.locator('.detail');
    const citedQuote = (await card.locator('mark').textContent())!;
    expect(citedQuote).toContain('全年受理依申请公开8件');
    expect(await card.textContent()).toContain('三、依申请公开办理情况');
    const href = (await card.locator('a.report-link').getAttribute('href'))!;
    // The answer leads with 8件: the card emphasises it in the quote and the link asks the viewer to mark it.
    expect(await card.locator('.quote strong.hit').allTextContents()).toEqual(['8件']);
    expect(href).toMatch(new RegExp(`^${server.url}/reports/${SEED_IDS.chifeng}\\?hl=${encodeURIComponent('8件')}#p\\d+$`));
    await page.screenshot({ path: `${SHOTS}/e2e-citation-360.png` });

    await page.goto(href);
    await page.waitForTimeout(800); // smooth scroll
    const id = href.split('#')[1]!;
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe(id);
    // The landed, highlighted paragraph is the one that holds the cited fact.
    const target = page.locator(`#${id}`);
    const landed = (await target.textContent())!.replace(/^\d+/, '');
    expect(citedQuote).toContain(landed);
    expect(landed).toContain('全年受理依申请公开8件');
    expect(await target.locator('mark.hit').allTextContents()).toEqual(['8件']);
    for (const locator of [target, page.locator('.para', { hasText: '全年受理依申请公开8件' })]) {
      const box = (await locator.boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(0);
      expect(box.y).toBeLessThan(PHONE.height);
    }
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/e2e-report-target-360.png` });
  });

  it('renders the server\'s refusal flag as a refusal', async () => {
    const question = '绥芬河住建局2020年依申请公开多少件？';
    const expected = (await (await fetch(`${server.url}/api/chat`, {
      method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question }),
    })).json()) as Answer;
    const page = await openWidget(`${server.url}/`);
    const answer = await ask(page, question);
    expect(await answer.getAttribute('data-refused')).toBe(expected.refused ? '' : null);
    expect(await answer.locator('.refused-label').count()).toBe(expected.refused ? 1 : 0);
    await page.screenshot({ path: `${SHOTS}/e2e-refusal-360.png` });
  });

  it('refuses a page on a second origin unless it is listed in WIDGET_ORIGINS', async () => {
    const site = await startEmbeddingSite();
    servers.push(site);
    const strict = await startServer({ widgetOrigins: '' }, false);
    const refused = await openWidget(`${site.url}/?api=${encodeURIComponent(strict.url)}`);
    await refused.locator('.msg.error[data-code="ORIGIN_NOT_ALLOWED"]').waitFor();
    expect(await refused.locator('textarea').isDisabled()).toBe(true);

    const listed = await startServer({ widgetOrigins: `https://other.example,${site.url}` }, false);
    const allowed = await openWidget(`${site.url}/?api=${encodeURIComponent(listed.url)}`);
    const answer = await ask(allowed, '赤峰2012年依申请公开多少件');
    expect(await answer.locator('.answer-text').textContent()).toContain('8件');
  });
});
