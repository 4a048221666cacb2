/**
 * Scoring rules of the evaluation set (tests/fixtures/eval/README.md), offline, with one rule made
 * stricter than the README: a figure counts only when it leads the answer.
 * - the *lead* of an answer is its text before the first sentence end (`。！？!?`) or before the first
 *   `根据`/`根據`, whichever comes first; an answer that opens with `根据…` has an empty lead;
 * - a purely numeric alternative (`8`) matches a number written in the lead (`8件`, `8 件`, `7,059`,
 *   full-width digits), compared by value as written, so a figure buried in the quoted sentence
 *   does not answer the question;
 * - a fact whose alternatives are all polarity words (`有`, `没有`, `未`, …) is a yes/no fact: it
 *   matches when the polarity the lead opens with agrees (so `有` is not found inside `没有`);
 * - any other alternative matches anywhere in the answer as text after traditional→simplified conversion;
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

/** The lead ends at the first sentence end or where the answer starts quoting its source. */
const LEAD_END = /[。！？!?]|根据|根據/;

type Polarity = 'positive' | 'negative';

/** Yes/no words a gold fact may list, by the polarity they assert (simplified forms). */
const POLARITY_WORDS: ReadonlyMap<string, Polarity> = new Map([
  ['有', 'positive'],
  ['是', 'positive'],
  ['没有', 'negative'],
  ['未', 'negative'],
  ['无', 'negative'],
  ['否', 'negative'],
  ['不是', 'negative'],
]);

/** How a lead opens; the negatives are tried first, so `没有` is never read as `有`. */
const LEAD_OPENERS: readonly (readonly [prefix: string, polarity: Polarity])[] = [
  ['没有', 'negative'],
  ['无', 'negative'],
  ['未', 'negative'],
  ['否', 'negative'],
  ['不', 'negative'],
  ['有', 'positive'],
  ['是', 'positive'],
];

const comparable = (text: string) => toSimplified(normalizeWidth(text.trim()));

/** The text before the first sentence end or the first `根据`, trimmed; empty when the answer opens with `根据`. */
export function answerLead(answer: string): string {
  const m = LEAD_END.exec(answer);
  return (m ? answer.slice(0, m.index) : answer).trim();
}

/** The polarity a lead opens with, or null when it opens with neither a yes nor a no word. */
export function leadPolarity(lead: string): Polarity | null {
  const text = comparable(lead);
  return LEAD_OPENERS.find(([prefix]) => text.startsWith(prefix))?.[1] ?? null;
}

/** Numbers as written in an answer (digits only, separators removed, multipliers ignored). */
function writtenNumbers(text: string): Set<number> {
  const values = new Set<number>();
  for (const n of extractNumbers(text)) {
    const digits = n.raw.replace(/[^\d.]/g, '');
    if (digits) values.add(Number(digits));
  }
  return values;
}

/**
 * True when one of the alternatives of a fact is in the answer: numbers in the lead, a yes/no fact
 * by the lead's polarity, any other text anywhere.
 */
export function factMatches(answer: string, alternatives: readonly string[]): boolean {
  const lead = answerLead(answer);
  const alts = alternatives.map(comparable).filter((a) => a !== '');
  if (alts.length > 0 && alts.every((a) => POLARITY_WORDS.has(a))) {
    const polarity = leadPolarity(lead);
    return polarity !== null && alts.some((a) => POLARITY_WORDS.get(a) === polarity);
  }
  const numbers = writtenNumbers(lead);
  const text = comparable(answer);
  return alts.some((alt) => (NUMERIC.test(alt) ? numbers.has(Number(alt)) : text.includes(alt)));
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
