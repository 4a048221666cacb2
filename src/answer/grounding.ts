/**
 * Grounding checks: an answer may only state numbers its cited passages state, and may only cite
 * passages that were returned. Numbers are compared by value (`2万` = `2萬` = `20000`, `7,059` = `7059`,
 * `49.14` = `49.1400`), never as substrings, so `8` is not "supported" by `18` or `2008`.
 */
import { CLAUSE_STOPS, CLOSING_MARKS, SENTENCE_STOPS } from '../lang/zh/index.js';
import type { Citation } from '../types.js';
import { extractNumbers, normalizeWidth } from '../text/index.js';
import { citedNumbers, MARKER_PATTERN, stripMarkers } from './citations.js';

export interface GroundingReport {
  grounded: boolean;
  /** Numbers as written in the answer that no cited passage supports. */
  ungroundedNumbers: string[];
  /** Marker numbers that point at no returned citation. */
  badMarkers: number[];
}

/**
 * Checks a whole answer. Every number must stand in one of the citations the answer references with
 * `[n]` markers — in the quoted passage or in the citation's title, section path or year, since answers
 * legitimately name the report (`《赤峰市2012年政府信息公开工作年度报告》`). An answer that states numbers
 * but cites nothing is therefore ungrounded. Markers themselves and list enumerators (`1.`, `(2)`) at
 * line starts are not claims and are not checked.
 */
export function verifyAnswer(text: string, citations: Citation[]): GroundingReport {
  const cited = new Set(citedNumbers(text));
  return check(text, citations, supportedValues(citations.filter((c) => cited.has(c.n))));
}

/**
 * Checks one sentence on its own, before the rest of the answer is known (streaming): its markers must
 * be valid and its numbers may stand in any of the given citations, because the marker that covers a
 * sentence often comes at the end of a later one. `verifyAnswer` on the full text stays the final word.
 */
export function verifySentence(sentence: string, citations: Citation[]): GroundingReport {
  return check(sentence, citations, supportedValues(citations));
}

/**
 * Removes the sentences that carry ungrounded numbers or bad markers, repeating until the rest is
 * grounded (dropping a sentence can drop the only marker that supported another). Returns null when
 * what remains cites nothing, so the caller withdraws the answer or falls back.
 */
export function repairAnswer(text: string, citations: Citation[]): string | null {
  let sentences = splitSentences(text);
  for (;;) {
    const current = sentences.join('');
    const cited = new Set(citedNumbers(current));
    const support = supportedValues(citations.filter((c) => cited.has(c.n)));
    const kept = sentences.filter((s) => check(s, citations, support).grounded);
    if (kept.length === sentences.length) break;
    sentences = kept;
  }
  const repaired = sentences.join('').trim();
  const valid = new Set(citations.map((c) => c.n));
  return citedNumbers(repaired).some((n) => valid.has(n)) ? repaired : null;
}

/** Sentence terminators; `.` is not one, because it is a decimal point far more often than an end. */
const TERMINATORS = [...SENTENCE_STOPS, ...CLAUSE_STOPS, '\n'].join('');
/** Closing quotes and brackets that belong to the sentence they follow. */
const CLOSERS = CLOSING_MARKS.join('');
const MARKER_AT_START = new RegExp(`^[ \\t]*${MARKER_PATTERN}`);
/** A prefix that may still grow into a marker once more text arrives: `[`, `[1`, `[1,`. */
const PARTIAL_MARKER = /^[ \t]*(?:[[［](?:[0-9０-９]{1,3}(?:\s*[,，、]\s*[0-9０-９]{0,3})*)?)?$/;

/**
 * End offset of the first complete sentence starting at `from`, or -1 if more text is needed. A
 * sentence owns its terminator, closing quotes and any `[n]` markers right after it (`…8件。[1]`), so
 * while streaming, a sentence is complete only once the next character shows no marker follows.
 * With `final`, the end of the text ends the last sentence.
 */
export function sentenceEnd(text: string, from = 0, final = false): number {
  for (let i = from; i < text.length; i++) {
    if (!TERMINATORS.includes(text[i]!)) continue;
    let j = i + 1;
    while (j < text.length && (TERMINATORS.includes(text[j]!) || CLOSERS.includes(text[j]!))) j++;
    for (let m = MARKER_AT_START.exec(text.slice(j)); m; m = MARKER_AT_START.exec(text.slice(j))) j += m[0].length;
    if (final) return j;
    return j < text.length && !PARTIAL_MARKER.test(text.slice(j)) ? j : -1;
  }
  return final && from < text.length ? text.length : -1;
}

/** The text cut into sentences that join back to it exactly. */
export function splitSentences(text: string): string[] {
  const out: string[] = [];
  for (let from = 0; from < text.length; ) {
    const end = sentenceEnd(text, from, true);
    out.push(text.slice(from, end));
    from = end;
  }
  return out;
}

function check(text: string, citations: Citation[], support: Set<number>): GroundingReport {
  const valid = new Set(citations.map((c) => c.n));
  const badMarkers = citedNumbers(text).filter((n) => !valid.has(n));
  const ungroundedNumbers = claimedNumbers(text)
    .filter((m) => !m.values.some((v) => support.has(v)))
    .map((m) => m.raw);
  return { grounded: badMarkers.length === 0 && ungroundedNumbers.length === 0, ungroundedNumbers, badMarkers };
}

/**
 * Numeric values a set of citations supports: their quotes, readable table context (derived from the
 * same table's caption and header rows), titles, section paths and years.
 */
function supportedValues(citations: Citation[]): Set<number> {
  const values = new Set<number>();
  for (const c of citations) {
    for (const n of extractNumbers(`${c.title}\n${c.section}\n${c.quote}\n${c.context ?? ''}`)) values.add(n.value);
    if (c.year !== null) values.add(c.year);
  }
  return values;
}

/** Line-leading list enumerators (`1.`, `2、`, `(3)`): structure, not claims. */
const ENUMERATOR = /(^|\n)[ \t]*(?:\d{1,2}[.、)](?!\d)|\(\d{1,2}\))/g;

/**
 * The numbers an answer claims, each with the values that would support it: its value, and for
 * `49.14万元` also the bare `49.14`, because tables state amounts in a unit named only in the header.
 * A lone `一` (`一个`, `一次`) is phrasing far more often than a count, so it is not checked.
 */
function claimedNumbers(text: string): { raw: string; values: number[] }[] {
  const plain = normalizeWidth(stripMarkers(text)).replace(ENUMERATOR, '$1');
  return extractNumbers(plain)
    .filter((m) => m.raw !== '一')
    .map((m) => {
      const values = [m.value];
      if (/\d/.test(m.raw) && /[万萬亿億千]$/.test(m.raw)) values.push(Number(m.raw.replace(/[^\d.]/g, '')));
      return { raw: m.raw, values };
    });
}
