/**
 * `GET /docs`: the OpenAPI document as a plain Chinese reference page, rendered here from the same
 * document `/openapi.json` serves (no CDN viewer: the page must work offline and inside intranets).
 * One section per operation: method, path, summary, parameters, request body and responses, each
 * schema shown as JSON in a collapsible block; the shared components (Error, Answer, …) at the end.
 */
import type { OpenApiDocument } from '../openapi.js';
import { escapeHtml, renderPage } from './html.js';

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;

/** Loose views of the parts of an OpenAPI object the page reads. */
interface Parameter {
  name: string;
  in: string;
  required?: boolean;
  description?: string;
  schema?: unknown;
}
interface Content {
  [mediaType: string]: { schema?: unknown; example?: unknown };
}
interface Operation {
  summary?: string;
  description?: string;
  tags?: string[];
  parameters?: Parameter[];
  requestBody?: { required?: boolean; content?: Content };
  responses?: Record<string, { description?: string; content?: Content }>;
}

const CSS = `
.op{background:#fff;border:1px solid #e5e7eb;border-radius:8px;padding:12px 16px;margin:16px 0}
.op h2{font-size:18px;margin:0 0 4px;display:flex;flex-wrap:wrap;gap:8px;align-items:baseline}
.method{font:700 13px/1.6 ui-monospace,monospace;color:#fff;border-radius:4px;padding:0 8px;text-transform:uppercase}
.method-get{background:#047857}.method-post{background:#1d4ed8}.method-put,.method-patch{background:#b45309}.method-delete{background:#b91c1c}
.path{font-family:ui-monospace,monospace;word-break:break-all}
h3{font-size:15px;margin:12px 0 4px}
table{border-collapse:collapse;width:100%;font-size:14px}
th,td{border-bottom:1px solid #e5e7eb;text-align:left;padding:4px 8px;vertical-align:top}
code,pre{font-family:ui-monospace,monospace;font-size:13px}
pre{background:#f1f5f9;padding:8px;overflow:auto;max-height:360px;margin:4px 0}
details summary{cursor:pointer}
`;

/** The reference page for `doc`. */
export function renderDocsPage(doc: OpenApiDocument): string {
  const ops: string[] = [];
  for (const [path, item] of Object.entries(doc.paths ?? {})) {
    for (const method of METHODS) {
      const op = (item as Record<string, Operation | undefined>)[method];
      if (op) ops.push(renderOperation(method, path, op));
    }
  }
  const schemas = Object.entries(doc.components?.schemas ?? {});
  const body = `<h1>${escapeHtml(doc.info.title)}</h1>
<p>${escapeHtml(doc.info.description ?? '')}</p>
<p>机器可读的 OpenAPI ${escapeHtml(doc.openapi)} 文档：<a href="/openapi.json">/openapi.json</a>。共 ${ops.length} 个接口。</p>
${ops.join('\n')}
<h2 id="components">公共结构</h2>
${schemas.map(([name, schema]) => `<section class="op" id="schema-${escapeHtml(name)}"><h3>${escapeHtml(name)}</h3>${schemaBlock(schema, true)}</section>`).join('\n')}`;
  return renderPage({ title: '接口文档 · 年报问答', body, css: CSS });
}

function renderOperation(method: string, path: string, op: Operation): string {
  const params = op.parameters ?? [];
  const paramTable = params.length
    ? `<h3>参数</h3><table><thead><tr><th>名称</th><th>位置</th><th>必填</th><th>类型</th><th>说明</th></tr></thead><tbody>${params
        .map(
          (p) =>
            `<tr><td><code>${escapeHtml(p.name)}</code></td><td>${escapeHtml(p.in)}</td><td>${p.required ? '是' : '否'}</td><td><code>${escapeHtml(typeOf(p.schema))}</code></td><td>${escapeHtml(p.description ?? '')}</td></tr>`,
        )
        .join('')}</tbody></table>`
    : '';
  const request = op.requestBody?.content ? `<h3>请求体${op.requestBody.required ? '（必填）' : ''}</h3>${renderContent(op.requestBody.content)}` : '';
  const responses = Object.entries(op.responses ?? {})
    .map(([status, r]) => `<tr><td><code>${escapeHtml(status)}</code></td><td>${escapeHtml(r.description ?? '')}${r.content ? renderContent(r.content) : ''}</td></tr>`)
    .join('');
  return `<section class="op" id="${escapeHtml(`${method}-${path}`)}">
<h2><span class="method method-${escapeHtml(method)}">${escapeHtml(method)}</span><span class="path">${escapeHtml(path)}</span></h2>
<p>${escapeHtml(op.summary ?? '')}</p>${op.description ? `<p class="muted">${escapeHtml(op.description)}</p>` : ''}
${paramTable}${request}
<h3>响应</h3><table><thead><tr><th>状态</th><th>说明</th></tr></thead><tbody>${responses}</tbody></table>
</section>`;
}

function renderContent(content: Content): string {
  return Object.entries(content)
    .map(
      ([type, media]) =>
        `<div><code>${escapeHtml(type)}</code>${media.schema ? schemaBlock(media.schema) : ''}${media.example !== undefined ? `<details><summary>示例</summary><pre>${escapeHtml(JSON.stringify(media.example, null, 2))}</pre></details>` : ''}</div>`,
    )
    .join('');
}

function schemaBlock(schema: unknown, open = false): string {
  return `<details${open ? ' open' : ''}><summary>结构 (JSON Schema)</summary><pre>${escapeHtml(JSON.stringify(schema, null, 2))}</pre></details>`;
}

/** A short type label for a parameter table cell. */
function typeOf(schema: unknown): string {
  const s = (schema ?? {}) as { type?: unknown; enum?: unknown[] };
  if (Array.isArray(s.enum)) return s.enum.join(' | ');
  return Array.isArray(s.type) ? s.type.join(' | ') : String(s.type ?? '');
}
