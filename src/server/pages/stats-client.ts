/**
 * The browser half of `/stats` (bundled by routes/stats-page.ts into `/assets/stats.js`): it reads the
 * form the server rendered (measure, region, year: the page URL is the state, so every view can be
 * shared as a link), asks `GET /api/stats` with the same query, and draws the figures twice: a Chart.js
 * chart (a line across the years of one region, else bars) and the table below it, the chart's
 * accessible alternative. Every row and every point leads to its paragraph in the report viewer
 * (`/reports/<id>?hl=8件#p26`); a report in scope that does not state the measure is a row marked
 * 未说明, never a 0. Data from the API reaches the page as text nodes and attribute values only.
 */
import type { Chart as ChartJs, ChartConfiguration, Plugin } from 'chart.js';
import {
  chartKind, chartSummary, formatValue, NOT_STATED, parseStats, pointLabel, shortRegion, statsQuery, statsRows, UNKNOWN,
  type StatsResult, type StatsRow,
} from './stats-rows.js';

type Doc = Document;
const make = <K extends keyof HTMLElementTagNameMap>(doc: Doc, tag: K, cls?: string, text?: string): HTMLElementTagNameMap[K] => {
  const node = doc.createElement(tag);
  if (cls) node.className = cls;
  if (text !== undefined) node.textContent = text;
  return node;
};

/** The quote as text, the figure as written inside it in `<mark>`. */
function quoteCell(doc: Doc, quote: string, figure: string): HTMLElement {
  const td = make(doc, 'td', 'quote');
  const at = figure ? quote.indexOf(figure) : -1;
  if (at < 0) {
    td.textContent = quote;
    return td;
  }
  td.append(quote.slice(0, at), make(doc, 'mark', undefined, figure), quote.slice(at + figure.length));
  return td;
}

function renderTable(doc: Doc, table: HTMLTableElement, result: StatsResult, rows: readonly StatsRow[], scope: string): void {
  const stated = rows.filter((r) => r.value !== null).length;
  table.caption!.textContent = `${result.measure.name}（${result.measure.unit}）${scope}：${rows.length} 份报告，其中 ${stated} 份说明了该指标`;
  const body = table.tBodies[0]!;
  body.replaceChildren();
  for (const row of rows) {
    const tr = make(doc, 'tr', row.value === null ? 'silent' : undefined);
    const th = make(doc, 'th', undefined, shortRegion(row.region));
    th.scope = 'row';
    tr.append(th, make(doc, 'td', 'num', row.year === null ? UNKNOWN : String(row.year)));
    tr.append(make(doc, 'td', 'num', row.value === null ? NOT_STATED : `${formatValue(row.value)} ${result.measure.unit}`));
    tr.append(row.value === null ? make(doc, 'td', 'muted', '—') : quoteCell(doc, row.quote, row.text));
    const source = make(doc, 'td');
    // On a phone only the paragraph shows (region and year are in the row); the title stays for screen readers.
    const link = make(doc, 'a');
    link.href = row.href;
    link.append(make(doc, 'span', 'src-title', `《${row.title}》`), make(doc, 'span', 'where', row.where || '全文'));
    source.append(link);
    tr.append(source);
    body.append(tr);
  }
}

/** Draws the values over their bars and points (and 未说明 where a report is silent). */
function valueLabels(rows: readonly StatsRow[], horizontal: boolean): Plugin {
  return {
    id: 'nianbaoValues',
    afterDatasetsDraw(chart) {
      const { ctx } = chart;
      const meta = chart.getDatasetMeta(0);
      const index = chart.scales[horizontal ? 'y' : 'x']!;
      const value = chart.scales[horizontal ? 'x' : 'y']!;
      ctx.save();
      ctx.font = `600 12px ${getComputedStyle(chart.canvas).fontFamily}`;
      rows.forEach((row, i) => {
        const el = meta.data[i];
        const text = row.value === null ? NOT_STATED : formatValue(row.value);
        ctx.fillStyle = row.value === null ? '#9ca3af' : '#1f2937';
        const at = index.getPixelForValue(i);
        const pos = row.value === null || !el ? value.getPixelForValue(0) : horizontal ? el.x : el.y;
        if (horizontal) {
          ctx.textAlign = 'left';
          ctx.textBaseline = 'middle';
          ctx.fillText(text, pos + 6, at);
        } else {
          ctx.textAlign = 'center';
          ctx.textBaseline = 'bottom';
          ctx.fillText(text, at, pos - 10);
        }
      });
      ctx.restore();
    },
  };
}

/** Bars side by side up to this many (on a wide screen); more are drawn across (horizontal), one row each. */
const MAX_COLUMNS = 8;

