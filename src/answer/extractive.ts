/**
 * The extractive answerer (default; no LLM, deterministic). It reads what kind of answer the question
 * wants, scores the clauses of the top passages against the question's terms, and writes a short
 * Chinese answer from the best sentence, naming the report and citing it with `[n]`. It refuses
 * plainly when retrieval says the report does not exist or nothing relevant was found.
 */
import { describeNotice } from '../retrieve/catalog.js';
import { extractNumbers, normalizeText, tokenize, toSimplified, toTraditional } from '../text/index.js';
import type { Answer, Hit, Script } from '../types.js';
import type { AnswerEvent, AnswerInput, Answerer } from './answerer.js';
import { buildCitations } from './citations.js';
import { NEGATIONS, POST_QUALIFIERS, PRE_QUALIFIERS, QUESTION_TYPES, UNITS, type QuestionType } from './data/question-types.js';
import { verifyAnswer } from './grounding.js';

export interface ExtractiveOptions {
  /** How many top hits to read sentences from. */
  passages?: number;
  /** Least share of the question's weighted terms the best sentence must cover, else refuse. */
  minCoverage?: number;
}

interface Candidate {
  hit: Hit;
  hitIndex: number;
  /** Sentence in the source's script (what is shown), its normalized form, and its best clause. */
  sentence: string;
  norm: string;
  clause: string;
  score: number;
  coverage: number;
}

/** Creates the extractive answerer. */
export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Answerer {
  const passages = options.passages ?? 5;
  const minCoverage = options.minCoverage ?? 0.34;

  const answer = async ({ question, retrieval }: AnswerInput): Promise<Answer> => {
    const started = performance.now();
    const script = retrieval.query.script;
    const meta = (extra: Record<string, unknown> = {}) => ({ answerer: 'extractive', ...extra, timings: { answerMs: round(performance.now() - started) } });
    if (retrieval.notice) return refusal(describeNotice(retrieval.notice, script), meta({ reason: 'no-such-report' }));
    if (retrieval.hits.length === 0) return refusal(inScript('语料库中没有找到与该问题相关的内容。', script), meta({ reason: 'no-hits' }));

    const type = questionType(retrieval.query.norm);
    const weights = termWeights(retrieval.query.terms.length ? retrieval.query.terms : tokenize(retrieval.query.norm));
    const questionNumbers = new Set(extractNumbers(retrieval.query.norm).map((n) => n.value));
    const best = pickCandidate(retrieval.hits.slice(0, passages), weights, type, questionNumbers);
    if (!best || best.coverage < minCoverage) {
      const title = retrieval.hits[0]!.report.title;
      return refusal(inScript(`在《${title}》等报告中没有找到能回答该问题的内容。`, script), meta({ reason: 'not-found', coverage: best?.coverage ?? 0 }));
    }

    const [citation] = buildCitations([best.hit]).map((c) => ({ ...c, n: 1 }));
    const lead = leadFor(type, best, questionNumbers);
    const sentence = best.sentence.replace(/[。；;，,\s]+$/, '');
    const text = inScript(`${lead}根据《${best.hit.report.title}》，${toSimplified(sentence)}。[1]`, script);
    const grounding = verifyAnswer(text, [citation!]);
    if (!grounding.grounded) {
      // The lead is the only text not copied from the passage; drop it rather than show an unsupported number.
      const plain = inScript(`根据《${best.hit.report.title}》，${toSimplified(sentence)}。[1]`, script);
      return { answer: plain, citations: [citation!], refused: false, grounded: verifyAnswer(plain, [citation!]).grounded, meta: meta({ type, repaired: true }) };
    }
    return { answer: text, citations: [citation!], refused: false, grounded: true, meta: meta({ type, coverage: round(best.coverage) }) };
  };

  return {
    id: 'extractive',
    answer,
    async *stream(input: AnswerInput): AsyncIterable<AnswerEvent> {
      const result = await answer(input);
      yield { type: 'citations', citations: result.citations };
      // Stream clause by clause so clients render progressively, exactly as the final text.
      for (const piece of result.answer.match(/[^，。；]*[，。；]?/g)?.filter(Boolean) ?? [result.answer]) yield { type: 'delta', text: piece };
      yield { type: 'done', answer: result };
    },
  };
}

