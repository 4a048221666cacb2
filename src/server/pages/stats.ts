/**
 * `/stats`: one standard measure read from many reports, as a chart and a table. The server renders
 * the form (measure picker from the catalogue, region, optional years) with the request's query filled
 * in, so the URL is the whole state and a view can be shared as a link; the page's own script
 * (stats-client.ts, served as /assets/stats.js) fetches `/api/stats` with the same query and draws the
 * Chart.js chart and the table. Chart.js is loaded on this page only; the widget never carries it.
 */
import { escapeHtml, renderPage } from './html.js';

/** An entry of the measure picker. */
export interface MeasureOption {
  id: string;
  name: string;
  unit: string;
}

/** The page's state, as the URL query carries it (each value already trimmed and bounded). */
export interface StatsPageQuery {
  measure?: string;
  region?: string;
  year?: string;
  body?: string;
}

export interface StatsPageOptions {
  query: StatsPageQuery;
  measures: readonly MeasureOption[];
  /** Script URLs (versioned, so they can be cached for long). */
  chartScript: string;
  clientScript: string;
}

/** The measure shown when the URL names none: the figure the issue's questions ask about most. */
export const DEFAULT_MEASURE = '依申请公开.收到';

const STATS_CSS = `
.stats-form{display:flex;flex-wrap:wrap;gap:10px 14px;align-items:flex-end;background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:12px 14px;margin:0 0 12px}
.field{display:flex;flex-direction:column;gap:2px;flex:1 1 12em;min-width:0}
.field label{font-weight:600;font-size:14px}
.field select,.field input{font:inherit;font-size:16px;min-height:44px;padding:6px 8px;border:1px solid #9ca3af;border-radius:8px;background:#fff;color:inherit;width:100%}
.field .hint{font-size:12px;color:#6b7280}
.stats-form button{font:inherit;font-weight:600;min-height:44px;padding:0 20px;border:0;border-radius:8px;background:#1d4ed8;color:#fff;cursor:pointer}
.stats-form button:hover{background:#1e40af}
#stats-status{margin:4px 0 10px}
#stats-status.error{color:#991b1b;background:#fef2f2;border:1px solid #fecaca;border-radius:8px;padding:8px 12px}
.notice{color:#92400e;background:#fffbeb;border:1px solid #fcd34d;border-radius:8px;padding:8px 12px}
.chart-box{position:relative;height:clamp(260px,45vw,380px);background:#fff;border:1px solid #e5e7eb;border-radius:10px;padding:8px}
.chart-hint{font-size:13px;margin:4px 0 14px}
.table-wrap{overflow-x:auto;background:#fff;border:1px solid #e5e7eb;border-radius:10px}
#stats-table{border-collapse:collapse;width:100%;font-size:14px}
#stats-table caption{text-align:left;font-weight:600;padding:8px 10px}
#stats-table th,#stats-table td{border-top:1px solid #e5e7eb;text-align:left;padding:6px 10px;vertical-align:top;overflow-wrap:anywhere}
#stats-table thead th{background:#f1f5f9;border-top:0;white-space:nowrap}
#stats-table .num{white-space:nowrap}
#stats-table tbody th{min-width:7em}
#stats-table .quote{min-width:10em}
#stats-table mark{background:#fde68a;color:inherit;font-weight:700;padding:0 1px}
#stats-table tr.silent{color:#6b7280;background:#f9fafb}
#stats-table .where{display:block;font-size:12px;color:#6b7280}
.downloads{margin:12px 0}
@media (max-width:560px){#stats-table{font-size:13px}#stats-table th,#stats-table td{padding:5px 6px}#stats-table .quote{min-width:8em}#stats-table tbody th{min-width:0}
#stats-table .src-title{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
#stats-table .where{font-size:13px;color:inherit;white-space:nowrap}}
`;

