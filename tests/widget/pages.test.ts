import { describe, expect, it } from 'vitest';
import { renderDemoPage, widgetScriptTag } from '../../src/server/pages/demo.js';
import { escapeHtml } from '../../src/server/pages/html.js';
import { renderReportList, renderReportPage, splitCells } from '../../src/server/pages/reports.js';
import type { Report } from '../../src/types.js';
import { FAKE_REPORTS, REPORT_A, REPORT_B, summarize, XSS_IMG, XSS_SCRIPT } from './fixtures.js';

/** Every `<script` in the page must be one we wrote: the widget tag or the fixed scroll script. */
const scriptTags = (html: string): string[] => html.match(/<script\b[^>]*>/gi) ?? [];

describe('escapeHtml', () => {
  it('escapes the five characters that matter in text and attributes', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml(null)).toBe('');
  });
});

describe('renderReportPage', () => {
  const html = renderReportPage(REPORT_A);

  it('escapes report text: a paragraph containing <script> and <img onerror> is shown, not run', () => {
    expect(html).toContain('&lt;script&gt;window.__xss=1&lt;/script&gt;');
    expect(html).toContain('&lt;img src=x onerror=&quot;window.__xss=2&quot;&gt;');
    expect(html).not.toContain(XSS_SCRIPT);
    expect(html).not.toContain(XSS_IMG);
    expect(scriptTags(html)).toEqual(['<script>']);
  });

  it('gives every paragraph, heading and table row an id p<n> and a visible number', () => {
    for (const p of REPORT_A.paragraphs) {
      expect(html).toContain(`id="p${p.n}"`);
      expect(html).toContain(`href="#p${p.n}" aria-label="第 ${p.n} 段">${p.n}</a>`);
    }
  });

  it('shows heading levels and renders table rows as rows of cells', () => {
    expect(html).toMatch(/<h2 class="para heading" id="p1"[^>]*>.*一、概述<\/h2>/);
    expect(html).toMatch(/<h3 class="para heading" id="p5"[^>]*>.*（一）公开情况<\/h3>/);
    expect(html).toMatch(/<h4 class="para heading" id="p10"[^>]*>.*1\.政府网站<\/h4>/);
    expect(html.match(/role="table"/g)).toHaveLength(1);
    expect(html).toMatch(/<div class="para row" role="row" id="p13"[^>]*>.*<span class="cell" role="cell">政策法规<\/span><span class="cell" role="cell">65<\/span>/);
  });

  it('highlights the :target paragraph and scrolls it into view', () => {
    expect(html).toContain('.para:target{');
    expect(html).toContain("scrollIntoView({behavior:r?'auto':'smooth',block:'center'})");
  });

  it('escapes titles and metadata, and marks traditional reports as zh-Hant', () => {
    const hostile: Report = { ...REPORT_B, meta: { ...REPORT_B.meta, title: { value: `${XSS_SCRIPT}报告`, source: 'title' } } };
    const page = renderReportPage(hostile);
    expect(page).toContain('<title>&lt;script&gt;window.__xss=1&lt;/script&gt;报告 - 年报问答</title>');
    expect(scriptTags(page)).toEqual(['<script>']);
    expect(page).toContain('<article lang="zh-Hant">');
    expect(page).toContain('繁體');
  });

  it('is a complete Chinese page readable on a phone', () => {
    expect(html).toMatch(/^<!doctype html>\n<html lang="zh-CN">/);
    expect(html).toContain('<meta name="viewport" content="width=device-width, initial-scale=1">');
    expect(html).toContain('返回报告列表');
  });
});

describe('renderReportList', () => {
  it('lists reports sorted by region then year, linked to /reports/<id>, all text escaped', () => {
    const rows = [...FAKE_REPORTS.map(summarize), { ...summarize(REPORT_A), id: 'x"><script>', title: XSS_SCRIPT, region: '赤峰市', year: 2011 }];
    const html = renderReportList(rows);
    expect(html).toContain('href="/reports/004_fake_chifeng"');
    expect(html).toContain('href="/reports/x%22%3E%3Cscript%3E"');
    expect(scriptTags(html)).toEqual([]);
    expect(html.indexOf('2011')).toBeLessThan(html.indexOf('赤峰市2012年'));
    expect(html).toContain('共 3 份报告');
  });

  it('says so when there are no reports', () => {
    expect(renderReportList([])).toContain('暂无报告');
  });
});

describe('splitCells', () => {
  it('splits on | and drops trailing empty cells only', () => {
    expect(splitCells('政策法规 | 65 | 2.4% | |')).toEqual(['政策法规', '65', '2.4%']);
    expect(splitCells('a | | b')).toEqual(['a', '', 'b']);
    expect(splitCells('no cells')).toEqual(['no cells']);
  });
});

describe('renderDemoPage', () => {
  const html = renderDemoPage({ origin: 'http://127.0.0.1:8787' });

  it('embeds the widget exactly as a third-party site would', () => {
    expect(html).toContain('<script src="http://127.0.0.1:8787/widget.js" data-endpoint="http://127.0.0.1:8787" async></script>');
    expect(scriptTags(html)).toHaveLength(1);
  });

  it('shows the snippet as text and links to the report browser', () => {
    expect(html).toContain('&lt;script src=&quot;http://127.0.0.1:8787/widget.js&quot;');
    expect(html).toContain('&lt;nianbao-chat endpoint=&quot;http://127.0.0.1:8787&quot;&gt;');
    expect(html).toContain('href="/reports"');
    expect(html).toContain('lang="zh-CN"');
  });

  it('without a configured public URL, loads the widget by relative URL and shows a HOST placeholder', () => {
    const page = renderDemoPage({});
    expect(scriptTags(page)).toEqual(['<script src="/widget.js" data-endpoint="/" async>']);
    expect(page).toContain('&lt;script src=&quot;https://HOST/widget.js&quot; data-endpoint=&quot;https://HOST&quot; async&gt;');
    expect(page).toContain('NIANBAO_PUBLIC_URL');
    expect(page).not.toMatch(/src="https?:/);
  });

  it('normalizes the origin and refuses non-http origins', () => {
    expect(widgetScriptTag('https://x.example/nianbao/')).toBe('<script src="https://x.example/nianbao/widget.js" data-endpoint="https://x.example/nianbao" async></script>');
    expect(() => renderDemoPage({ origin: 'javascript:alert(1)' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
    expect(() => renderDemoPage({ origin: 'not a url' })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
