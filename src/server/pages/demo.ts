/**
 * The demo page: a mock government portal that embeds the widget exactly as a third-party site
 * would, with one script tag, and shows the two ways to embed it. It is what `/` serves, so anyone
 * running the server can try the widget and copy the snippet.
 *
 * Its absolute URLs come from configuration (NIANBAO_PUBLIC_URL) only. Without one the page loads the
 * widget by relative URL and the snippet shows a `HOST` placeholder: a URL built from the request's
 * Host header would let whoever sends the request choose where the page loads its script from.
 */
import { NianbaoError } from '../../errors.js';
import { escapeHtml, renderPage } from './html.js';

export interface DemoPageOptions {
  /**
   * Public origin of this server (e.g. `https://wenda.example.gov.cn`, from config `publicUrl`), used in
   * the script tag and the snippet. Absent: relative script URL, placeholder snippet.
   */
  origin?: string;
}

/** How the page loads the widget from its own server when no public origin is configured. */
const RELATIVE_SCRIPT_TAG = '<script src="/widget.js" data-endpoint="/" async></script>';
/** Stands in for the server's address in the copyable snippet when none is configured. */
const PLACEHOLDER_ORIGIN = 'https://HOST';

const DEMO_CSS = `
.portal{background:#b91c1c;color:#fff;padding:14px 16px}
.portal-inner{max-width:960px;margin:0 auto}
.portal strong{font-size:20px;letter-spacing:.05em}
.portal small{display:block;opacity:.85}
.card{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:12px 16px;margin:12px 0}
.card h2{font-size:18px;margin:4px 0 8px}
pre{margin:8px 0;padding:10px 12px;background:#0f172a;color:#e2e8f0;border-radius:8px;overflow-x:auto;font-size:13px;line-height:1.6}
code{font-family:ui-monospace,SFMono-Regular,Menlo,monospace}
.notice{border-left:4px solid #1d4ed8;background:#eff6ff;padding:8px 12px;border-radius:6px}
ul.links{padding-left:1.2em}
`;

/** The widget's base URL from `origin`; refuses anything that is not an http(s) URL. */
export function widgetEndpoint(origin: string): string {
  let url: URL;
  try {
    url = new URL(origin);
  } catch {
    throw new NianbaoError('INVALID_CONFIG', `demo page origin is not a URL: ${origin}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new NianbaoError('INVALID_CONFIG', `demo page origin must be http(s): ${origin}`);
  return (url.origin + url.pathname).replace(/\/+$/, '');
}

/** The embed snippet a site owner copies; also what the demo page itself uses. */
export function widgetScriptTag(origin: string): string {
  return scriptTagFor(widgetEndpoint(origin));
}

function scriptTagFor(endpoint: string): string {
  const e = escapeHtml(endpoint);
  return `<script src="${e}/widget.js" data-endpoint="${e}" async></script>`;
}

/** Renders the demo page (Chinese) embedding the floating widget and linking to the report browser. */
export function renderDemoPage({ origin }: DemoPageOptions = {}): string {
  const endpoint = origin === undefined ? PLACEHOLDER_ORIGIN : widgetEndpoint(origin);
  const pageScript = origin === undefined ? RELATIVE_SCRIPT_TAG : widgetScriptTag(origin);
  const scriptTag = scriptTagFor(endpoint);
  const inlineTag = `<nianbao-chat endpoint="${escapeHtml(endpoint)}"></nianbao-chat>`;
  const placeholderNote =
    origin === undefined
      ? `<p class="muted">请把 <code>HOST</code> 换成本服务对外的地址；服务管理员设置 <code>NIANBAO_PUBLIC_URL</code> 后，这里直接显示完整代码。</p>\n`
      : '';
  const header = `<header class="portal"><div class="portal-inner"><strong>示例市人民政府</strong><small>政府信息公开专栏 · 演示页面</small></div></header>`;
  const body = `<h1>政府信息公开年度报告问答（演示）</h1>
<p class="notice">这是一个模拟的第三方网站。页面右下角的“年报问答”按钮来自下面这一行嵌入代码，回答中的每个数字都注明出自哪份年报的哪一段。</p>
<section class="card" aria-labelledby="try">
<h2 id="try">试一试</h2>
<p>点击右下角的“年报问答”，或用 Tab 键移到该按钮后按 Enter。可以这样问：</p>
<ul><li>赤峰2012年依申请公开多少件</li><li>芦淞区2013年主动公开了多少条政府信息</li><li>祥符区2018年办结市长专线多少件</li></ul>
<p>想核对原文？打开 <a href="/reports">报告浏览</a>，每一段都有编号，引用链接会直接跳到对应段落。</p>
</section>
<section class="card" aria-labelledby="embed">
<h2 id="embed">如何嵌入到您的网站</h2>
<p>在页面任意位置加入一行脚本，即可获得右下角的悬浮按钮和问答窗口：</p>
<pre><code>${escapeHtml(scriptTag)}</code></pre>
${placeholderNote}<p>如需把问答窗口直接放在页面中，再在需要的位置加入：</p>
<pre><code>${escapeHtml(inlineTag)}</code></pre>
<p class="muted">只需内嵌窗口、不要悬浮按钮时，在 script 标签上加 <code>data-launcher="false"</code>。其他域名的网站需要由服务管理员加入 <code>WIDGET_ORIGINS</code> 白名单。</p>
</section>
<ul class="links"><li><a href="/reports">报告浏览：查看全部年度报告</a></li></ul>`;
  return renderPage({ title: '年报问答 - 嵌入演示', header, body, css: DEMO_CSS, script: pageScript });
}