/** Picker options grouped by family (the id before its first dot: 依申请公开, 行政复议 …). */
function measureOptions(measures: readonly MeasureOption[], selected: string): string {
  const groups = new Map<string, MeasureOption[]>();
  for (const m of measures) {
    const family = m.id.split('.')[0]!;
    groups.set(family, [...(groups.get(family) ?? []), m]);
  }
  return [...groups]
    .map(([family, list]) => `<optgroup label="${escapeHtml(family)}">${list
      .map((m) => `<option value="${escapeHtml(m.id)}"${m.id === selected ? ' selected' : ''}>${escapeHtml(m.name)}（${escapeHtml(m.unit)}）</option>`)
      .join('')}</optgroup>`)
    .join('');
}

/** The `/api/stats` query for the page's state (the no-script CSV link; the script rebuilds it). */
function apiQuery(query: StatsPageQuery, measure: string, extra: Record<string, string> = {}): string {
  const params = new URLSearchParams();
  for (const [key, value] of Object.entries({ ...query, measure, ...extra })) if (value) params.set(key, value);
  return `/api/stats?${params}`;
}

/** The statistics page for `query`; an unknown measure is named in a notice and the default shown. */
export function renderStatsPage(options: StatsPageOptions): string {
  const { query, measures } = options;
  const known = measures.some((m) => m.id === query.measure);
  const fallback = measures.some((m) => m.id === DEFAULT_MEASURE) ? DEFAULT_MEASURE : (measures[0]?.id ?? '');
  const measure = known ? query.measure! : fallback;
  const unknown = query.measure && !known ? `<p class="notice" role="alert">没有名为“${escapeHtml(query.measure)}”的指标，已改为显示默认指标。</p>` : '';
  const body = `<h1>统计对比</h1>
<p class="muted">从各份年报中读出同一项标准指标，按地区或年份对比。每个数值都链接到它所在的原文段落；报告没有说明的，标为“未说明”，不计为 0。</p>
${unknown}
<form id="stats-form" class="stats-form" method="get" action="/stats">
<div class="field"><label for="f-measure">指标</label><select id="f-measure" name="measure">${measureOptions(measures, measure)}</select></div>
<div class="field"><label for="f-region">地区</label><input id="f-region" name="region" value="${escapeHtml(query.region ?? '')}" placeholder="例如：赤峰市（留空为全部地区）" autocomplete="off"></div>
<div class="field"><label for="f-year">年份（可选）</label><input id="f-year" name="year" value="${escapeHtml(query.year ?? '')}" placeholder="2012 或 2012-2019" inputmode="numeric" pattern="\\d{4}(\\s*[\\-~–—至到]\\s*\\d{4})?" aria-describedby="f-year-hint"><span class="hint" id="f-year-hint">一年，或用“-”连接的起止年份</span></div>
${query.body ? `<input type="hidden" name="body" value="${escapeHtml(query.body)}">` : ''}
<button type="submit">查询</button>
</form>
<p id="stats-status" role="status" aria-live="polite">正在加载统计数据…</p>
<noscript><p class="notice">图表和表格需要启用 JavaScript 才能显示；也可以直接下载下面的 CSV 文件。</p></noscript>
<section id="stats-result" aria-labelledby="stats-caption" hidden>
<div class="chart-box"><canvas id="stats-chart" role="img" aria-label="统计图，数据见下表">统计图，数据见下表。</canvas></div>
<p class="chart-hint muted">点击图中的柱或点，可打开该数值所在的原文段落。</p>
<div class="table-wrap"><table id="stats-table"><caption id="stats-caption"></caption>
<thead><tr><th scope="col">地区</th><th scope="col">年份</th><th scope="col">数值</th><th scope="col">原文</th><th scope="col">出处</th></tr></thead>
<tbody></tbody></table></div>
</section>
<p class="downloads"><a id="stats-csv" href="${escapeHtml(apiQuery(query, measure, { format: 'csv' }))}" download>下载 CSV（所选指标和范围的全部数值与出处）</a></p>`;
  const script = `<script src="${escapeHtml(options.chartScript)}" defer></script>\n<script src="${escapeHtml(options.clientScript)}" defer></script>`;
  return renderPage({ title: '统计对比 - 年报问答', body, css: STATS_CSS, script });
}