/** The kind of answer a (normalized) question asks for. */
export function questionType(norm: string): QuestionType {
  return QUESTION_TYPES.find((t) => t.re.test(norm))?.type ?? 'fact';
}

function refusal(text: string, meta: Record<string, unknown>): Answer {
  return { answer: text, citations: [], refused: true, grounded: true, meta };
}

function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditional(text) : text;
}

/** Longer terms say more (`依申请公开` vs `年`); single characters and bare years say little. */
function termWeights(terms: string[]): Map<string, number> {
  const weights = new Map<string, number>();
  for (const t of terms) {
    if (/^(19|20)\d{2}$/.test(t)) continue;
    weights.set(t, Math.max(weights.get(t) ?? 0, t.length === 1 ? 0.3 : Math.min(3, t.length * 0.8)));
  }
  return weights;
}

function coverageOf(norm: string, weights: Map<string, number>): number {
  let total = 0;
  let found = 0;
  for (const [t, w] of weights) {
    total += w;
    if (norm.includes(t)) found += w;
  }
  return total ? found / total : 0;
}

/** Scores each clause of each sentence of the top passages; the best sentence carries its best clause. */
function pickCandidate(hits: Hit[], weights: Map<string, number>, type: QuestionType, questionNumbers: Set<number>): Candidate | null {
  let best: Candidate | null = null;
  hits.forEach((hit, hitIndex) => {
    const source = hit.chunk.context ?? hit.chunk.text;
    for (const sentence of splitSentences(source)) {
      const norm = normalizeText(sentence);
      for (const clause of splitClauses(sentence)) {
        const clauseNorm = normalizeText(clause);
        const coverage = Math.max(coverageOf(clauseNorm, weights), coverageOf(norm, weights) * 0.9);
        let score = coverage * 2 + coverageOf(clauseNorm, weights) - hitIndex * 0.08;
        if (type === 'figure') score += answerNumbers(clauseNorm, questionNumbers).length ? 0.6 : -0.8;
        if (type === 'yesno' && NEGATIONS.test(norm)) score += 0.2;
        if (!best || score > best.score) best = { hit, hitIndex, sentence, norm, clause, score, coverage };
      }
    }
  });
  return best;
}

/** Sentences of a passage (headings and table rows are lines of their own). */
function splitSentences(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.match(/[^。！？!?]+[。！？!?]?/g) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

function splitClauses(sentence: string): string[] {
  const clauses = sentence.split(/[，,；;：:]/).map((c) => c.trim()).filter(Boolean);
  return clauses.length ? clauses : [sentence];
}

/** Numbers in a clause that could answer: not years, not numbers the question itself gave. */
function answerNumbers(norm: string, questionNumbers: Set<number>) {
  return extractNumbers(norm).filter((n) => !/年/.test(norm.slice(n.index + n.raw.length, n.index + n.raw.length + 1)) && !questionNumbers.has(n.value));
}

/** A direct answer put before the supporting sentence: the figure with its unit, or 有/没有. */
function leadFor(type: QuestionType, best: Candidate, questionNumbers: Set<number>): string {
  if (type === 'yesno') {
    // "No" when the sentence says so, or when every count it gives is zero (statistics tables).
    const counts = extractNumbers(best.norm).map((n) => n.value);
    const allZero = counts.length > 0 && counts.every((v) => v === 0);
    return NEGATIONS.test(best.norm) || allZero ? '没有。' : '有。';
  }
  if (type !== 'figure') return '';
  const clauseNorm = normalizeText(best.clause);
  const numbers = answerNumbers(clauseNorm, questionNumbers);
  if (numbers.length !== 1) return '';
  const n = numbers[0]!;
  const after = clauseNorm.slice(n.index + n.raw.length);
  const post = POST_QUALIFIERS.exec(after)?.[0] ?? '';
  const unit = UNITS.find((u) => after.slice(post.length).startsWith(u)) ?? '';
  const pre = PRE_QUALIFIERS.exec(clauseNorm.slice(0, n.index))?.[1] ?? '';
  const keepPre = pre === '近' || pre === '约' || pre === '逾' || pre === '超过' ? pre : '';
  return `${keepPre}${n.raw}${post}${unit}。`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

