/**
 * The report viewer: a list of the corpus and one page per report with every paragraph, heading and
 * table row numbered and addressable as `#p<n>`, the target of every citation link. All report text
 * is escaped; the only script is a fixed one that scrolls the cited paragraph into the middle of
 * the screen and gives it focus, so screen readers start reading at the citation. A citation link
 * from the widget may add `?hl=8件` (the answer's figure): the script marks that text inside the
 * target paragraph, building the `<mark>` with DOM calls, so the parameter is never parsed as markup.
 */
import type { Paragraph, Report, ReportSummary } from '../../types.js';
import { pageLabel, paragraphLabel } from '../../lang/zh/report-terms.js';
import { escapeHtml, renderPage } from './html.js';

/** A row of `GET /api/reports`: the summary plus counts. */
export type ReportListItem = ReportSummary & { paragraphs?: number; chunks?: number };

const SCRIPT_LABEL: Record<Report['script'], string> = { simplified: '简体', traditional: '繁體' };
const SCRIPT_LANG: Record<Report['script'], string> = { simplified: 'zh-Hans', traditional: 'zh-Hant' };

const VIEWER_CSS = `
.report-list{list-style:none;margin:0;padding:0;display:grid;gap:10px}
.report-list li{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:10px 14px}
.report-list a{font-weight:600;font-size:17px}
.meta{display:flex;flex-wrap:wrap;gap:2px 14px;margin:0;color:#4b5563;font-size:14px}
.toc{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:6px 14px;margin:12px 0}
.toc summary{cursor:pointer;font-weight:600}
.toc ol{list-style:none;margin:6px 0;padding:0}
.toc li.l2{padding-left:1.2em}.toc li.l3{padding-left:2.4em}
article{background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:8px 12px 16px}
.para{position:relative;margin:0;padding:4px 6px 4px 46px;border-radius:6px;overflow-wrap:anywhere;scroll-margin-top:30vh}
.para:focus{outline:none}
.pn{position:absolute;left:4px;top:6px;width:34px;text-align:right;padding-right:.5em;color:#9ca3af;font:12px/1.9 ui-monospace,monospace;text-decoration:none}
.pn:hover{color:#1d4ed8;text-decoration:underline}
h2.para{font-size:20px;margin-top:18px}h3.para{font-size:18px;margin-top:12px}h4.para{font-size:16px;margin-top:8px}
.table{margin:8px 0;border:1px solid #d1d5db;border-radius:6px;overflow-x:auto}
.row{display:flex;gap:0;padding-top:2px;padding-bottom:2px;border-top:1px solid #e5e7eb;border-radius:0;font-size:14px}
.row:first-child{border-top:0}
.row:nth-child(even){background:#f9fafb}
.cell{flex:1 0 5em;padding:0 8px;border-left:1px solid #e5e7eb}
.pn-cell+.cell{border-left:0;flex-basis:8em}
.page-mark{margin:14px 0 6px;padding-top:4px;border-top:1px dashed #d1d5db;color:#6b7280;font-size:13px;text-align:right}
.para:target{background:#fef3c7;box-shadow:inset 4px 0 0 #f59e0b;animation:flash 1.6s ease-out}
.para mark.hit{background:#f59e0b;color:#1f2937;font-weight:700;padding:0 2px;border-radius:3px;box-shadow:inset 0 -2px 0 #b45309}
@keyframes flash{from{background:#fde68a}to{background:#fef3c7}}
@media (prefers-reduced-motion:reduce){.para:target{animation:none}}
`;

/**
 * Scrolls `#p<n>` to the middle and focuses it; `:target` CSS does the highlighting. On first load it
 * also wraps each whole-number occurrence of `?hl=` (≤ 32 characters; `8件` is not marked inside
 * `18件`) in the target paragraph in `<mark class="hit">`, skipping the paragraph number. Contains no data.
 */
const TARGET_SCRIPT = `<script>(function(){
function at(t,h){for(var i=t.indexOf(h);i>=0;i=t.indexOf(h,i+1)){var b=t.charAt(i-1),b2=t.charAt(i-2),a=t.charAt(i+h.length),a2=t.charAt(i+h.length+1);
if(/^\\d/.test(h)&&(/\\d/.test(b)||(/[.,]/.test(b)&&/\\d/.test(b2))))continue;if(/\\d$/.test(h)&&(/\\d/.test(a)||(/[.,]/.test(a)&&/\\d/.test(a2))))continue;return i;}return -1;}
function mark(e){var h=new URLSearchParams(location.search).get('hl');if(!h||h.length>32||e.querySelector('mark.hit'))return;
var w=document.createTreeWalker(e,NodeFilter.SHOW_TEXT),ns=[],n;while((n=w.nextNode()))if(!n.parentNode.closest('.pn'))ns.push(n);
ns.forEach(function(n){for(var i;(i=at(n.data,h))>=0;){var x=n.splitText(i);n=x.splitText(h.length);var m=document.createElement('mark');m.className='hit';x.parentNode.replaceChild(m,x);m.appendChild(x);}});}
function go(first){var id=decodeURIComponent(location.hash.slice(1));if(!/^p\\d+$/.test(id))return;var e=document.getElementById(id);if(!e)return;if(first===true)mark(e);var r=window.matchMedia&&matchMedia('(prefers-reduced-motion: reduce)').matches;e.scrollIntoView({behavior:r?'auto':'smooth',block:'center'});e.focus({preventScroll:true});}
window.addEventListener('hashchange',go);go(true);})();</script>`;

