/**
 * The question's ideas, weighted: query terms grouped so that one idea counts once however many
 * synonyms and sub-words query understanding added for it (`主动公开` brings `公开信息`, `公开政府信息`).
 * Sentences, clauses and the labels of figures are scored by how much of that weight they cover.
 */
import { GENERIC_TERMS, LIST_CATEGORY_WORDS, METRIC_SYNONYMS } from '../lang/zh/index.js';
import { SCORING } from './scoring.js';

export interface Concept {
  weight: number;
  /** Any of these present gives full credit (the term and its metric synonyms). */
  alternatives: string[];
  /** Sub-words of the term (`政策` of `政策法规`): half credit when only they are present. */
  parts: string[];
}

/** Longer terms say more (`依申请公开` vs `年`); single characters and words every report uses say little. */
export function termWeight(term: string): number {
  const { singleCharWeight, perCharWeight, maxWeight, genericShare } = SCORING.concepts;
  const base = term.length === 1 ? singleCharWeight : Math.min(maxWeight, term.length * perCharWeight);
  return GENERIC_TERMS.has(term) || LIST_CATEGORY_WORDS.has(term) ? base * genericShare : base;
}

/** Groups query terms into weighted concepts (see the file comment). */
export function buildConcepts(terms: string[], questionNorm: string): Concept[] {
  const unique = [...new Set(terms)].filter((t) => !/^(19|20)\d{2}$/.test(t));
  const groupOf = (t: string) => METRIC_SYNONYMS.findIndex((g) => g.includes(t));
  const concepts = new Map<string, Concept>();
  // Longest first, so a sub-word finds the concept of the word that contains it.
  for (const t of unique.sort((a, b) => b.length - a.length)) {
    const g = groupOf(t);
    const key = g >= 0 ? `syn:${g}` : t;
    const existing = concepts.get(key);
    if (existing) {
      if (!existing.alternatives.includes(t)) existing.alternatives.push(t);
      continue;
    }
    const container = [...concepts.values()].find((c) => c.alternatives.some((a) => a.includes(t) && questionNorm.includes(a)));
    if (container && g < 0) {
      container.parts.push(t);
      continue;
    }
    // A synonym group weighs what its member in the question weighs, not its longest expansion.
    const inQuestion = g >= 0 ? METRIC_SYNONYMS[g]!.filter((m) => questionNorm.includes(m)) : [t];
    concepts.set(key, { weight: Math.max(termWeight(t), ...inQuestion.map(termWeight)) * (g >= 0 && !inQuestion.length ? SCORING.concepts.expandedShare : 1), alternatives: [t], parts: [] });
  }
  return [...concepts.values()];
}

/** True when the text names the concept: one of its alternatives, or every one of its sub-words. */
export function mentions(norm: string, c: Concept): boolean {
  return c.alternatives.some((a) => norm.includes(a)) || (c.parts.length >= 2 && c.parts.every((p) => norm.includes(p)));
}

/**
 * Share of the concepts' weight a text covers. Sub-words alone earn half, unless `strict`: a figure
 * must be bound to a whole idea of the question (`公开` in `对外公开总数量` is not `主动公开`).
 */
export function coverageOf(norm: string, concepts: readonly Concept[], strict = false): number {
  let total = 0;
  let found = 0;
  for (const c of concepts) {
    total += c.weight;
    if (c.alternatives.some((a) => norm.includes(a))) found += c.weight;
    else if (!strict && c.parts.some((p) => norm.includes(p))) found += c.weight / 2;
  }
  return total ? found / total : 0;
}
