/**
 * Finds the figure that answered the question, so the citation card (and the report viewer, via
 * `?hl=`) can emphasise it inside the quoted paragraph instead of only highlighting the paragraph
 * as a whole. Everything here works on plain strings and returns offsets or substrings of the quote;
 * the renderer puts them into text nodes, never markup.
 *
 * Which figure: the extractive answerer leads with it (`8件。根据《…》，全年受理依申请公开8件…[1]`);
 * an LLM answer puts it right before the marker (`…全年受理依申请公开8件[1]`). We try the lead
 * sentence first, then the figure just before the citation's first marker, and keep the first one
 * the quote really contains. No match → no emphasis: we never mark a number the quote does not have.
 */
import { TRADITIONAL_FIGURE_CHARS, UNITS } from '../lang/zh/units.js';
import { segmentAnswer } from './segments.js';

/**
 * A number (thousands separators, decimals, percent), an optional 万/亿, 余/多 and a unit of the
 * language package, in simplified script: it is matched against folded text (`foldFigureText`).
 */
const FIGURE = new RegExp(
  String.raw`\d+(?:[.,]\d+)*(?:\s?[%‰])?[万亿千]?[余多]?(?:${UNITS.map((u) => u.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})?`,
  'g',
);

/** A lead sentence longer than this is prose, not a lead (`8件。`, `近2万条。`, `2。`). */
const LEAD_MAX = 24;

/** Full-width punctuation figures use, folded with the traditional characters of the language package. */
const FOLD: Record<string, string> = { ...TRADITIONAL_FIGURE_CHARS, '，': ',', '．': '.', '％': '%' };

/** Folds full-width digits and traditional unit characters so `2萬條` matches `2万条`; keeps the length. */
export function foldFigureText(text: string): string {
  let out = '';
  for (const ch of text) {
    const code = ch.charCodeAt(0);
    out += code >= 0xff10 && code <= 0xff19 ? String.fromCharCode(code - 0xfee0) : (FOLD[ch] ?? ch);
  }
  return out;
}

/** The figures of `text`, in order, folded (years such as `2012年` included; callers decide). */
export function figuresIn(text: string): string[] {
  return [...foldFigureText(text).matchAll(FIGURE)].map((m) => m[0].trim()).filter((f) => /\d/.test(f));
}

const isYear = (figure: string): boolean => /^\d{4}年$/.test(figure);

/**
 * The candidate figures for citation `n` of `answer`, best first: the figure of a short lead
 * sentence, then the last figure of the clause right before `[n]` (years skipped there, since
 * `2012年…8件[1]` cites the 8件).
 */
export function answerFigures(answer: string, n: number): string[] {
  const segments = segmentAnswer(answer);
  const plain = segments.map((s) => (s.kind === 'text' ? s.text : '')).join('');
  const out: string[] = [];
  const lead = /^[^。！？!?\n]*/.exec(plain.trimStart())![0];
  if (lead.length <= LEAD_MAX) {
    const figures = figuresIn(lead);
    const first = figures.find((f) => !isYear(f)) ?? figures[0];
    if (first) out.push(first);
  }
  let before = '';
  for (const segment of segments) {
    if (segment.kind === 'text') before += segment.text;
    else if (segment.n === n) {
      const clause = before.replace(/[\s。，；！？,;!?：:]+$/, '').split(/[。，；！？,;!?\n]/).pop() ?? '';
      const last = figuresIn(clause).filter((f) => !isYear(f)).pop();
      if (last) out.push(last);
      break;
    }
  }
  return [...new Set(out)];
}

export interface Span {
  start: number;
  end: number;
}

/**
 * Where `figure` stands in `text` as a whole number: not inside a longer one (`8件` is not in
 * `18件`, `2` is not in `2.5` or `2012`). Matching folds traditional units and full-width digits.
 */
export function findFigure(text: string, figure: string): Span[] {
  const hay = foldFigureText(text);
  const needle = foldFigureText(figure);
  if (!needle || !/\d/.test(needle)) return [];
  const spans: Span[] = [];
  for (let at = hay.indexOf(needle); at !== -1; at = hay.indexOf(needle, at + needle.length)) {
    const end = at + needle.length;
    // `18件` holds `8件`, `2.5` and `1,200` hold `5` and `200`; a clause comma (`申请,2件`) does not.
    const before = hay.slice(Math.max(0, at - 2), at);
    const after = hay.slice(end, end + 2);
    if (/^\d/.test(needle) && /(\d|\d[.,])$/.test(before)) continue;
    if (/\d$/.test(needle) && /^(\d|[.,]\d)/.test(after)) continue;
    spans.push({ start: at, end });
  }
  return spans;
}

/**
 * The figure to emphasise in citation `n`'s passage: the first candidate found in `quote` (or in
 * the table row's `context`), as it is written there (so `2萬條` in a traditional report).
 */
export function citedFigure(answer: string, n: number, quote: string, context?: string): string | null {
  for (const figure of answerFigures(answer, n)) {
    for (const text of [quote, context ?? '']) {
      const span = findFigure(text, figure)[0];
      if (span) return text.slice(span.start, span.end);
    }
  }
  return null;
}

/** `text` cut into runs, `hit` marking each occurrence of `figure`; one run (no hit) when absent. */
export function splitOnFigure(text: string, figure: string | null): { text: string; hit: boolean }[] {
  const spans = figure ? findFigure(text, figure) : [];
  const runs: { text: string; hit: boolean }[] = [];
  let last = 0;
  for (const { start, end } of spans) {
    if (start > last) runs.push({ text: text.slice(last, start), hit: false });
    runs.push({ text: text.slice(start, end), hit: true });
    last = end;
  }
  if (last < text.length || runs.length === 0) runs.push({ text: text.slice(last), hit: false });
  return runs;
}
