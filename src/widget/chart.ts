/**
 * The small chart under an answer that compares several reports (`chart` on the answer): bars, or a
 * line across years, drawn as inline SVG without a library (the widget's size budget is fixed).
 *
 * The SVG is a picture only (`role="img"` with a one-sentence summary, a visually hidden list of every
 * value beside it); what is clickable sits on top of it as real buttons, one transparent column per
 * point, so a bar or point opens its citation card like the `[n]` chips do and keyboard and screen
 * reader users get a named button instead of an unreachable shape. Labels and values reach the DOM as
 * text nodes and attribute values only.
 */
import type { AnswerChart, Citation } from '../types.js';
import { el } from './dom.js';
import type { OpenCitation } from './render.js';
import { UI } from './strings.js';

const NS = 'http://www.w3.org/2000/svg';
/** The drawing's own coordinates; it scales to the bubble's width. */
const W = 300;
const H = 150;
const TOP = 18; // room for the value label above the highest point
const BASE = H - 24; // room for the year under the axis
const ROW = 22; // one bar
const LABEL_W = 118; // bar labels, right-aligned before the bars

function svg(doc: Document, tag: string, attrs: Record<string, string | number>, text?: string): Element {
  const node = doc.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  if (text !== undefined) node.appendChild(doc.createTextNode(text));
  return node;
}

/** `491400` → `49.14万`: short enough to sit over a narrow bar. */
export function shortNumber(value: number): string {
  const [d, u] = Math.abs(value) >= 1e8 ? [1e8, '亿'] : Math.abs(value) >= 1e4 ? [1e4, '万'] : [1, ''];
  return `${Math.round((value / d) * 100) / 100}${u}`;
}

/** `text` cut with `…` to fit `width` units at font `size` (Han a full em, Latin and digits about half). */
function fit(text: string, width: number, size: number): string {
  let used = 0;
  const chars = [...text];
  for (let i = 0; i < chars.length; i++) {
    used += (chars[i]!.charCodeAt(0) > 255 ? 1 : 0.6) * size;
    if (used > width) return `${chars.slice(0, Math.max(1, i - 1)).join('')}…`;
  }
  return text;
}

/**
 * The chart for `chart`, its points opening the cited passage through `onCite`; a point whose
 * citation the answer does not carry is drawn but not clickable. Bars lie across, one row each, so a
 * label as long as `开封市祥符区 2018年` stays readable in a 360 px panel; a line runs across the years.
 */
export function renderChart(doc: Document, chart: AnswerChart, citations: readonly Citation[], onCite: OpenCitation): HTMLElement {
  const { points, unit } = chart;
  const n = points.length;
  const line = chart.kind === 'line';
  const values = points.map((p) => p.value);
  const lo = Math.min(0, ...values);
  const span = Math.max(0, ...values) - lo || 1;
  const height = line ? H : n * ROW + 4;
  const slot = W / n;
  const size = line && n > 8 ? 9 : 10;
  const text = (p: (typeof points)[number]): string => `${shortNumber(p.value)}${unit}`;
  // Line: value → y in the plot under the value labels. Bars: value → x right of the labels.
  const at = (v: number): number => (line ? BASE - ((v - lo) / span) * (BASE - TOP) : LABEL_W + ((v - lo) / span) * (W - LABEL_W - 48));
  const zero = at(0);
  const lowest = points.reduce((a, b) => (b.value < a.value ? b : a));
  const highest = points.reduce((a, b) => (b.value > a.value ? b : a));
  const picture = svg(doc, 'svg', {
    class: 'chart-svg',
    viewBox: `0 0 ${W} ${height}`,
    role: 'img',
    'aria-label': UI.chartSummary(chart.title, UI.chartKind[chart.kind], n, `${highest.label} ${text(highest)}`, `${lowest.label} ${text(lowest)}`),
  });
  picture.appendChild(line ? svg(doc, 'line', { x1: 0, x2: W, y1: zero, y2: zero, class: 'chart-axis' }) : svg(doc, 'line', { x1: zero, x2: zero, y1: 0, y2: height, class: 'chart-axis' }));
  if (line) picture.appendChild(svg(doc, 'polyline', { points: points.map((p, i) => `${i * slot + slot / 2},${at(p.value)}`).join(' '), class: 'chart-line' }));
  const buttons = el(doc, 'div', { class: 'chart-hits' });
  points.forEach((p, i) => {
    const v = at(p.value);
    if (line) {
      const cx = i * slot + slot / 2;
      picture.appendChild(svg(doc, 'circle', { cx, cy: v, r: 4, class: 'chart-mark' }));
      picture.appendChild(svg(doc, 'text', { x: cx, y: v - 7, class: 'chart-value', 'font-size': size, 'text-anchor': 'middle' }, fit(shortNumber(p.value), slot, size)));
      picture.appendChild(svg(doc, 'text', { x: cx, y: BASE + 14, class: 'chart-label', 'font-size': size, 'text-anchor': 'middle' }, fit(p.label, slot - 2, size)));
    } else {
      const y = i * ROW + 4;
      picture.appendChild(svg(doc, 'text', { x: LABEL_W - 6, y: y + 12, class: 'chart-label', 'font-size': size, 'text-anchor': 'end' }, fit(p.label, LABEL_W - 8, size)));
      picture.appendChild(svg(doc, 'rect', { x: Math.min(v, zero), y: y + 2, width: Math.max(1, Math.abs(v - zero)), height: ROW - 8, class: 'chart-mark' }));
      picture.appendChild(svg(doc, 'text', { x: Math.max(v, zero) + 4, y: y + 12, class: 'chart-value', 'font-size': size, 'text-anchor': 'start' }, text(p)));
    }
    const citation = citations.find((c) => c.n === p.citation);
    if (!citation) return;
    const name = UI.chartOpen(p.label, text(p), citation.n);
    const place = line ? `left:${(i * 100) / n}%;width:${100 / n}%` : `top:${(i * 100) / n}%;height:${100 / n}%`;
    const hit = el(doc, 'button', { class: `chart-hit ${chart.kind}`, attrs: { type: 'button', 'aria-label': name, title: name, style: place } });
    hit.addEventListener('click', () => onCite(citation, hit));
    buttons.appendChild(hit);
  });
  const list = el(doc, 'ul', { class: 'sr-only' });
  for (const p of points) list.appendChild(el(doc, 'li', {}, UI.chartValue(p.label, text(p))));
  return el(doc, 'figure', { class: 'chart', attrs: { 'data-kind': chart.kind } },
    el(doc, 'figcaption', { class: 'chart-title' }, chart.title, unit && ` ${UI.chartUnit(unit)}`),
    el(doc, 'div', { class: 'chart-plot' }, picture, buttons),
    list);
}