/** The corpus as a list of links to `/reports/<id>`, sorted by region then year. */
export function renderReportList(summaries: readonly ReportListItem[]): string {
  const sorted = [...summaries].sort(
    (a, b) => (a.region ?? '').localeCompare(b.region ?? '', 'zh-CN') || (a.year ?? 0) - (b.year ?? 0) || a.id.localeCompare(b.id),
  );
  const items = sorted.map((r) => `<li>
<a href="/reports/${encodeURIComponent(r.id)}">${escapeHtml(r.title)}</a>
<p class="meta"><span>地区：${escapeHtml(r.region ?? '未知')}</span><span>年份：${escapeHtml(r.year ?? '未知')}</span>${
    r.body ? `<span>机关：${escapeHtml(r.body)}</span>` : ''
  }<span>${SCRIPT_LABEL[r.script] ?? ''}</span>${r.paragraphs !== undefined ? `<span>${escapeHtml(r.paragraphs)} 段</span>` : ''}</p>
</li>`);
  const body = `<h1>政府信息公开年度报告</h1>
<p class="muted">共 ${sorted.length} 份报告。点击标题查看全文，每一段都有编号，问答中的引用会直接跳到对应段落。</p>
${sorted.length ? `<ul class="report-list">${items.join('\n')}</ul>` : '<p>暂无报告。</p>'}`;
  return renderPage({ title: '报告浏览 - 年报问答', body, css: VIEWER_CSS });
}

/** One report with numbered, addressable paragraphs (`id="p<n>"`), headings by level and table rows as rows. */
export function renderReportPage(report: Report): string {
  const title = report.meta.title.value ?? report.id;
  const levels = new Map(report.sections.map((s) => [s.headingParagraph, s.level]));
  const meta = [
    ['地区', report.meta.region.value],
    ['机关', report.meta.body.value],
    ['年份', report.meta.year.value],
    ['文字', SCRIPT_LABEL[report.script]],
    ['来源文件', report.source],
    ['段落', report.paragraphs.length],
  ]
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => `<span>${escapeHtml(k)}：${escapeHtml(v)}</span>`)
    .join('');
  const toc = report.sections.length
    ? `<details class="toc"><summary>目录</summary><ol>${report.sections
        .map((s) => `<li class="l${Math.min(s.level, 3)}"><a href="#p${s.headingParagraph}">${escapeHtml(s.title)}</a></li>`)
        .join('')}</ol></details>`
    : '';
  const body = `<p><a href="/reports">← 返回报告列表</a></p>
<h1>${escapeHtml(title)}</h1>
<p class="meta">${meta}</p>
${toc}
<article lang="${SCRIPT_LANG[report.script] ?? 'zh'}">
${renderParagraphs(report.paragraphs, levels)}
</article>`;
  return renderPage({ title: `${title} - 年报问答`, body, css: VIEWER_CSS, script: TARGET_SCRIPT });
}

/** Paragraphs in order; consecutive table rows are grouped into one table. */
function renderParagraphs(paragraphs: readonly Paragraph[], levels: ReadonlyMap<number, number>): string {
  const out: string[] = [];
  let rows: string[] = [];
  const flushTable = (): void => {
    if (rows.length) out.push(`<div class="table" role="table" aria-label="表格">${rows.join('')}</div>`);
    rows = [];
  };
  let page: number | undefined;
  for (const p of paragraphs) {
    // A PDF report shows where each page begins, so 第3页 第12段 can be checked against the PDF itself.
    if (p.page && p.page !== page) {
      flushTable();
      page = p.page;
      out.push(`<div class="page-mark" id="page${page}" role="separator" >${pageLabel(page, true)}</div>`);
    }
    const number = `<a class="pn" href="#p${p.n}" aria-label="${paragraphLabel(p.n, p.page, true)}">${p.n}</a>`;
    if (p.kind === 'tableRow') {
      const cells = splitCells(p.text).map((c) => `<span class="cell" role="cell">${escapeHtml(c)}</span>`);
      rows.push(`<div class="para row" role="row" id="p${p.n}" tabindex="-1"><span class="pn-cell" role="cell">${number}</span>${cells.join('')}</div>`);
      continue;
    }
    flushTable();
    if (p.kind === 'heading') {
      const tag = `h${Math.min((levels.get(p.n) ?? 1) + 1, 4)}`;
      out.push(`<${tag} class="para heading" id="p${p.n}" tabindex="-1">${number}${escapeHtml(p.text)}</${tag}>`);
    } else {
      out.push(`<p class="para" id="p${p.n}" tabindex="-1">${number}${escapeHtml(p.text)}</p>`);
    }
  }
  flushTable();
  return out.join('\n');
}

/** Table rows arrive as `cell | cell | cell | |`; trailing empty cells are layout noise. */
export function splitCells(text: string): string[] {
  if (!text.includes('|')) return [text];
  const cells = text.split('|').map((c) => c.trim());
  while (cells.length > 1 && cells[cells.length - 1] === '') cells.pop();
  return cells;
}
