/**
 * The HTML helpers shared by the server-rendered pages. Every value that comes from a report, a
 * request or configuration goes through `escapeHtml` (text and attribute values alike), because
 * reports are scraped web pages and can contain `<script>`.
 */
import { FONT_STACK } from '../../widget/styles.js';
import { FAVICON_DATA_URL } from './favicon.js';

const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Escapes text for use in HTML text and in quoted attribute values. */
export function escapeHtml(value: unknown): string {
  return String(value ?? '').replace(/[&<>"']/g, (ch) => ESCAPES[ch]!);
}

export interface PageOptions {
  title: string;
  /** Already-escaped markup for `<body>`. */
  body: string;
  /** Page-specific CSS (trusted, from this module's callers). */
  css?: string;
  /** Trusted `<script>` markup placed at the end of `<body>`; never built from data. */
  script?: string;
  lang?: string;
  /** Trusted markup replacing the default site header (the demo page plays a third-party site). */
  header?: string;
}

/** Shared look: the widget's CJK-first font stack (Latin and digits match the Han), readable measure, comfortable at 360 px. */
const BASE_CSS = `
*,*::before,*::after{box-sizing:border-box}
body{margin:0;color:#1f2937;background:#f8fafc;font:16px/1.75 ${FONT_STACK}}
a{color:#1d4ed8}
a:focus-visible,button:focus-visible,[tabindex]:focus-visible{outline:3px solid #f59e0b;outline-offset:2px}
.site-header{background:#1d4ed8;color:#fff;padding:12px 16px}
.site-header a{color:#fff}
.site-header .brand{font-weight:700;font-size:18px;text-decoration:none}
.site-header nav{display:flex;flex-wrap:wrap;gap:4px 16px;align-items:baseline;max-width:960px;margin:0 auto}
main{max-width:960px;margin:0 auto;padding:16px}
h1{font-size:clamp(20px,5vw,28px);line-height:1.4;margin:8px 0 12px}
.muted{color:#6b7280}
.skip{position:absolute;left:-999px}
.skip:focus{left:8px;top:8px;background:#fff;color:#1d4ed8;padding:4px 8px;z-index:10}
`;

/** Wraps `body` in a complete HTML5 document with charset, viewport and the shared style. */
export function renderPage(options: PageOptions): string {
  return `<!doctype html>
<html lang="${escapeHtml(options.lang ?? 'zh-CN')}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(options.title)}</title>
<link rel="icon" type="image/svg+xml" href="${escapeHtml(FAVICON_DATA_URL)}">
<style>${BASE_CSS}${options.css ?? ''}</style>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
${options.header ?? '<header class="site-header"><nav><a class="brand" href="/">年报问答</a><a href="/reports">报告浏览</a><a href="/stats">统计对比</a></nav></header>'}
<main id="main">
${options.body}
</main>
${options.script ?? ''}
</body>
</html>
`;
}
