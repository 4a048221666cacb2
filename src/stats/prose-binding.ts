/**
 * Which standard measures a prose figure states, from its label (the words facts.ts gives it: the head of
 * its clause group, the previous item's words, its own). The label is read from the figure backwards,
 * clause by clause, because the nearest words decide: in `全年共收到…依申请公开15件,已答复申请15件` the
 * second 15 is answered requests (`答复`), although `收到` stands in its label too.
 *
 * 1. Family: the nearest clause naming a family's topic (`依申请公开`, `主动公开`, `行政复议`…); within a
 *    clause the topic that ends last wins (`复议后起诉` is a lawsuit). A heading may name the family of
 *    figures whose measures still need a stage word (`三、依申请公开办理情况` › `全年受理8件`).
 * 2. Stage (requests): the nearest clause naming a stage (`收到`, `办结`, `同意公开`…) gives the stages;
 *    `受理答复依申请公开3例` states two.
 * 3. Parts: words of the figure's own clause that make it a part (`现场申请`, `被纠正`). A figure after
 *    `其中` is a part, never the whole; a figure of a change (`比上年增加3件`) is neither.
 */
import {
  BREAKDOWN_MARKERS, COMPARISON_WORDS, CUMULATIVE_WORDS, MEASURE_FAMILIES, MEASURES, UNIT_FAMILIES, type MeasureDef, type MeasureFamily,
} from '../lang/zh/measures.js';
import { REQUEST_STAGES } from '../lang/zh/synonyms.js';
import { CLAUSE_STOPS, PAUSES, SENTENCE_STOPS, charClass } from '../lang/zh/punctuation.js';
import type { Fact } from '../ingest/facts.js';

/** Marks that end a clause of a label: not the enumeration comma, which joins items of one list. */
const CLAUSE_END = new RegExp(charClass([...SENTENCE_STOPS, ...CLAUSE_STOPS, ...PAUSES.filter((p) => p !== '、' && p !== '﹑' && p !== '︑')]));

interface Match {
  /** Index of the clause in the label's clauses. */
  clause: number;
  /** Offset in the label where the word ends. */
  end: number;
}

/** The label cut into clauses, with the offset each starts at. */
function clauses(label: string): { text: string; start: number }[] {
  const out: { text: string; start: number }[] = [];
  let start = 0;
  for (let i = 0; i <= label.length; i++) {
    if (i === label.length || CLAUSE_END.test(label[i]!)) {
      out.push({ text: label.slice(start, i), start });
      start = i + 1;
    }
  }
  return out;
}

/** The end of the last occurrence of any word in `text`, or -1. */
function lastEnd(text: string, words: readonly string[]): number {
  let best = -1;
  for (const w of words) {
    const at = text.lastIndexOf(w);
    if (at >= 0) best = Math.max(best, at + w.length);
  }
  return best;
}

const has = (text: string, words: readonly string[]) => words.some((w) => text.includes(w));

/** The nearest clause naming one of the groups, and which of them it names. */
function nearest<T>(parts: { text: string; start: number }[], groups: readonly T[], words: (g: T) => readonly string[]): { groups: T[]; match: Match } | null {
  for (let i = parts.length - 1; i >= 0; i--) {
    const named = groups.map((g) => ({ g, end: lastEnd(parts[i]!.text, words(g)) })).filter((x) => x.end >= 0);
    if (named.length) {
      const end = Math.max(...named.map((x) => x.end));
      return { groups: named.map((x) => x.g), match: { clause: i, end: parts[i]!.start + end } };
    }
  }
  return null;
}

/** The family a figure belongs to, and where its naming ends in the label (-1: named by a heading). */
function familyOf(parts: { text: string; start: number }[], headings: readonly string[]): { family: MeasureFamily; match: Match | null } | null {
  const found = nearest(parts, MEASURE_FAMILIES, (f) => f.topics);
  if (found) {
    // Within the clause, the topic that ends last (nearest the figure) is the family.
    const text = parts[found.match.clause]!.text;
    const family = found.groups.reduce((a, b) => (lastEnd(text, b.topics) > lastEnd(text, a.topics) ? b : a));
    return { family, match: found.match };
  }
  for (const h of [...headings].reverse()) {
    const family = MEASURE_FAMILIES.find((f) => f.headingFallback && has(h, f.topics));
    if (family) return { family, match: null };
  }
  return null;
}

/** True when the figure's unit is one the measure is counted in. */
export function unitFits(m: MeasureDef, unit: string, allowBare: boolean): boolean {
  return (allowBare && unit === '') || unit in UNIT_FAMILIES[m.unitFamily].factors;
}

/** The measures a prose figure states (after dropping a whole its part also states). */
export function proseMeasures(f: Fact, headings: readonly string[]): MeasureDef[] {
  const label = `${f.inherited}${f.own}`;
  const parts = clauses(label);
  const own = clauses(f.own).filter((c) => c.text).pop()?.text ?? '';
  if (has(own, COMPARISON_WORDS) || has(label, CUMULATIVE_WORDS)) return [];
  const fam = familyOf(parts, headings);
  if (!fam) return [];
  const bindingText = fam.match ? label.slice(parts[fam.match.clause]!.start) : label;
  if (has(bindingText, fam.family.exclude)) return [];
  const scope = fam.match ? parts.slice(fam.match.clause) : parts;
  const stages = nearest(scope.length ? scope : parts, REQUEST_STAGES, (g) => g);
  // What the figure is named by last (its stage, else its family); a `其中` after it makes the figure a part.
  const namedEnd = stages?.match.end ?? fam.match?.end ?? 0;
  const breakdown = has(label.slice(namedEnd), BREAKDOWN_MARKERS);
  const bound = MEASURES.filter((m) => {
    if (m.family !== fam.family.id || !m.prose || !unitFits(m, f.unit, false)) return false;
    const { stage, parts: partWords, exclude } = m.prose;
    if (stage && !stages?.groups.includes(stage)) return false;
    if (partWords ? !has(own, partWords) : breakdown) return false;
    return !(exclude && has(own, exclude));
  });
  return bound.filter((m) => !bound.some((p) => p.partOf === m.id));
}
