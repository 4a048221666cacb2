/**
 * Chunks: the retrieval and citation units. Headings (and table captions/header rows) join the unit
 * that follows them, so a cited passage shows where it sits; very short paragraphs join their
 * neighbour; long paragraphs split on sentence boundaries. Every table data row is its own chunk.
 */
import { normalizeText } from '../text/index.js';
import type { Chunk, Paragraph } from '../types.js';
import type { RowRole } from './tables.js';

export interface ChunkOptions {
  /** Longest chunk body, in characters, before a paragraph is split on sentence boundaries. */
  maxChars: number;
  /** Paragraphs shorter than this join the next paragraph of the same section. */
  minChars: number;
}

export const DEFAULT_CHUNK_OPTIONS: ChunkOptions = { maxChars: 300, minChars: 40 };

interface Piece {
  paragraphs: number[];
  start: number;
  end: number;
  context: string[];
  hasContext: boolean;
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

  const emit = (units: Paragraph[], start: number, end: number, kind: Chunk['kind'], body: Paragraph) => {
    const first = units[0]!.n;
    const seen = ids.get(`${first}`) ?? 0;
    ids.set(`${first}`, seen + 1);
    const hasContext = units.some((u) => u.context);
    const contextText = units.map((u) => u.context ?? u.text).join('\n');
    const chunkText = text.slice(start, end);
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
      ...(units.some((u) => u.facts?.length) ? { facts: units.flatMap((u) => u.facts ?? []) } : {}),
      norm: normalizeText(`${body.headingPath.join(' ')} ${hasContext ? body.context ?? contextText : chunkText}`),
    });
  };

  for (let i = 0; i < paragraphs.length; i++) {
    const p = paragraphs[i]!;
    const role = rowRoles.get(p.n);
    if (p.kind === 'heading' || role === 'caption' || role === 'header') {
      pending.push(p);
      continue;
    }
    if (p.kind === 'tableRow') {
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
      emit(units, pending.length ? pending[0]!.start : piece.start, piece.end, 'paragraph', group[0]!);
      pending = [];
    }
  }
  if (pending.length) emit(pending, pending[0]!.start, pending[pending.length - 1]!.end, 'paragraph', pending[pending.length - 1]!);
  return chunks;
}

function sameSection(a: Paragraph, b: Paragraph): boolean {
  return a.headingPath.join('\u0000') === b.headingPath.join('\u0000');
}

function spanLength(units: Paragraph[]): number {
  return units.reduce((sum, u) => sum + u.text.length, 0);
}

/** Splits a group whose text is too long into sentence-aligned pieces of at most `max` characters. */
function splitLong(group: Paragraph[], max: number, text: string): { units: Paragraph[]; start: number; end: number }[] {
  const start = group[0]!.start;
  const end = group[group.length - 1]!.end;
  if (end - start <= max || group.length > 1) return [{ units: group, start, end }];
  const p = group[0]!;
  const pieces: { units: Paragraph[]; start: number; end: number }[] = [];
  const sentences = text.slice(start, end).match(/[^。！？!?；;]+[。！？!?；;]*[”’」』)）]*/g) ?? [text.slice(start, end)];
  let pieceStart = start;
  let cursor = start;
  for (const s of sentences) {
    if (cursor + s.length - pieceStart > max && cursor > pieceStart) {
      pieces.push({ units: [p], start: pieceStart, end: cursor });
      pieceStart = cursor;
    }
    cursor += s.length;
  }
  pieces.push({ units: [p], start: pieceStart, end });
  return pieces;
}
