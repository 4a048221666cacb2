/**
 * Punctuation of Chinese text, as data: what ends a sentence, what ends a clause, what closes a quote.
 * Reports mix widths and forms (`。` and the half-width `｡`, `！` and `!`, the small and vertical forms
 * of web pages, `……` and the traditional `⋯⋯`), so every stage that cuts text at a sentence reads the
 * marks from here instead of keeping its own copy in a regex.
 */

/** Full stops, exclamation and question marks in every width and form. */
export const SENTENCE_STOPS: readonly string[] = ['。', '｡', '︒', '！', '!', '﹗', '︕', '？', '?', '﹖', '︖'];

/** Semicolons: they end a clause that reads as a sentence of its own (`一是…；二是…；`). */
export const CLAUSE_STOPS: readonly string[] = ['；', ';', '﹔', '︔'];

/** Ellipses: `……` in simplified text, `⋯⋯` (midline) in traditional text. */
export const ELLIPSES: readonly string[] = ['…', '⋯'];

/** Closing quotes and brackets that belong to the sentence they follow (`…”。` ends after the `”`). */
export const CLOSING_MARKS: readonly string[] = ['”', '’', '」', '』', ')', '）'];

/** Opening quotes and brackets: they belong to the text they open, so a line never ends with one. */
export const OPENING_MARKS: readonly string[] = ['“', '‘', '「', '『', '（', '(', '《', '〈', '【', '〔', '［', '['];

/** Pauses inside a sentence (commas, enumeration commas, colons): where a too-long sentence may be cut. */
export const PAUSES: readonly string[] = ['，', ',', '、', '：', ':', '﹐', '﹑', '︐', '︑'];

/** A regex character class (`[。！…]`) of the given marks, for building patterns from these tables. */
export function charClass(marks: readonly string[], negated = false): string {
  return `[${negated ? '^' : ''}${marks.map((m) => m.replace(/[\\\]^-]/g, '\\$&')).join('')}]`;
}
