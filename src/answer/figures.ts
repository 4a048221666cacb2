/**
 * Binding a question to the figure that measures what it asks. A sentence of these reports often holds
 * several numbers (`全年办结市长专线906件,区长专线2231件`, `总投资4,860万元，其中财政补助3,920万元`), and only
 * one answers. The facts (number, unit, kind, and the words it measures, see src/ingest/facts.ts) are
 * read at ingest; here they are scored against the question: its concepts, asked unit (`多少批`,
 * `多少钱`), the direction of a change (`从多少…缩短`) and its parts (`多少篇？其中图解几篇？`). Dates and
 * identifiers never answer `多少`; ranks only a question about a rank.
 */
import { isQuantity, readFacts, type Fact, type FactLayout, type StoredFact } from '../ingest/facts.js';
import { ASKED_KINDS, CHANGE_DIRECTIONS, RANK_ASKS, REQUEST_STAGES, SCOPE_MARKERS, UNITS } from '../lang/zh/index.js';
import { type NumberMention } from '../text/index.js';
import { coverageOf, type Concept } from './concepts.js';
import { SCORING } from './scoring.js';

const F = SCORING.figure;

export interface BoundFigure {
  mention: NumberMention;
  /** The figure as the answer states it, with qualifier and unit: `近2万条`, `4,860万元`. */
  text: string;
  unit: string;
  /** The words the figure is bound to (carried subject + own label + noun after the unit). */
  label: string;
  /** Share of the question's concepts the full label covers. */
  coverage: number;
  /**
   * The same counting whole ideas only, and 0 unless the label names at least one specific idea of the
   * question (generic words such as 政府/信息 alone bind nothing): what decides whether the figure is bound.
   */
  strictCoverage: number;
  /** Coverage, own words counted double, plus unit and direction agreement: ranks the figures. */
  score: number;
}

const UNIT_BY_LENGTH = [...UNITS].sort((a, b) => b.length - a.length);
const ASK = /(?:多少|几)/g;

/** The units a question's figure should carry: `多少批` → [批], `多少钱` → money units; null = any. */
export function askedUnits(questionNorm: string): readonly string[] | null {
  for (const m of questionNorm.matchAll(ASK)) {
    const after = questionNorm.slice(m.index + m[0].length);
    const unit = UNIT_BY_LENGTH.find((u) => after.startsWith(u));
    if (unit) return unit === '万' ? ['万元', '万', '万人次', '万条', '万件', '万人', '万户'] : [unit];
  }
  for (const kind of ASKED_KINDS) if (kind.words.some((w) => questionNorm.includes(w))) return kind.units;
  return null;
}

/**
 * Numbers of a text that can answer `多少`: counts, money and percentages (see src/ingest/facts.ts for
 * what is a date or an identifier), minus numbers the question itself gave.
 */
export function figureCandidates(norm: string, questionNumbers: ReadonlySet<number>): NumberMention[] {
  return readFacts(norm).filter((f) => isQuantity(f.kind) && !questionNumbers.has(f.mention.value)).map((f) => f.mention);
}

/**
 * Scores the facts of a sentence (src/ingest/facts.ts) against the question's concepts, asked units
 * and change direction, best first. The full label (inherited + own words) decides; own words break
 * ties, as they tell an item from its neighbours (`主动公开153条，其中门户网站118条` answers 153 to
 * `主动公开多少条`). A table row's total answers when no column is asked for.
 */
export function bindFigures(
  norm: string,
  concepts: readonly Concept[],
  units: readonly string[] | null,
  questionNumbers: ReadonlySet<number>,
  layout: FactLayout = 'prose',
  direction: 'from' | 'to' | null = null,
  wantsRank = false,
): BoundFigure[] {
  return bindFacts(readFacts(norm, layout), norm, { concepts, units, questionNumbers, direction, rank: wantsRank }, layout);
}

/** What one figure of a question asks for (see `figureAsks`). */
export interface FigureAsk {
  concepts: readonly Concept[];
  /**
   * The measure asked for (`headConcepts`): a figure whose label names none of it is not bound when
   * `headRequired` (the question marked what came before as scope, `…申请中同意公开…`), else it only
   * loses to one that does.
   */
  head?: readonly Concept[];
  headRequired?: boolean;
  /** Indexes of the REQUEST_STAGES the question names (`答复`, `同意公开`): a figure of another stage is not bound. */
  stages?: readonly number[];
  units: readonly string[] | null;
  direction: 'from' | 'to' | null;
  rank: boolean;
  questionNumbers: ReadonlySet<number>;
}

