/**
 * Chunks: the retrieval and citation units. Headings (and table captions/header rows) join the unit
 * that follows them, so a cited passage shows where it sits; very short paragraphs join their
 * neighbour; long paragraphs split on sentence boundaries. Every table data row is its own chunk.
 *
 * Every chunk is bounded, whatever the input: a report with no line breaks is one 800,000-character
 * paragraph, and it must still become passages a reader (and an answer quoting one) can take in.
 * A body is at most `maxChars`; a sentence longer than that is cut at a pause (`，`) or, failing one,
 * hard at the limit. Every piece of a paragraph cites that paragraph (its `anchor`), and chunk ids stay
 * as they were: named by the first paragraph a chunk covers, `-2`, `-3`… for the next pieces that
 * start there (`#p5`, `#p5-2`), so the ids of ordinary reports do not change.
 */
import { CLAUSE_STOPS, CLOSING_MARKS, ELLIPSES, PAUSES, SENTENCE_STOPS, charClass } from '../lang/zh/index.js';
import { normalizeText } from '../text/index.js';
import type { Chunk, Paragraph } from '../types.js';
import { storedFacts } from './facts.js';
import type { RowRole } from './tables.js';

export interface ChunkOptions {
  /**
   * Longest chunk body, in characters: a longer paragraph is split on sentence boundaries. Headings
   * joined in front of a body take at most as much again (see `chunkCeiling`).
   */
  maxChars: number;
  /** Paragraphs shorter than this join the next paragraph of the same section. */
  minChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 300, minChars: 40 };

/** The longest any chunk can be: a body and the headings before it, each at most `maxChars`, and the line break between. */
export function chunkCeiling(options: ChunkOptions = DEFAULT_CHUNK_OPTIONS): number {
  return 2 * options.maxChars + 1;
}

const STOPS = [...SENTENCE_STOPS, ...CLAUSE_STOPS, ...ELLIPSES];
/** A sentence with its closing marks: `…8件。`, `…“不公开为例外”。`, or a run with no stop at all. */
const SENTENCE = new RegExp(`${charClass(STOPS, true)}+${charClass(STOPS)}*${charClass(CLOSING_MARKS)}*|${charClass(STOPS)}+${charClass(CLOSING_MARKS)}*`, 'g');
/** Where a too-long run may be cut: after a stop, or a pause within the sentence. */
const CUTTABLE = new Set([...STOPS, ...PAUSES]);
/** A hard cut backs off this far at most, so it does not fall inside a number (`2,675`). */
const MAX_NUMBER_BACKOFF = 16;

interface Span {
  units: Paragraph[];
  start: number;
  end: number;
  /** True for a part of a paragraph that was too long: its facts are read from the part itself. */
  part: boolean;
}

