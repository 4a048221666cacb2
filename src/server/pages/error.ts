/**
 * The error page a browser gets instead of raw JSON: an unknown report or path, the index still
 * loading, a server fault. Same look as the other pages, Chinese, with the way back to the report
 * list and the home page. API clients keep `{error:{code,message}}`: `prefersHtml` decides which.
 */
import { ERRORS, type NianbaoError } from '../../errors.js';
import { escapeHtml, renderPage } from './html.js';

/** Paths that are API whatever the Accept header says: their callers parse JSON. */
const API_PATH = /^\/(api(\/|$)|health$)/;

/**
 * True when the error for `path` should be an HTML page: never for /api/* and /health; otherwise
 * unless the client asked for JSON and not HTML (a browser navigating sends `text/html`; `curl`
 * sends `*\/*` and gets the page too, since these are page URLs).
 */
export function prefersHtml(path: string, accept: string | undefined): boolean {
  if (API_PATH.test(path)) return false;
  const a = (accept ?? '').toLowerCase();
  return a.includes('text/html') || !a.includes('json');
}

/** What to tell a reader, by code; other codes get their catalogue message and a line by status. */
const EXPLAIN: Partial<Record<NianbaoError['code'], { heading: string; text: (detail: string, path: string) => string }>> = {
  NOT_FOUND: {
    heading: '页面不存在',
    text: (_detail, path) => `没有找到地址 <code>${escapeHtml(path)}</code> 对应的页面，可能是链接有误或页面已被移除。`,
  },
  REPORT_NOT_FOUND: {
    heading: '未找到该报告',
    text: (detail) => `报告库中没有编号为 <code>${escapeHtml(detail)}</code> 的报告，它可能已被移除，或链接有误。`,
  },
  INDEX_NOT_READY: { heading: '索引尚未就绪', text: () => '服务正在加载年报索引，请稍后刷新本页。' },
};

const BY_STATUS = (status: number): string =>
  status >= 500 ? '服务暂时无法显示这个页面，请稍后刷新重试。' : status === 429 ? '请求过于频繁，请稍后再试。' : '请求无法完成，请检查链接是否正确。';

const ERROR_CSS = `
.error-card{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:16px 20px;margin:16px 0}
.error-card>p{margin:0}
.error-card code{background:#f3f4f6;border-radius:4px;padding:0 4px;overflow-wrap:anywhere}
.error-links{display:flex;flex-wrap:wrap;gap:8px 20px;list-style:none;margin:12px 0 0;padding:0}
.error-code{font-size:14px}
`;

/** The Chinese error page for `error` at `path` (detail and path are escaped; only our own sentences are markup). */
export function renderErrorPage(error: NianbaoError, path = ''): string {
  const explain = EXPLAIN[error.code];
  const heading = explain?.heading ?? ERRORS[error.code].zh;
  const text = explain ? explain.text(error.detail ?? '', path) : escapeHtml(BY_STATUS(error.status));
  const body = `<h1>${escapeHtml(heading)}</h1>
<section class="error-card">
<p>${text}</p>
<ul class="error-links"><li><a href="/reports">返回报告列表</a></li><li><a href="/">返回首页</a></li></ul>
</section>
<p class="muted error-code">错误代码：${escapeHtml(error.code)}（HTTP ${error.status}）</p>`;
  return renderPage({ title: `${heading} - 年报问答`, body, css: ERROR_CSS });
}