function renderChart(win: Window & { Chart?: typeof ChartJs }, canvas: HTMLCanvasElement, result: StatsResult, rows: readonly StatsRow[]): ChartJs | null {
  const Chart = win.Chart;
  if (!Chart) return null;
  const kind = chartKind(rows);
  const box = canvas.parentElement!;
  // On a phone, labels like `赤峰市元宝山区 2019` only fit beside bars that lie across.
  const narrow = box.clientWidth < 560;
  const horizontal = kind === 'bar' && (rows.length > MAX_COLUMNS || narrow);
  box.style.height = horizontal ? `${rows.length * 30 + 70}px` : '';
  canvas.setAttribute('aria-label', chartSummary(result, rows, kind));
  Chart.defaults.font.family = getComputedStyle(canvas).fontFamily;
  Chart.defaults.color = '#374151';
  const reduced = win.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  const { name, unit } = result.measure;
  const valueAxis = { beginAtZero: true, grace: '12%', title: { display: true, text: narrow ? `单位：${unit}` : `${name}（${unit}）` }, ticks: { precision: 0 } };
  // Labels across (`赤峰市 2019`) explain themselves; an axis title beside them would only crowd them.
  const indexAxis = { title: { display: !horizontal, text: kind === 'line' ? '年份' : '地区 年份' } };
  const config: ChartConfiguration<'bar' | 'line', (number | null)[], string> = {
    type: kind,
    data: {
      labels: rows.map((r) => pointLabel(r, kind)),
      datasets: [{
        label: name,
        data: rows.map((r) => r.value),
        backgroundColor: '#2563eb',
        borderColor: '#2563eb',
        borderWidth: kind === 'line' ? 3 : 0,
        pointRadius: 6,
        pointHoverRadius: 8,
        maxBarThickness: 48,
        spanGaps: false,
      }],
    },
    options: {
      indexAxis: horizontal ? 'y' : 'x',
      responsive: true,
      maintainAspectRatio: false,
      animation: reduced ? false : { duration: 300 },
      layout: { padding: { right: horizontal ? 56 : 8, top: 20 } },
      scales: horizontal ? { x: valueAxis, y: indexAxis } : { x: indexAxis, y: valueAxis },
      plugins: {
        legend: { display: false },
        tooltip: { callbacks: { label: (item) => `${rows[item.dataIndex]!.text || NOT_STATED}（点击查看原文）` } },
      },
      // A point leads to its paragraph, as the table's links do.
      onClick: (_event, elements) => {
        const row = elements[0] ? rows[elements[0].index] : undefined;
        if (row && row.value !== null) win.location.assign(row.href);
      },
      onHover: (_event, elements) => {
        canvas.style.cursor = elements.length ? 'pointer' : 'default';
      },
    },
    plugins: [valueLabels(rows, horizontal)],
  };
  return new Chart(canvas, config as ChartConfiguration);
}

/** What the form asks about, in words: `赤峰市 2012-2019年`. */
function scopeText(fields: Record<string, string>): string {
  const parts = [fields.region?.trim() || '全部地区', fields.year?.trim() ? `${fields.year.trim()}年` : '', fields.body?.trim() ?? ''].filter(Boolean);
  return `（${parts.join(' ')}）`;
}

/** Reads the form, fetches the figures and draws chart and table; errors become one sentence. */
export async function startStatsPage(doc: Doc, win: Window & { Chart?: typeof ChartJs }): Promise<void> {
  const form = doc.getElementById('stats-form') as HTMLFormElement | null;
  const status = doc.getElementById('stats-status');
  const result = doc.getElementById('stats-result');
  const table = doc.getElementById('stats-table') as HTMLTableElement | null;
  const canvas = doc.getElementById('stats-chart') as HTMLCanvasElement | null;
  if (!form || !status || !result || !table || !canvas) return;
  const fields: Record<string, string> = {};
  new FormData(form).forEach((value, key) => (fields[key] = String(value)));
  const csv = doc.getElementById('stats-csv') as HTMLAnchorElement | null;
  if (csv) csv.href = statsQuery(fields, true);
  let data: unknown;
  try {
    const res = await fetch(statsQuery(fields), { headers: { Accept: 'application/json' } });
    data = await res.json().catch(() => null);
    if (!res.ok) {
      const message = (data as { error?: { message?: unknown } } | null)?.error?.message;
      throw new Error(typeof message === 'string' ? message.split(' (')[0] : `HTTP ${res.status}`);
    }
  } catch (error) {
    status.textContent = `无法加载统计数据：${error instanceof Error ? error.message : String(error)}`;
    status.className = 'error';
    return;
  }
  const stats = parseStats(data);
  if (!stats) {
    status.textContent = '无法加载统计数据：服务器返回的数据格式不正确。';
    status.className = 'error';
    return;
  }
  const rows = statsRows(stats);
  const scope = scopeText(fields);
  if (rows.length === 0) {
    status.textContent = `所选范围${scope}内没有报告。`;
    return;
  }
  const silent = rows.filter((r) => r.value === null).length;
  status.textContent = `${stats.measure.name}${scope}：${rows.length - silent} 份报告说明了该指标${silent ? `，${silent} 份未说明（表中标为“${NOT_STATED}”，不计为 0）` : ''}。`;
  status.className = '';
  renderTable(doc, table, stats, rows, scope);
  result.hidden = false;
  renderChart(win, canvas, stats, rows);
}
