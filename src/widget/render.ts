/**
 * Renderers for the parts of a conversation that carry server text: the answer with citation
 * chips, the list of sources under it, the detail card of one cited passage, and the sentence shown
 * for a failure. They take the `Document` as a parameter so tests can run them in Node against a
 * minimal fake document.
 */
import type { Answer, Citation } from '../types.js';
import type { WidgetApiError } from './api.js';
import { renderChart } from './chart.js';
import { el, safeEndpointUrl } from './dom.js';
import { splitOnFigure } from './figures.js';
import { segmentAnswer } from './segments.js';
import { UI } from './strings.js';

/** Called when a chip or a source entry is activated; `trigger` regains focus when the card closes. */
export type OpenCitation = (citation: Citation, trigger: HTMLElement) => void;

/**
 * The answer text with `[n]` markers turned into chips. While streaming (`onCite` undefined) chips
 * are inert spans, because the streaming bubble is hidden from screen readers and must not hold
 * focusable controls; the final answer gets real buttons.
 */
export function renderAnswerText(doc: Document, text: string, citations: readonly Citation[], onCite?: OpenCitation): HTMLElement {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const known = citations.length > 0 ? new Set(byNumber.keys()) : undefined;
  const container = el(doc, 'div', { class: 'answer-text' });
  for (const segment of segmentAnswer(text, known)) {
    if (segment.kind === 'text') {
      container.appendChild(doc.createTextNode(segment.text));
      continue;
    }
    const citation = byNumber.get(segment.n);
    if (!onCite || !citation) {
      container.appendChild(el(doc, 'span', { class: 'chip', attrs: { 'aria-hidden': 'true' } }, segment.n));
      continue;
    }
    const chip = el(doc, 'button', {
      class: 'chip',
      attrs: { type: 'button', 'aria-label': UI.citationLabel(citation.n, citation.title, citation.paragraph, citation.page) },
    }, citation.n);
    chip.addEventListener('click', () => onCite(citation, chip));
    container.appendChild(chip);
  }
  return container;
}

/**
 * The final answer bubble. A refusal gets its own look and a label, so "the reports do not say"
 * never reads like a factual answer; a comparison's chart and then the citations are listed under a
 * grounded answer.
 */
export function renderFinalAnswer(doc: Document, answer: Answer, onCite: OpenCitation): HTMLElement {
  const bubble = el(doc, 'div', { class: answer.refused ? 'msg bot refused' : 'msg bot', attrs: { 'data-refused': answer.refused } });
  if (answer.refused) bubble.appendChild(el(doc, 'p', { class: 'refused-label' }, UI.refusedLabel));
  else bubble.appendChild(el(doc, 'span', { class: 'sr-only' }, `${UI.assistant}：`));
  bubble.appendChild(renderAnswerText(doc, answer.answer, answer.citations, onCite));
  // A comparison across reports also gets its figures as a chart, each bar opening its citation.
  if (answer.chart && !answer.refused) bubble.appendChild(renderChart(doc, answer.chart, answer.citations, onCite));
  if (answer.citations.length > 0) bubble.appendChild(renderSources(doc, answer.citations, onCite));
  return bubble;
}

/** The numbered list of sources under an answer: report title and paragraph, each opening its card. */
export function renderSources(doc: Document, citations: readonly Citation[], onCite: OpenCitation): HTMLElement {
  const list = el(doc, 'ol', { class: 'sources-list' });
  for (const citation of citations) {
    const button = el(doc, 'button', { class: 'source', attrs: { type: 'button' } },
      el(doc, 'span', { class: 'chip', attrs: { 'aria-hidden': 'true' } }, citation.n),
      el(doc, 'span', { class: 'source-title' }, citation.title),
      el(doc, 'span', { class: 'source-where' }, UI.paragraph(citation.paragraph, citation.page)),
    );
    button.setAttribute('aria-label', UI.citationLabel(citation.n, citation.title, citation.paragraph, citation.page));
    button.addEventListener('click', () => onCite(citation, button));
    list.appendChild(el(doc, 'li', {}, button));
  }
  return el(doc, 'div', { class: 'sources' }, el(doc, 'p', { class: 'sources-title' }, UI.sourcesTitle), list);
}

/** Longest `?hl=` we send: a figure with its unit, never a sentence. */
const HIGHLIGHT_MAX = 32;

