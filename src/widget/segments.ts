/**
 * Splits answer text into plain text and citation markers, so the renderer can turn `[2]` into a
 * chip without ever parsing the answer as HTML. Answerers write markers as `[1]`, `[1][2]` or
 * `[1, 2]` / `[1、2]`; a marker whose numbers are not all known citations stays literal text (it may
 * be part of the report's own wording, e.g. a footnote `[3]`).
 */

export type AnswerSegment = { kind: 'text'; text: string } | { kind: 'cite'; n: number };

/** Also matches full-width brackets, which Chinese input methods produce. */
const MARKER = /[[［【]\s*(\d{1,3}(?:\s*[,，、]\s*\d{1,3})*)\s*[\]］】]/g;

/**
 * Segments `text` into text runs and citation numbers. When `known` is given, only markers whose
 * every number is in it become citations; pass `undefined` to accept every marker (used while the
 * citations event has not arrived yet).
 */
export function segmentAnswer(text: string, known?: ReadonlySet<number>): AnswerSegment[] {
  const segments: AnswerSegment[] = [];
  let last = 0;
  const pushText = (t: string): void => {
    if (t === '') return;
    const prev = segments[segments.length - 1];
    if (prev?.kind === 'text') prev.text += t;
    else segments.push({ kind: 'text', text: t });
  };
  for (const match of text.matchAll(MARKER)) {
    const numbers = match[1]!.split(/[,，、]/).map((s) => Number(s.trim()));
    if (known && !numbers.every((n) => known.has(n))) continue;
    pushText(text.slice(last, match.index));
    for (const n of numbers) segments.push({ kind: 'cite', n });
    last = match.index! + match[0].length;
  }
  pushText(text.slice(last));
  return segments;
}
