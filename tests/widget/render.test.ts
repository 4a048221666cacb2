import { describe, expect, it } from 'vitest';
import type { Citation } from '../../src/types.js';
import { el, safeEndpointUrl } from '../../src/widget/dom.js';
import { citationHref, renderAnswerText, renderCitationDetail, renderFinalAnswer } from '../../src/widget/render.js';
import { FakeElement, fakeDocument } from './fake-dom.js';
import { citationOf, REPORT_A, XSS_IMG, XSS_SCRIPT } from './fixtures.js';

const ENDPOINT = 'http://127.0.0.1:8787';
const asFake = (node: unknown): FakeElement => node as FakeElement;

/** A citation whose every text field carries markup, the way a hostile or scraped report would. */
const hostile: Citation = {
  ...citationOf(REPORT_A, 27, 1),
  title: `${XSS_IMG}标题`,
  section: XSS_SCRIPT,
  quote: `原文${XSS_SCRIPT}${XSS_IMG}`,
};

describe('widget renderers (text only, never markup)', () => {
  it('renders a citation quote containing <script> and <img onerror> as text', () => {
    const card = asFake(renderCitationDetail(fakeDocument(), hostile, ENDPOINT, 'nb-detail-title'));
    expect(card.findAll('script')).toHaveLength(0);
    expect(card.findAll('img')).toHaveLength(0);
    const mark = card.findAll('mark')[0]!;
    expect(mark.textContent).toBe(`原文${XSS_SCRIPT}${XSS_IMG}`);
    expect(card.html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(card.html).toContain('&lt;img src=x onerror="window.__xss=2"&gt;');
    expect(card.findAll('h3')[0]!.textContent).toBe(`${XSS_IMG}标题`);
  });

  it('shows title, section, paragraph number and a link to the paragraph in the report viewer', () => {
    const c = citationOf(REPORT_A, 26, 1);
    const card = asFake(renderCitationDetail(fakeDocument(), c, ENDPOINT, 'x'));
    expect(card.textContent).toContain('赤峰市2012年政府信息公开工作年度报告');
    expect(card.textContent).toContain('三、依申请公开情况');
    expect(card.textContent).toContain('第 26 段');
    const link = card.findAll('a')[0]!;
    expect(link.getAttribute('href')).toBe(`${ENDPOINT}/reports/004_fake_chifeng#p26`);
    expect(link.getAttribute('rel')).toContain('noopener');
  });

  it('names the page of a citation into a PDF: 第 3 页 第 26 段 in the card, the chip label and the link text', () => {
    const c = { ...citationOf(REPORT_A, 26, 1), page: 3 };
    const card = asFake(renderCitationDetail(fakeDocument(), c, ENDPOINT, 'x'));
    expect(card.textContent).toContain('第 3 页 第 26 段');
    expect(card.findAll('a')[0]!.textContent).toContain('在年报中查看原文（第 3 页 第 26 段）');
    const chips = asFake(renderAnswerText(fakeDocument(), '共8件[1]', [c], () => undefined)).findAll('button');
    expect(chips[0]!.getAttribute('aria-label')).toBe('引用 1：赤峰市2012年政府信息公开工作年度报告，第 3 页 第 26 段');
  });

  it('adds a table row\'s header context under the verbatim quote, as text', () => {
    const row = { ...citationOf(REPORT_A, 13, 1), context: `信息类别 政策法规：条数 65；占比 2.4%${XSS_SCRIPT}` };
    const card = asFake(renderCitationDetail(fakeDocument(), row, ENDPOINT, 'x'));
    expect(card.findAll('mark')[0]!.textContent).toBe('政策法规 | 65 | 2.4% | |');
    expect(card.textContent).toContain('表格上下文');
    expect(card.textContent).toContain(row.context);
    expect(card.findAll('script')).toHaveLength(0);
    const plain = asFake(renderCitationDetail(fakeDocument(), citationOf(REPORT_A, 26, 1), ENDPOINT, 'x'));
    expect(plain.textContent).not.toContain('表格上下文');
  });

  it('emphasises the answer figure inside the highlighted quote and passes it to the viewer as ?hl=', () => {
    const c = citationOf(REPORT_A, 26, 1); // 全年受理依申请公开8件，其中网上申请3件，当面申请5件，均已按时答复。
    const card = asFake(renderCitationDetail(fakeDocument(), c, ENDPOINT, 'x', '8件'));
    const mark = card.findAll('mark')[0]!;
    expect(mark.textContent).toBe(c.quote);
    expect(mark.findAll('strong').map((s) => [s.getAttribute('class'), s.textContent])).toEqual([['hit', '8件']]);
    expect(card.findAll('a')[0]!.getAttribute('href')).toBe(`${ENDPOINT}/reports/004_fake_chifeng?hl=${encodeURIComponent('8件')}#p26`);
    // A figure the quote does not hold is neither emphasised nor sent.
    const absent = asFake(renderCitationDetail(fakeDocument(), c, ENDPOINT, 'x', '9件'));
    expect(absent.findAll('strong')).toHaveLength(0);
    expect(absent.findAll('a')[0]!.getAttribute('href')).toBe(`${ENDPOINT}/reports/004_fake_chifeng#p26`);
  });

  it('emphasises a figure inside a hostile quote as text, markup still inert', () => {
    const card = asFake(renderCitationDetail(fakeDocument(), { ...hostile, quote: `共8件${XSS_SCRIPT}` }, ENDPOINT, 'x', '8件'));
    expect(card.findAll('script')).toHaveLength(0);
    expect(card.findAll('strong')[0]!.textContent).toBe('8件');
    expect(card.html).toContain('<strong class="hit">8件</strong>&lt;script&gt;');
  });

  it('keeps the report link outside the scrolling part of the card', () => {
    const card = asFake(renderCitationDetail(fakeDocument(), citationOf(REPORT_A, 26, 1), ENDPOINT, 'x'));
    const [main, foot] = card.childNodes as FakeElement[];
    expect(main!.getAttribute('class')).toBe('detail-main');
    expect(main!.findAll('a')).toHaveLength(0);
    expect(foot!.getAttribute('class')).toBe('detail-foot');
    expect(foot!.findAll('a')[0]!.getAttribute('class')).toBe('report-link');
  });

  it('renders answer text with markup as text and [n] as chip buttons', () => {
    const opened: number[] = [];
    const answer = renderAnswerText(fakeDocument(), `共8件[1]${XSS_SCRIPT}`, [citationOf(REPORT_A, 26, 1)], (c) => opened.push(c.n));
    const node = asFake(answer);
    expect(node.findAll('script')).toHaveLength(0);
    const chips = node.findAll('button');
    expect(chips).toHaveLength(1);
    expect(chips[0]!.textContent).toBe('1');
    expect(chips[0]!.getAttribute('aria-label')).toBe('引用 1：赤峰市2012年政府信息公开工作年度报告，第 26 段');
    chips[0]!.dispatch('click');
    expect(opened).toEqual([1]);
    expect(node.textContent).toBe(`共8件1${XSS_SCRIPT}`);
  });

  it('makes streaming chips inert (no buttons inside the aria-hidden bubble)', () => {
    const node = asFake(renderAnswerText(fakeDocument(), '共8件[1]', [citationOf(REPORT_A, 26, 1)]));
    expect(node.findAll('button')).toHaveLength(0);
    expect(node.findAll('span')[0]!.getAttribute('aria-hidden')).toBe('true');
  });

  it('marks refusals visibly and lists sources under grounded answers', () => {
    const refusal = asFake(renderFinalAnswer(fakeDocument(), { answer: '没有北京市的年报。', citations: [], refused: true, grounded: false }, () => {}));
    expect(refusal.getAttribute('class')).toContain('refused');
    expect(refusal.getAttribute('data-refused')).toBe('');
    expect(refusal.textContent).toContain('无法从年报中找到答案');
    const answer = asFake(renderFinalAnswer(fakeDocument(), {
      answer: '8件[1]，12万条[2]。', citations: [citationOf(REPORT_A, 26, 1), citationOf(REPORT_A, 6, 2)], refused: false, grounded: true,
    }, () => {}));
    expect(answer.getAttribute('class')).not.toContain('refused');
    expect(answer.findAll('li')).toHaveLength(2);
    expect(answer.findAll('li')[1]!.textContent).toContain('第 6 段');
  });
});

describe('links and attributes', () => {
  it('keeps citation links on the endpoint and refuses javascript: URLs', () => {
    const c = citationOf(REPORT_A, 26, 1);
    expect(citationHref(ENDPOINT, c)).toBe(`${ENDPOINT}/reports/004_fake_chifeng#p26`);
    expect(citationHref(`${ENDPOINT}/nianbao/`, c)).toBe(`${ENDPOINT}/nianbao/reports/004_fake_chifeng#p26`);
    expect(citationHref(ENDPOINT, { ...c, url: 'javascript:alert(1)' })).toBe(`${ENDPOINT}/reports/004_fake_chifeng#p26`);
    expect(citationHref(ENDPOINT, { ...c, url: 'https://evil.example/x' })).toBe(`${ENDPOINT}/reports/004_fake_chifeng#p26`);
    // A protocol-relative path is appended to the endpoint, so it cannot leave the origin either.
    expect(new URL(safeEndpointUrl(ENDPOINT, '//evil.example/x')!).origin).toBe(ENDPOINT);
    expect(safeEndpointUrl(ENDPOINT, 'data:text/html,<script>')).toBeNull();
  });

  it('refuses event-handler attributes', () => {
    expect(() => el(fakeDocument(), 'div', { attrs: { onclick: 'alert(1)' } })).toThrow(/onclick/);
  });
});
