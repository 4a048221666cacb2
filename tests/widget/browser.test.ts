/**
 * The widget in a real browser (Chromium via playwright-core) against the fake API: streaming,
 * chips and the citation card, XSS, refusals, retry, abort on close, keyboard use, 360 px layout,
 * the report viewer's #p26 and the cross-origin allow-list. Skipped when Chromium is not installed
 * (`apt-get install -y --no-install-recommends chromium fonts-wqy-microhei`). Screenshots go to
 * test-output/widget/.
 */
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingSite, startFakeApi, FAKE_SUGGESTIONS, type FakeApiState, type RunningServer } from '../fakes/fake-api.js';

const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-output/widget';
const PHONE = { width: 360, height: 740 };

describe.skipIf(!existsSync(CHROMIUM))('widget in Chromium', () => {
  let browser: Browser;
  let api: RunningServer & { state: FakeApiState };
  const servers: RunningServer[] = [];

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    api = await startFakeApi({ deltaDelayMs: 40 });
    servers.push(api);
    browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  });

  afterAll(async () => {
    await browser?.close();
    await Promise.all(servers.map((s) => s.close()));
  });

  async function open(url: string, viewport = PHONE): Promise<Page> {
    const page = await (await browser.newContext({ viewport })).newPage();
    await page.goto(url);
    return page;
  }

  async function openWidget(url = `${api.url}/`, shot?: string): Promise<Page> {
    const page = await open(url);
    if (shot) await page.screenshot({ path: `${SHOTS}/${shot}` });
    await page.getByRole('button', { name: '打开年报问答' }).click();
    await page.locator('.panel').waitFor();
    return page;
  }

  /** The id of the focused element inside the widget's shadow root. */
  const focusedId = (page: Page) => page.evaluate(() => document.querySelector('nianbao-chat')?.shadowRoot?.activeElement?.id ?? '');
  const focusedText = (page: Page) => page.evaluate(() => document.querySelector('nianbao-chat')?.shadowRoot?.activeElement?.textContent ?? '');

  async function ask(page: Page, question: string): Promise<void> {
    await page.locator('textarea').fill(question);
    await page.locator('textarea').press('Enter');
  }

  it('opens from the launcher with server suggestions, focus in the input, and fits 360 px', async () => {
    const page = await openWidget(`${api.url}/`, 'demo-360.png');
    await expect.poll(() => page.locator('.suggestion').allTextContents()).toEqual(FAKE_SUGGESTIONS);
    expect(await focusedId(page)).toBe('nb-input');
    expect(await page.getByRole('button', { name: '打开年报问答' }).getAttribute('aria-expanded')).toBe('true');
    expect(await page.locator('textarea').getAttribute('placeholder')).toBe('请输入您的问题，例如：赤峰2012年依申请公开多少件');
    const box = (await page.locator('.panel').boundingBox())!;
    expect(box.x).toBeGreaterThanOrEqual(0);
    expect(box.x + box.width).toBeLessThanOrEqual(PHONE.width);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/open-360.png` });
  });

  it('streams the answer, then shows the authoritative one with chips that open the cited passage', async () => {
    const page = await openWidget();
    await ask(page, '赤峰2012年依申请公开多少件');
    // While streaming: a hidden-from-screen-readers bubble with the text so far.
    await page.locator('.msg.bot[aria-hidden="true"] .answer-text').first().waitFor();
    await page.locator('.sources').waitFor();
    const answer = page.locator('.msg.bot').last();
    expect(await answer.locator('.answer-text').textContent()).toBe('根据赤峰市2012年政府信息公开工作年度报告，全年受理依申请公开8件1，其中网上申请3件、当面申请5件1。同年全市主动公开政府信息12万条2。');
    expect(await answer.locator('.source').count()).toBe(2); // pruned from the 3 streamed citations
    expect(await page.getByRole('status').textContent()).toBe('回答已生成');

    await answer.locator('button.chip').last().click();
    const card = page.locator('.detail');
    await card.waitFor();
    expect(await card.locator('mark').textContent()).toBe('2012年，全市共主动公开政府信息12万条，其中盟市本级公开信息7059条。');
    expect(await card.textContent()).toContain('第 6 段');
    expect(await card.textContent()).toContain('二、主动公开政府信息情况 > （一）公开情况');
    expect(await card.locator('a.report-link').getAttribute('href')).toBe(`${api.url}/reports/004_fake_chifeng#p6`);
    expect(await focusedId(page)).toBe('nb-detail-title');
    await page.screenshot({ path: `${SHOTS}/citation-360.png` });

    await page.keyboard.press('Escape');
    await card.waitFor({ state: 'hidden' });
    expect(await focusedText(page)).toBe('2'); // back on the chip that opened it
    await page.screenshot({ path: `${SHOTS}/answer-360.png` });
  });

  it('renders markup in answers, titles and quotes as text (no script runs, no img is created)', async () => {
    const page = await openWidget();
    await ask(page, '这段代码是什么');
    await page.locator('.sources').waitFor();
    await page.locator('button.chip').first().click();
    const mark = page.locator('.detail mark');
    expect(await mark.textContent()).toContain('<script>window.__xss=1</script>');
    expect(await mark.textContent()).toContain('<img src=x onerror="window.__xss=2">');
    await page.getByRole('button', { name: '返回' }).click();
    await page.locator('button.chip').nth(1).click();
    expect(await page.locator('.detail h3').textContent()).toBe('<img src=x onerror="window.__xss=2">标题');
    // The server sent url "javascript:…": the link is rebuilt on the endpoint instead.
    expect(await page.locator('.detail a.report-link').getAttribute('href')).toBe(`${api.url}/reports/004_fake_chifeng#p27`);
    await page.waitForTimeout(300);
    const counts = await page.evaluate(() => {
      const root = document.querySelector('nianbao-chat')!.shadowRoot!;
      return { img: root.querySelectorAll('img').length, script: root.querySelectorAll('script').length, xss: (window as { __xss?: unknown }).__xss ?? null };
    });
    expect(counts).toEqual({ img: 0, script: 0, xss: null });
  });

  it('shows a refusal as a refusal', async () => {
    const page = await openWidget();
    await ask(page, '北京市2019年依申请公开多少件');
    const refusal = page.locator('.msg.refused');
    await refusal.waitFor();
    expect(await refusal.locator('.refused-label').textContent()).toBe('无法从年报中找到答案');
    expect(await refusal.evaluate((e) => getComputedStyle(e).borderLeftColor)).toBe('rgb(217, 119, 6)');
    await page.screenshot({ path: `${SHOTS}/refusal-360.png` });
  });

  it('retries once by itself after a dropped connection, then offers 重试 which succeeds', async () => {
    const page = await openWidget();
    const before = api.state.chatRequests;
    api.state.networkDown = true;
    try {
      await ask(page, '赤峰2012年依申请公开多少件');
      await page.locator('.log .pending', { hasText: '网络连接失败，正在重试…' }).waitFor(); // the automatic retry, shown
      const error = page.locator('.msg.error');
      await error.waitFor();
      expect(await error.textContent()).toContain('网络连接失败，请检查网络后重试。');
      expect(api.state.chatRequests - before).toBeGreaterThanOrEqual(2);
      await page.screenshot({ path: `${SHOTS}/network-error-360.png` });
    } finally {
      api.state.networkDown = false;
    }
    await page.locator('.msg.error').getByRole('button', { name: '重试' }).click();
    await page.locator('.sources').waitFor();
    expect(await page.locator('.msg.error').count()).toBe(0);
    expect(await page.locator('.msg.user').count()).toBe(1); // the question is not repeated
  });

  it('works from the keyboard and aborts the stream when Esc closes the panel mid-answer', async () => {
    const page = await open(`${api.url}/`);
    const launcher = page.getByRole('button', { name: '打开年报问答' });
    await launcher.focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('nb-input');
    const abortedBefore = api.state.aborted;
    await page.keyboard.type('慢慢回答');
    await page.keyboard.press('Enter');
    await page.locator('.msg.bot[aria-hidden="true"] .answer-text').waitFor();
    expect(await page.locator('button.send').textContent()).toBe('停止');
    await page.keyboard.press('Escape');
    await page.locator('.panel').waitFor({ state: 'hidden' });
    expect(await launcher.getAttribute('aria-expanded')).toBe('false');
    expect(await page.evaluate(() => document.querySelector('nianbao-chat')?.shadowRoot?.activeElement?.className)).toBe('launcher');
    await expect.poll(() => api.state.aborted).toBe(abortedBefore + 1);
    await page.keyboard.press('Enter');
    expect(await page.locator('.stopped-note').textContent()).toBe('已停止生成。');
    expect(await page.locator('button.send').textContent()).toBe('发送');
  });

  it('anchors the floating panel above the launcher on a desktop screen', async () => {
    const page = await open(`${api.url}/`, { width: 1280, height: 800 });
    await page.getByRole('button', { name: '打开年报问答' }).click();
    const panel = (await page.locator('.panel').boundingBox())!;
    const launcher = (await page.locator('.launcher').boundingBox())!;
    expect(panel.width).toBe(400);
    expect(panel.x + panel.width).toBeLessThanOrEqual(1280 - 16);
    expect(panel.y + panel.height).toBeLessThanOrEqual(launcher.y);
    await ask(page, '赤峰2012年依申请公开多少件');
    await page.locator('.sources').waitFor();
    await page.screenshot({ path: `${SHOTS}/desktop-1280.png` });
  });

  it('places the chat inline with <nianbao-chat>, without a launcher', async () => {
    const page = await open(`${api.url}/inline`, { width: 800, height: 900 });
    await page.locator('.panel').waitFor();
    expect(await page.locator('.launcher').count()).toBe(0);
    await expect.poll(() => page.locator('.suggestion').count()).toBe(FAKE_SUGGESTIONS.length);
    await page.locator('.suggestion').first().click();
    await page.locator('.sources').waitFor();
    await page.screenshot({ path: `${SHOTS}/inline-800.png` });
  });

  it('scrolls the report viewer to #p26, highlights it, and shows report markup as text', async () => {
    const page = await open(`${api.url}/reports/004_fake_chifeng#p26`);
    const target = page.locator('#p26');
    await page.waitForTimeout(800); // smooth scroll
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('p26');
    expect(await target.evaluate((e) => getComputedStyle(e).backgroundColor)).toMatch(/^rgb\(25[0-9], 2[0-9]{2}, 1[0-9]{2}\)$/);
    const box = (await target.boundingBox())!;
    expect(box.y).toBeGreaterThanOrEqual(0);
    expect(box.y + box.height).toBeLessThanOrEqual(PHONE.height);
    expect(await page.locator('#p27').textContent()).toContain('<script>window.__xss=1</script>');
    expect(await page.evaluate(() => (window as { __xss?: unknown }).__xss ?? null)).toBeNull();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await page.screenshot({ path: `${SHOTS}/report-p26-360.png` });
    await page.locator('#p13').scrollIntoViewIfNeeded();
    await page.screenshot({ path: `${SHOTS}/report-table-360.png` });
  });

  describe('on a second origin', () => {
    it('works by default from another localhost port', async () => {
      const site = await startEmbeddingSite();
      servers.push(site);
      const page = await openWidget(`${site.url}/?api=${encodeURIComponent(api.url)}`);
      await ask(page, '赤峰2012年依申请公开多少件');
      await page.locator('.sources').waitFor();
    });

    it('is refused when localhost is not allowed and the origin is not listed', async () => {
      const site = await startEmbeddingSite();
      const strict = await startFakeApi({ allowLocalhost: false });
      servers.push(site, strict);
      const page = await openWidget(`${site.url}/?api=${encodeURIComponent(strict.url)}`);
      const notice = page.locator('.msg.error');
      await notice.waitFor();
      expect(await notice.textContent()).toBe('此网站未获授权使用年报问答服务。');
      expect(await notice.getAttribute('data-code')).toBe('ORIGIN_NOT_ALLOWED');
      expect(await page.locator('textarea').isDisabled()).toBe(true);
      expect(strict.state.chatRequests).toBe(0);
      await page.screenshot({ path: `${SHOTS}/origin-refused-360.png` });
    });

    it('works when the origin is listed in WIDGET_ORIGINS', async () => {
      const site = await startEmbeddingSite();
      const listed = await startFakeApi({ allowLocalhost: false, allowedOrigins: [site.url] });
      servers.push(site, listed);
      const page = await openWidget(`${site.url}/?api=${encodeURIComponent(listed.url)}`);
      await expect.poll(() => page.locator('.suggestion').count()).toBe(FAKE_SUGGESTIONS.length);
      await ask(page, '赤峰2012年依申请公开多少件');
      await page.locator('.sources').waitFor();
      expect(listed.state.chatRequests).toBe(1);
    });
  });
});
