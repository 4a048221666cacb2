/**
 * Scoring rules of the evaluation set (../shared/eval/README.md), offline:
 * - a fact is a list of accepted alternatives; a purely numeric alternative (`8`) matches a number
 *   written in the answer (`8件`, `8 件`, `7,059`, full-width digits), compared by value as written;
 *   any other alternative matches as text after traditional→simplified conversion;
 * - answered: every fact matches; for `none` questions: the answer is a refusal;
 * - cited: some citation names the gold `source` file and quotes text containing `evidence`, compared
 *   after traditional→simplified conversion, dropping whitespace, punctuation and pinyin glosses.
 */
import { z } from 'zod';
import { extractNumbers, normalizeWidth, stripPinyinGlosses, toSimplified } from '../text/index.js';
import type { Citation } from '../types.js';

export const goldSchema = z.object({
  id: z.string().min(1),
  question: z.string().min(1),
  kind: z.enum(['fact', 'list', 'none']).optional(),
  facts: z.array(z.array(z.string())).optional(),
  source: z.string().optional(),
  evidence: z.string().optional(),
});
export type GoldQuestion = z.infer<typeof goldSchema>;

export interface ScoredAnswer {
  answer: string;
  citations: Pick<Citation, 'source' | 'quote'>[];
  refused: boolean;
}

export interface Verdict {
  /** Null when the question has no gold answer fields. */
  answered: boolean | null;
  cited: boolean | null;
  both: boolean | null;
  missingFacts: string[][];
}

/** The comparable form of evidence and quotes: simplified, no glosses, no whitespace or punctuation. */
export function matchForm(text: string): string {
  return toSimplified(normalizeWidth(stripPinyinGlosses(text))).replace(/[\s\p{P}\p{S}]+/gu, '');
}

const NUMERIC = /^\d+(?:\.\d+)?$/;

/** Numbers as written in an answer (digits only, separators removed, multipliers ignored). */
function writtenNumbers(text: string): Set<number> {
  const values = new Set<number>();
  for (const n of extractNumbers(text)) {
    const digits = n.raw.replace(/[^\d.]/g, '');
    if (digits) values.add(Number(digits));
  }
  return values;
}

/** True when one of the alternatives of a fact is in the answer. */
export function factMatches(answer: string, alternatives: readonly string[]): boolean {
  const numbers = writtenNumbers(answer);
  const text = toSimplified(normalizeWidth(answer));
  return alternatives.some((alt) => (NUMERIC.test(alt.trim()) ? numbers.has(Number(alt.trim())) : text.includes(toSimplified(normalizeWidth(alt.trim())))));
}

/** True when a citation names the gold source file and quotes the evidence. */
export function citationMatches(citation: Pick<Citation, 'source' | 'quote'>, source: string, evidence: string): boolean {
  const file = citation.source.split('/').pop();
  return file === source.split('/').pop() && matchForm(citation.quote).includes(matchForm(evidence));
}

/** Scores one answer against its gold question. */
export function scoreAnswer(gold: GoldQuestion, result: ScoredAnswer): Verdict {
  if (!gold.kind) return { answered: null, cited: null, both: null, missingFacts: [] };
  if (gold.kind === 'none') return { answered: result.refused, cited: null, both: result.refused, missingFacts: [] };
  const missingFacts = (gold.facts ?? []).filter((alts) => !factMatches(result.answer, alts));
  const answered = !result.refused && missingFacts.length === 0;
  const cited = gold.source && gold.evidence ? result.citations.some((c) => citationMatches(c, gold.source!, gold.evidence!)) : null;
  return { answered, cited, both: answered && cited !== false, missingFacts };
}