/**
 * The link to the cited paragraph in the report viewer, or a link rebuilt from the report id if the
 * given URL leaves the endpoint. `highlight` (the answer's figure as the quote writes it) travels as
 * `?hl=`, which the viewer marks inside the target paragraph.
 */
export function citationHref(endpoint: string, citation: Pick<Citation, 'url' | 'reportId' | 'paragraph'>, highlight?: string | null): string {
  const href =
    safeEndpointUrl(endpoint, citation.url) ??
    safeEndpointUrl(endpoint, `/reports/${encodeURIComponent(citation.reportId)}#p${citation.paragraph}`);
  if (!href) return '#';
  if (!highlight || highlight.length > HIGHLIGHT_MAX) return href;
  const url = new URL(href);
  url.searchParams.set('hl', highlight);
  return url.href;
}

/** `text` as text nodes, each occurrence of `figure` in a `<strong class="hit">`. */
function withFigure(doc: Document, container: HTMLElement, text: string, figure: string | null): HTMLElement {
  for (const run of splitOnFigure(text, figure)) {
    container.appendChild(run.hit ? el(doc, 'strong', { class: 'hit' }, run.text) : doc.createTextNode(run.text));
  }
  return container;
}

/**
 * The card for one cited passage: report title, region and year, section path, paragraph number,
 * the quote highlighted (plus a table row's header context, when the server sends one) with the
 * answer's `figure` emphasised in it, and a link to the paragraph in the report viewer, in a footer
 * that stays in view while a long quote scrolls.
 */
export function renderCitationDetail(doc: Document, citation: Citation, endpoint: string, headingId: string, figure: string | null = null): HTMLElement {
  const facts: [string, string][] = [
    [UI.region, citation.region ?? UI.unknown],
    [UI.year, citation.year === null ? UI.unknown : String(citation.year)],
    [UI.section, citation.section || UI.unknown],
    [UI.location, UI.paragraph(citation.paragraph, citation.page)],
  ];
  const context = citation.context && citation.context !== citation.quote ? citation.context : null;
  const list = el(doc, 'dl', { class: 'facts' });
  for (const [term, value] of facts) {
    list.appendChild(el(doc, 'dt', {}, term));
    list.appendChild(el(doc, 'dd', {}, value));
  }
  const inPassage = figure !== null && (splitOnFigure(citation.quote, figure).length > 1 || (context !== null && splitOnFigure(context, figure).length > 1));
  return el(doc, 'div', { class: 'detail-body' },
    el(doc, 'div', { class: 'detail-main' },
      el(doc, 'h3', { class: 'detail-title', attrs: { id: headingId, tabindex: -1 } }, citation.title),
      list,
      el(doc, 'p', { class: 'quote-label' }, UI.quote),
      el(doc, 'blockquote', { class: 'quote' }, withFigure(doc, el(doc, 'mark'), citation.quote, figure)),
      // A bare table row (`65 | 2.4%`) means little alone; the server adds its headers as context.
      context && el(doc, 'p', { class: 'quote-label' }, UI.context),
      context && withFigure(doc, el(doc, 'p', { class: 'context' }), context, figure)),
    el(doc, 'div', { class: 'detail-foot' },
      el(doc, 'a', {
        class: 'report-link',
        attrs: { href: citationHref(endpoint, citation, inPassage ? figure : null), target: '_blank', rel: 'noopener noreferrer' },
      }, UI.viewInReport(citation.paragraph, citation.page), el(doc, 'span', { class: 'sr-only' }, UI.opensNewWindow))),
  );
}

/** The Chinese sentence for a failure; the server's own message is used for client errors it explains best. */
export function describeError(error: WidgetApiError, originRefused = false): string {
  if (error.code === 'ORIGIN_NOT_ALLOWED' || (originRefused && error.code === 'NETWORK')) return UI.originRefused;
  if (error.code === 'NETWORK') return UI.networkError;
  if (error.code === 'STREAM_INTERRUPTED' || error.code === 'INVALID_RESPONSE') return UI.streamInterrupted;
  if (error.code === 'RATE_LIMITED' || error.status === 429) return UI.rateLimited(error.retryAfter);
  if (error.code === 'OVERLOADED') return UI.overloaded(error.retryAfter);
  if (error.status !== null && error.status >= 400 && error.status < 500) return error.message.split(' (')[0] || UI.serverError;
  return UI.serverError;
}
