/**
 * The widget in a real browser (Chromium via playwright-core) against the fake API: streaming,
 * chips and the citation card, XSS, refusals, retry, abort on close, keyboard use, 360 px layout,
 * the focus trap and Esc of the full-screen panel, the citation link kept clear of the input bar,
 * the answer figure emphasised in the card and the viewer (`?hl=`), one font for Han and digits,
 * the report viewer's #p26 and the cross-origin allow-list. Skipped when Chromium is not installed
 * (`apt-get install -y --no-install-recommends chromium fonts-wqy-microhei`). Screenshots go to
 * test-output/widget/.
 */
import { mkdirSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import { CHROMIUM, currentBrowserRule } from '../helpers/browser.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddingSite, startFakeApi, FAKE_SUGGESTIONS, type FakeApiState, type RunningServer } from '../fakes/fake-api.js';
import { citationOf, REPORT_A, XSS_SCRIPT } from './fixtures.js';

const ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-quic', '--no-first-run', '--disable-component-update', '--disable-sync'];
const SHOTS = 'test-output/widget';
const PHONE = { width: 360, height: 740 };

describe.skipIf(!currentBrowserRule().run)('widget in Chromium', () => {
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
    // The answer's figure for [2] (12万条) is emphasised in the quote and travels to the viewer as ?hl=.
    expect(await card.locator('.quote strong.hit').allTextContents()).toEqual(['12万条']);
    expect(await card.locator('a.report-link').getAttribute('href')).toBe(`${api.url}/reports/004_fake_chifeng?hl=${encodeURIComponent('12万条')}#p6`);
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

  /** Where focus is: `launcher`, `panel:<class>` for an element inside the panel, or `page:<tag>` outside the widget. */
  const focusWhere = (page: Page) => page.evaluate(() => {
    const host = document.querySelector('nianbao-chat[mode="floating"]');
    if (document.activeElement !== host) return `page:${document.activeElement?.tagName.toLowerCase()}`;
    const active = host!.shadowRoot!.activeElement as HTMLElement | null;
    if (!active) return 'none';
    if (active.classList.contains('launcher')) return 'launcher';
    return active.closest('.panel') ? `panel:${active.className || active.tagName.toLowerCase()}` : `widget:${active.className}`;
  });

  /** Opens the floating panel from the keyboard (launcher, Enter) and waits for the suggestions. */
  async function openByKeyboard(viewport: { width: number; height: number }): Promise<Page> {
    const page = await open(`${api.url}/`, viewport);
    await page.getByRole('button', { name: '打开年报问答' }).focus();
    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('nb-input');
    await expect.poll(() => page.locator('.suggestion').count()).toBe(FAKE_SUGGESTIONS.length);
    return page;
  }

  it('is a modal dialog on a phone: Tab and Shift+Tab cycle inside the full-screen panel', async () => {
    const page = await openByKeyboard(PHONE);
    const panel = page.locator('.panel');
    expect(await panel.getAttribute('role')).toBe('dialog');
    expect(await panel.getAttribute('aria-modal')).toBe('true');
    expect(await panel.getAttribute('aria-label')).toBe('年报问答窗口');
    // The last tabbable element is 发送; Tab from it returns to the first, 关闭.
    await page.locator('button.send').focus();
    await page.keyboard.press('Tab');
    expect(await focusWhere(page)).toBe('panel:close');
    await page.keyboard.press('Shift+Tab');
    expect(await focusWhere(page)).toBe('panel:send');
    // A full round in either direction never leaves the panel for the page hidden behind it.
    const seen = new Set<string>();
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Tab');
      seen.add(await focusWhere(page));
    }
    for (let i = 0; i < 10; i++) {
      await page.keyboard.press('Shift+Tab');
      seen.add(await focusWhere(page));
    }
    expect([...seen].filter((w) => !w.startsWith('panel:'))).toEqual([]);
    expect(seen).toContain('panel:suggestion');
    await page.locator('button.send').focus();
    await page.keyboard.press('Tab');
    await page.screenshot({ path: `${SHOTS}/focus-trap-360.png` });
  });

  it('is not modal on a desktop screen: no aria-modal, Tab may leave the panel', async () => {
    const page = await openByKeyboard({ width: 1280, height: 800 });
    expect(await page.locator('.panel').getAttribute('aria-modal')).toBeNull();
    await page.locator('button.send').focus();
    await page.keyboard.press('Tab');
    expect(await focusWhere(page)).toBe('launcher');
  });

  it('closes on Esc from anywhere in the panel (a card first) and returns focus to the launcher', async () => {
    const page = await openByKeyboard(PHONE);
    const panelHost = page.locator('#nb-panel');
    // Focus on nothing focusable: a click on the title text.
    await page.locator('.panel .title').click();
    await page.keyboard.press('Escape');
    await expect.poll(() => panelHost.evaluate((e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await focusWhere(page)).toBe('launcher');
    expect(await page.getByRole('button', { name: '打开年报问答' }).getAttribute('aria-expanded')).toBe('false');

    await page.keyboard.press('Enter');
    await expect.poll(() => focusedId(page)).toBe('nb-input');
    await ask(page, '赤峰2012年依申请公开多少件');
    await page.locator('.sources').waitFor();
    await page.locator('.msg.bot').last().locator('button.chip').first().click();
    await page.locator('.detail a.report-link').focus();
    await page.keyboard.press('Escape'); // closes the card, back on the chip
    await page.locator('.detail').waitFor({ state: 'hidden' });
    expect(await focusWhere(page)).toBe('panel:chip');
    await page.keyboard.press('Escape'); // closes the panel
    await expect.poll(() => panelHost.evaluate((e) => (e as HTMLElement).hidden)).toBe(true);
    expect(await focusWhere(page)).toBe('launcher');
    expect(await page.locator('.panel').getAttribute('aria-modal')).toBeNull();
  });

  /** A citation with a paragraph as long as real reports have (the 赤峰 report's paragraph 26). */
  const LONG_QUOTE = '三、依申请公开办理情况\n2012年,我市进一步健全政府信息公开申请受理机制,制定依申请公开工作程序,明确受理、审查、处理、答复等各个环节的具体要求,保障申请人的合法权益。全年受理依申请公开8件,其中,现场书面申请2件,信函申请3件,其他形式申请3件。已全部办结,全部为同意公开。申请信息的内容主要涉及住房保障、环境保护、低保、医疗保险、国有企业职教幼教退休教师待遇、征地补偿安置等。';

  for (const viewport of [{ width: 1280, height: 800 }, { width: 1280, height: 720 }, PHONE]) {
    it(`shows the whole 查看原文 link above the input bar at ${viewport.width}×${viewport.height}, even under a long quote`, async () => {
      const page = await open(`${api.url}/`, viewport);
      const citation = { ...citationOf(REPORT_A, 26, 1), quote: LONG_QUOTE };
      // The server answers this one question with the real report's long paragraph (JSON, as a proxy that drops SSE would).
      await page.route('**/api/chat', (route) => route.fulfill({
        status: 200,
        contentType: 'application/json',
        headers: { 'Access-Control-Allow-Origin': '*' },
        body: JSON.stringify({ answer: '8件。全年受理依申请公开8件。[1]', citations: [citation], refused: false, grounded: true }),
      }));
      await page.getByRole('button', { name: '打开年报问答' }).click();
      await ask(page, '赤峰2012年依申请公开多少件');
      await page.locator('.sources').waitFor();
      await page.locator('.msg.bot').last().locator('button.chip').first().click();
      const link = page.locator('.detail a.report-link');
      await link.waitFor();
      const box = (await link.boundingBox())!;
      const form = (await page.locator('.form').boundingBox())!;
      const card = (await page.locator('.detail').boundingBox())!;
      expect(box.y).toBeGreaterThanOrEqual(card.y);
      expect(box.y + box.height).toBeLessThanOrEqual(form.y);
      // Nothing covers it: the topmost element at each corner and the centre is the link itself.
      const points = [[0.5, 0.5], [0.05, 0.1], [0.95, 0.9], [0.05, 0.9]].map(([fx, fy]) => ({ x: box.x + box.width * fx!, y: box.y + box.height * fy! }));
      const hits = await page.evaluate((pts) => {
        const root = document.querySelector('nianbao-chat')!.shadowRoot!;
        return pts.map(({ x, y }) => root.elementFromPoint(x, y)?.closest('a')?.className ?? null);
      }, points);
      expect(hits).toEqual(['report-link', 'report-link', 'report-link', 'report-link']);
      await page.screenshot({ path: `${SHOTS}/citation-link-${viewport.width}x${viewport.height}.png` });
    });
  }

  it('emphasises the answer figure in the citation quote and marks it in the report viewer', async () => {
    const page = await openWidget();
    await ask(page, '赤峰2012年依申请公开多少件');
    await page.locator('.sources').waitFor();
    await page.locator('.msg.bot').last().locator('button.chip').first().click(); // [1]: 全年受理依申请公开8件
    const quote = page.locator('.detail .quote');
    expect(await quote.locator('mark').textContent()).toBe('全年受理依申请公开8件，其中网上申请3件，当面申请5件，均已按时答复。');
    const hit = quote.locator('strong.hit');
    expect(await hit.allTextContents()).toEqual(['8件']);
    const style = await hit.evaluate((e) => ({ weight: getComputedStyle(e).fontWeight, bg: getComputedStyle(e).backgroundColor, mark: getComputedStyle(e.parentElement!).backgroundColor }));
    expect(Number(style.weight)).toBeGreaterThanOrEqual(700);
    expect(style.bg).not.toBe(style.mark);
    await page.screenshot({ path: `${SHOTS}/citation-figure-360.png` });

    const href = (await page.locator('.detail a.report-link').getAttribute('href'))!;
    expect(href).toBe(`${api.url}/reports/004_fake_chifeng?hl=${encodeURIComponent('8件')}#p26`);
    await page.goto(href);
    await page.waitForTimeout(800); // smooth scroll
    expect(await page.evaluate(() => document.querySelector(':target')?.id)).toBe('p26');
    expect(await page.locator('#p26 mark.hit').allTextContents()).toEqual(['8件']);
    expect(await page.locator('#p26').textContent()).toBe('26全年受理依申请公开8件，其中网上申请3件，当面申请5件，均已按时答复。');
    await page.screenshot({ path: `${SHOTS}/report-figure-360.png` });
  });

  it('marks ?hl= in the viewer as text only, and never inside a longer number or the paragraph number', async () => {
    const page = await open(`${api.url}/reports/004_fake_chifeng?hl=${encodeURIComponent(XSS_SCRIPT)}#p27`);
    await page.locator('#p27 mark.hit').waitFor();
    expect(await page.locator('#p27 mark.hit').allTextContents()).toEqual([XSS_SCRIPT]);
    expect(await page.evaluate(() => ({ xss: (window as { __xss?: unknown }).__xss ?? null, scripts: document.querySelectorAll('#p27 script').length }))).toEqual({ xss: null, scripts: 0 });
    const table = await open(`${api.url}/reports/004_fake_chifeng?hl=65#p13`); // row 13: 政策法规 | 65 | 2.4%
    expect(await table.locator('#p13 mark.hit').allTextContents()).toEqual(['65']);
    const partial = await open(`${api.url}/reports/004_fake_chifeng?hl=26#p26`); // 26 is only the paragraph number there
    expect(await partial.locator('#p26 mark').count()).toBe(0);
  });

  it('renders Han, Latin letters and digits in one font, in the report list and in the widget', async () => {
    const page = await open(`${api.url}/reports`, { width: 1280, height: 800 });
    const fontsOf = async (target: Page, expression: string): Promise<string[]> => {
      const cdp = await target.context().newCDPSession(target);
      await cdp.send('DOM.enable');
      await cdp.send('CSS.enable');
      await cdp.send('DOM.getDocument', { depth: -1, pierce: true });
      const { result } = await cdp.send('Runtime.evaluate', { expression });
      const { nodeId } = await cdp.send('DOM.requestNode', { objectId: result.objectId! });
      const { fonts } = await cdp.send('CSS.getPlatformFontsForNode', { nodeId });
      return fonts.map((f) => f.familyName);
    };
    // 赤峰市2012年政府信息公开工作年度报告: Han and digits in one bold link.
    const title = await fontsOf(page, `[...document.querySelectorAll('.report-list a')].find((a) => /\\d/.test(a.textContent))`);
    expect(title).toHaveLength(1);
    await page.screenshot({ path: `${SHOTS}/reports-1280.png` });

    const widget = await open(`${api.url}/`, { width: 1280, height: 800 });
    await widget.getByRole('button', { name: '打开年报问答' }).click();
    await ask(widget, '赤峰2012年依申请公开多少件 ABC');
    await widget.locator('.sources').waitFor();
    expect(await fontsOf(widget, `document.querySelector('nianbao-chat').shadowRoot.querySelector('.msg.user')`)).toEqual(title);
    expect(await fontsOf(widget, `[...document.querySelector('nianbao-chat').shadowRoot.querySelectorAll('.msg.bot .answer-text')].pop()`)).toEqual(title);
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