/** Builds the chunks of one report from its paragraphs. `text` is the report's cleaned text. */
export function buildChunks(
  reportId: string,
  text: string,
  paragraphs: Paragraph[],
  rowRoles: Map<number, RowRole>,
  options: ChunkOptions = DEFAULT_CHUNK_OPTIONS,
): Chunk[] {
  const chunks: Chunk[] = [];
  let pending: Paragraph[] = [];
  const ids = new Map<string, number>();

  const emit = (units: Paragraph[], start: number, end: number, kind: Chunk['kind'], body: Paragraph, part = false) => {
    const first = units[0]!.n;
    const seen = ids.get(`${first}`) ?? 0;
    ids.set(`${first}`, seen + 1);
    // A part of a paragraph has neither the whole paragraph's readable form nor all of its figures.
    const hasContext = !part && units.some((u) => u.context);
    const contextText = units.map((u) => u.context ?? u.text).join('\n');
    const chunkText = text.slice(start, end);
    const facts = part
      ? [...units.filter((u) => u !== body).flatMap((u) => u.facts ?? []), ...storedFacts(normalizeText(text.slice(Math.max(start, body.start), end)), 'prose')]
      : units.flatMap((u) => u.facts ?? []);
    chunks.push({
      id: `${reportId}#p${first}${seen ? `-${seen + 1}` : ''}`,
      reportId,
      headingPath: body.headingPath,
      paragraphs: [...new Set(units.map((u) => u.n))],
      anchor: body.n,
      kind,
      start,
      end,
      text: chunkText,
      ...(hasContext ? { context: contextText } : {}),
      ...(facts.length ? { facts } : {}),
      norm: normalizeText(`${body.headingPath.join(' ')} ${hasContext ? body.context ?? contextText : chunkText}`),
    });
  };
  const flushPending = () => {
    if (pending.length) emit(pending, pending[0]!.start, pending[pending.length - 1]!.end, 'paragraph', pending[pending.length - 1]!);
    pending = [];
  };

  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const role = rowRoles.get(p.n);
    // A unit longer than a chunk body (a whole report on one line that holds a `|`) is no heading or
    // table row a reader could take in at once: it is split like prose.
    const oversize = p.text.length > options.maxChars;
    if (!oversize && (p.kind === 'heading' || role === 'caption' || role === 'header')) {
      // The headings joined in front of a passage stay within one body's length; a longer run of them
      // (a table of contents, a header-only table) is cited on its own.
      if (pending.length && p.end - pending[0]!.start > options.maxChars) flushPending();
      pending.push(p);
      continue;
    }
    if (!oversize && p.kind === 'tableRow') {
      const units = [...pending, p];
      emit(units, units[0]!.start, p.end, 'tableRow', p);
      pending = [];
      continue;
    }
    // Prose: absorb following short paragraphs of the same section while the chunk stays small.
    const group = [p];
    while (
      i + 1 < paragraphs.length &&
      group[group.length - 1]!.text.length < options.minChars &&
      paragraphs[i + 1]!.kind === 'paragraph' &&
      sameSection(paragraphs[i + 1]!, p) &&
      spanLength(group) + paragraphs[i + 1]!.text.length <= options.maxChars
    ) group.push(paragraphs[++i]!);
    for (const piece of splitLong(group, options.maxChars, text)) {
      const units = pending.length ? [...pending, ...piece.units] : piece.units;
      emit(units, pending.length ? pending[0]!.start : piece.start, piece.end, 'paragraph', group[0]!, piece.part);
      pending = [];
    }
  }
  flushPending();
  return chunks;
}

function sameSection(a: Paragraph, b: Paragraph): boolean {
  return a.headingPath.join('\u0000') === b.headingPath.join('\u0000');
}

function spanLength(units: Paragraph[]): number {
  return units.reduce((sum, u) => sum + u.text.length, 0);
}

/**
 * Splits a group whose text is too long into pieces of at most `max` characters: at sentence ends
 * where it can, and a sentence longer than `max` at its last pause or, failing one, hard at the limit.
 */
function splitLong(group: Paragraph[], max: number, text: string): Span[] {
  const start = group[0]!.start;
  const end = group[group.length - 1]!.end;
  if (end - start <= max || group.length > 1) return [{ units: group, start, end, part: false }];
  const p = group[0]!;
  const pieces: Span[] = [];
  let pieceStart = start;
  let cursor = start;
  for (const [sentence] of text.slice(start, end).matchAll(SENTENCE)) {
    if (cursor + sentence.length - pieceStart > max && cursor > pieceStart) {
      pieces.push({ units: [p], start: pieceStart, end: cursor, part: true });
      pieceStart = cursor;
    }
    cursor += sentence.length;
    while (cursor - pieceStart > max) {
      const cut = cutPoint(text, pieceStart, pieceStart + max);
      pieces.push({ units: [p], start: pieceStart, end: cut, part: true });
      pieceStart = cut;
    }
  }
  pieces.push({ units: [p], start: pieceStart, end, part: true });
  return pieces;
}

/**
 * Where to cut text that starts at `from` so the piece ends by `limit`: after its last stop or pause
 * (`，`) in the second half of the piece, else at the limit, moved back out of a number (`2,675`) and
 * never between the two halves of a surrogate pair (rare characters such as `𠮷`). Also used to clip
 * quotes (src/answer/citations.ts).
 */
export function cutPoint(text: string, from: number, limit: number): number {
  if (limit >= text.length) return text.length;
  for (let i = limit - 1; i >= from + (limit - from) / 2; i--) if (CUTTABLE.has(text[i]!)) return i + 1;
  let cut = limit;
  const inNumber = (at: number) => /[\d０-９]/.test(text[at - 1] ?? '') && /[\d０-９.,，]/.test(text[at] ?? '');
  for (let back = 0; back < MAX_NUMBER_BACKOFF && cut - 1 > from && inNumber(cut); back++) cut--;
  if (inNumber(cut)) cut = limit;
  const code = text.charCodeAt(cut);
  if (code >= 0xdc00 && code <= 0xdfff && cut - 1 > from) cut--;
  return cut;
}