/** `bindFigures` on facts already read from `norm`: a sentence is read once however many parts ask of it. */
export function bindFacts(all: readonly Fact[], norm: string, ask: FigureAsk, layout: FactLayout): BoundFigure[] {
  const { concepts, units, questionNumbers } = ask;
  const markers = CHANGE_DIRECTIONS.find((d) => d.direction === ask.direction)?.markers ?? [];
  const facts = all.filter((f) => (isQuantity(f.kind) || (ask.rank && f.kind === 'rank')) && !questionNumbers.has(f.mention.value));
  const scored = facts.map((f, order) => {
    const full = `${f.inherited}${f.own}`;
    const ownCoverage = coverageOf(f.own, concepts);
    const coverage = coverageOf(full, concepts);
    let score = coverage + F.ownShare * ownCoverage - F.orderCost * order;
    const before = norm.slice(0, f.mention.index).trimEnd();
    if (markers.length) score += markers.some((m) => before.endsWith(m)) ? F.directionBonus : -F.directionCost;
    // `多少个` says little about the unit (reports count 个, 项, 家 …), so it weighs half.
    const unitWeight = units?.length === 1 && units[0] === '个' ? F.weakUnitMismatchCost : F.unitMismatchCost;
    // A unit that contradicts the asked one disqualifies (`236人次` for `多少批`); agreement earns little
    // (`10类94项` for `多少项`), since a table's values carry no unit and must not lose to prose for it.
    if (units && f.unit) score += units.some((u) => f.unit.startsWith(u) || u.startsWith(f.unit)) ? F.unitMatchBonus : -unitWeight;
    // The figure's own words say which stage it counts (`已答复326件，其中同意公开245件`: 245 is 同意公开).
    const ownStages = stagesOf(f.own);
    const namesHead = !!ask.head?.some((c) => c.alternatives.some((a) => full.includes(a)));
    if (namesHead) score += F.headBonus;
    const bindable =
      concepts.some((c) => c.weight >= 1 && c.alternatives.some((a) => full.includes(a))) && (!ask.headRequired || namesHead) && sameStage(ask.stages, ownStages.length ? ownStages : stagesOf(full));
    const strictCoverage = bindable ? coverageOf(full, concepts, true) : 0;
    // An unbound figure ranks below every bound one of its sentence: it may not lead the answer.
    if (!bindable) score -= F.unboundCost;
    return { figure: { mention: f.mention, text: f.text, unit: f.unit, label: full, coverage, strictCoverage, score }, ownCoverage, total: f.total };
  });
  // Parallel table columns: with no column asked for, the total is the answer.
  if (layout === 'tableRow' && !scored.some((s) => s.ownCoverage > 0.001)) for (const s of scored) if (s.total) s.figure.score += F.totalBonus;
  return scored.map((s) => s.figure).sort((a, b) => b.score - a.score);
}

/**
 * Grounding of the binding, not just of the number: every figure the answer leads with must be a stored
 * fact of its cited passage, of a kind that answers the question (a quantity, or a rank when one is
 * asked), whose label names a specific idea of the question. An answer that fails is withdrawn.
 */
export function verifyBinding(figures: readonly BoundFigure[], facts: readonly StoredFact[], concepts: readonly Concept[], wantsRank: boolean, required: readonly Concept[] = []): boolean {
  const specific = required.length ? required : concepts.filter((c) => c.weight >= 1);
  return figures.every((f) =>
    facts.some(
      (fact) =>
        fact.value === f.mention.value &&
        (isQuantity(fact.kind) || (wantsRank && fact.kind === 'rank')) &&
        specific.some((c) => c.alternatives.some((a) => fact.label.includes(a))),
    ),
  );
}

/** Indexes of the REQUEST_STAGES a text names. */
export function stagesOf(text: string): number[] {
  return REQUEST_STAGES.flatMap((words, i) => (words.some((w) => text.includes(w)) ? [i] : []));
}

/** A figure's stages agree with the asked ones when either names none, or they share one. */
function sameStage(asked: readonly number[] | undefined, own: readonly number[]): boolean {
  return !asked?.length || !own.length || own.some((s) => asked.includes(s));
}

/**
 * The measure a question part asks for. Where a scope marker follows an idea (`申请中`), the specific
 * ideas after it and before `多少`/`几` (required: a figure must name one); otherwise the specific idea
 * written last before the question word (preferred), as Chinese puts the head of a phrase last.
 */
export function headConcepts(part: string, concepts: readonly Concept[]): { head: Concept[]; required: boolean } {
  const ask = part.search(/多少|几/);
  const specific = concepts.filter((c) => c.weight >= 1);
  if (ask < 0 || specific.length < 2) return { head: [], required: false };
  let scopeEnd = -1;
  const lastEnd = new Map<Concept, number>();
  for (const c of concepts) {
    for (const a of c.alternatives) {
      for (let i = part.indexOf(a); i >= 0 && i + a.length <= ask; i = part.indexOf(a, i + 1)) {
        const end = i + a.length;
        lastEnd.set(c, Math.max(lastEnd.get(c) ?? -1, end));
        const marker = SCOPE_MARKERS.find((m) => part.startsWith(m, end));
        if (marker) scopeEnd = Math.max(scopeEnd, end + marker.length);
      }
    }
  }
  if (scopeEnd >= 0) {
    const tail = part.slice(scopeEnd, ask);
    const head = specific.filter((c) => c.alternatives.some((a) => tail.includes(a)));
    if (head.length) return { head, required: true };
  }
  const last = Math.max(-1, ...specific.map((c) => lastEnd.get(c) ?? -1));
  return { head: last < 0 ? [] : specific.filter((c) => lastEnd.get(c) === last), required: false };
}

/** True when a question asks for a rank (`排名第几`, `第几名`): then `第二` answers. */
export function asksRank(questionNorm: string): boolean {
  return RANK_ASKS.some((w) => questionNorm.includes(w));
}

/** Whether a question asks for where a change started (`从多少…缩短`) or where it ended (`缩短到多少`). */
export function askedDirection(questionNorm: string): 'from' | 'to' | null {
  return CHANGE_DIRECTIONS.find((d) => d.asks.some((a) => questionNorm.includes(a)))?.direction ?? null;
}

/**
 * The parts of a question that each ask for a figure: `发布政策解读多少篇？其中图解有几篇？` → two parts.
 * A question that asks once is one part.
 */
export function figureAsks(questionNorm: string): string[] {
  const parts = questionNorm.split(/[，,？?；;。]|、(?=[^、]*(?:多少|几))/).map((p) => p.trim()).filter(Boolean);
  const asking = parts.filter((p) => /多少|几/.test(p));
  return asking.length >= 2 ? asking : [questionNorm];
}
