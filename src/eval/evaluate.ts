/**
 * Evaluation of a question set with gold fields: per-question verdicts (answer, citation, both),
 * refusal precision/recall on `none` questions, retrieval recall@1/@5 of the evidence passage,
 * ungrounded answers, and latency percentiles.
 */
import { NianbaoError } from '../errors.js';
import type { Answer, RetrievalResult } from '../types.js';
import { answerInOrder } from './batch.js';
import type { QuestionRecord } from './questions.js';
import { citationMatches, goldSchema, scoreAnswer, type GoldQuestion, type Verdict } from './score.js';

export interface EvaluatedQuestion {
  gold: GoldQuestion;
  answer: string;
  citations: Answer['citations'];
  refused: boolean;
  grounded: boolean;
  latencyMs: number;
  verdict: Verdict;
  /** 1-based rank of the first retrieved passage containing the evidence, or null. */
  evidenceRank: number | null;
  error?: string;
}

export interface EvalSummary {
  questions: number;
  scored: number;
  answerAccuracy: number;
  citationAccuracy: number;
  both: number;
  refusalPrecision: number;
  refusalRecall: number;
  recallAt1: number;
  recallAt5: number;
  /** Answers shown although their numbers failed the grounding check (errors not counted). */
  ungrounded: number;
  /**
   * Share of scored questions answered wrongly: not refused, yet the lead lacks a gold fact (a wrong
   * figure leads), or an answer where the corpus has none. A wrong number is worse than no answer.
   */
  wrongRate: number;
  /** Share of answerable questions refused (an abstention is safe, but it is still no answer). */
  abstentionRate: number;
  /** Questions that could not be answered at all (e.g. the LLM or index failed). */
  errors: number;
  latencyP50: number;
  latencyP95: number;
}

export type AskWithRetrieval = (question: string) => Promise<Answer & { retrieval?: RetrievalResult }>;

/** Answers every question and scores it. */
export async function evaluate(records: QuestionRecord[], ask: AskWithRetrieval, options: { concurrency?: number; onProgress?: (done: number, total: number) => void } = {}): Promise<{ results: EvaluatedQuestion[]; summary: EvalSummary }> {
  // Parsed up front so a bad gold field fails the run before any question is answered.
  const golds = new Map(records.map((r) => [r.id, goldOf(r)]));
  const ranks = new Map<string, number | null>();
  const wrapped = async (question: string, _signal: AbortSignal | undefined, record: QuestionRecord) => {
    const a = await ask(question);
    const gold = golds.get(record.id)!;
    if (gold.source && gold.evidence && a.retrieval) {
      const i = a.retrieval.hits.findIndex((h) => citationMatches({ source: h.report.source, quote: h.chunk.text }, gold.source!, gold.evidence!));
      ranks.set(record.id, i >= 0 ? i + 1 : null);
    }
    return a;
  };
  const results: EvaluatedQuestion[] = [];
  for await (const r of answerInOrder(records, wrapped, { concurrency: options.concurrency ?? 1 })) {
    const gold = golds.get(r.id)!;
    results.push({
      gold,
      answer: r.answer,
      citations: r.citations,
      refused: r.refused,
      grounded: r.grounded,
      latencyMs: r.latency_ms,
      verdict: scoreAnswer(gold, r),
      evidenceRank: ranks.get(r.id) ?? null,
      ...(r.error ? { error: `${r.error.code}: ${r.error.message}` } : {}),
    });
    options.onProgress?.(results.length, records.length);
  }
  return { results, summary: summarize(results) };
}

/**
 * The gold fields of a record. The record's own (already validated, stringified) id and question are
 * used, so a numeric JSONL id is fine; any other bad gold field is INVALID_INPUT_FILE naming the line.
 */
function goldOf(record: QuestionRecord): GoldQuestion {
  const parsed = goldSchema.safeParse({ ...record.fields, id: record.id, question: record.question });
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw new NianbaoError('INVALID_INPUT_FILE', `line ${record.line} (id ${record.id}): ${issue.path.join('.')}: ${issue.message}`);
}

/** Aggregate figures; ratios are 0..1 (1 when there is nothing to count). */
export function summarize(results: EvaluatedQuestion[]): EvalSummary {
  const scored = results.filter((r) => r.verdict.both !== null);
  const ratio = (n: number, d: number) => (d === 0 ? 1 : n / d);
  const facts = scored.filter((r) => r.gold.kind !== 'none');
  const withEvidence = facts.filter((r) => r.gold.source && r.gold.evidence);
  const none = scored.filter((r) => r.gold.kind === 'none');
  const refused = scored.filter((r) => r.refused);
  const latencies = results.map((r) => r.latencyMs).sort((a, b) => a - b);
  const pct = (p: number) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]! : 0);
  return {
    questions: results.length,
    scored: scored.length,
    answerAccuracy: ratio(scored.filter((r) => r.verdict.answered).length, scored.length),
    citationAccuracy: ratio(withEvidence.filter((r) => r.verdict.cited).length, withEvidence.length),
    both: ratio(scored.filter((r) => r.verdict.both).length, scored.length),
    refusalPrecision: ratio(refused.filter((r) => r.gold.kind === 'none').length, refused.length),
    refusalRecall: ratio(none.filter((r) => r.refused).length, none.length),
    recallAt1: ratio(withEvidence.filter((r) => r.evidenceRank === 1).length, withEvidence.length),
    recallAt5: ratio(withEvidence.filter((r) => r.evidenceRank !== null && r.evidenceRank <= 5).length, withEvidence.length),
    ungrounded: results.filter((r) => !r.grounded && !r.error).length,
    wrongRate: ratio(scored.filter((r) => !r.refused && !r.error && (r.gold.kind === 'none' || !r.verdict.answered)).length, scored.length) * (scored.length ? 1 : 0),
    abstentionRate: ratio(facts.filter((r) => r.refused).length, facts.length) * (facts.length ? 1 : 0),
    errors: results.filter((r) => r.error).length,
    latencyP50: pct(50),
    latencyP95: pct(95),
  };
}
