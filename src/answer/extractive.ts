/**
 * The extractive answerer (default; no LLM, deterministic). It reads what kind of answer the question
 * wants, scores the clauses of the top passages against the question's terms, and writes a short
 * Chinese answer from the best sentence, naming the report and citing it with `[n]`. It refuses
 * plainly when retrieval says the report does not exist or nothing relevant was found.
 */
import { describeNotice } from '../retrieve/catalog.js';
import { METRIC_SYNONYMS } from '../lang/zh/index.js';
import { extractNumbers, getJieba, inScript, normalizeText, tokenize, toSimplified, type NumberMention } from '../text/index.js';
import type { Answer, Hit } from '../types.js';
import type { AnswerEvent, AnswerInput, Answerer } from './answerer.js';
import { buildCitations } from './citations.js';
import { GENERIC_TERMS, NEGATIONS, POST_QUALIFIERS, PRE_QUALIFIERS, QUESTION_TYPES, UNITS, type QuestionType } from '../lang/zh/index.js';
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
  /** The sentence after it in the same passage, for list answers that continue there. */
  next?: string;
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
    const weights = buildConcepts(retrieval.query.terms.length ? retrieval.query.terms : tokenize(retrieval.query.norm), retrieval.query.norm);
    const questionNumbers = new Set(extractNumbers(retrieval.query.norm).map((n) => n.value));
    const best = pickCandidate(retrieval.hits.slice(0, passages), weights, type, questionNumbers);
    if (!best || best.coverage < minCoverage) {
      // Name the report only when the question pointed at one; an off-topic question gets a general refusal.
      const { region, body, year } = retrieval.query;
      const text = region || body || year ? `在《${retrieval.hits[0]!.report.title}》中没有找到能回答该问题的内容。` : '语料库中没有找到与该问题相关的内容。';
      return refusal(inScript(text, script), meta({ reason: 'not-found', coverage: best?.coverage ?? 0 }));
    }

    const [citation] = buildCitations([best.hit]).map((c) => ({ ...c, n: 1 }));
    const lead = leadFor(type, best, questionNumbers, retrieval.query.norm);
    // A list often starts with `存在一些问题。` and names the items in the next sentence.
    const full = type === 'items' && best.next && best.sentence.length + best.next.length <= 240 ? `${best.sentence}${best.next}` : best.sentence;
    const sentence = full.replace(/[。；;，,\s]+$/, '');
    // A table row means little without its section (`四、…行政复议、行政诉讼情况`), so name it.
    const where = best.hit.chunk.kind === 'tableRow' && best.hit.chunk.headingPath.length ? `“${best.hit.chunk.headingPath.at(-1)}”中` : '';
    const body = `根据《${best.hit.report.title}》${where}，${toSimplified(sentence)}。[1]`;
    const text = inScript(`${lead}${body}`, script);
    const grounding = verifyAnswer(text, [citation!]);
    if (!grounding.grounded) {
      // The lead is the only text not copied from the passage; drop it rather than show an unsupported number.
      const plain = inScript(body, script);
      if (verifyAnswer(plain, [citation!]).grounded) return { answer: plain, citations: [citation!], refused: false, grounded: true, meta: meta({ type, repaired: true }) };
      // Never show an answer whose numbers the passage does not state: withdraw it.
      return refusal(inScript('无法给出经过核对的答案，请查看相关报告原文。', script), meta({ type, reason: 'ungrounded', withdrawn: true }));
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

interface Concept {
  weight: number;
  /** Any of these present gives full credit (the term and its metric synonyms). */
  alternatives: string[];
  /** Sub-words of the term (`政策` of `政策法规`): half credit when only they are present. */
  parts: string[];
}

/** Longer terms say more (`依申请公开` vs `年`); single characters and words every report uses say little. */
function termWeight(term: string): number {
  const base = term.length === 1 ? 0.3 : Math.min(3, term.length * 0.8);
  return GENERIC_TERMS.has(term) ? base / 4 : base;
}

/**
 * Groups the query terms into concepts, so that one idea counts once however many synonyms and
 * sub-words query understanding added for it (`主动公开` brings `公开信息`, `公开政府信息`, …).
 */
function buildConcepts(terms: string[], questionNorm: string): Concept[] {
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
    concepts.set(key, { weight: Math.max(termWeight(t), ...inQuestion.map(termWeight)) * (g >= 0 && !inQuestion.length ? 0.5 : 1), alternatives: [t], parts: [] });
  }
  return [...concepts.values()];
}

/** Concepts specific enough (3+ characters, not generic) that a passage lacking one cannot answer. */
const KEY_WEIGHT = 2.4;

/** True when the text names the concept: one of its alternatives, or every one of its sub-words. */
function mentions(norm: string, c: Concept): boolean {
  return c.alternatives.some((a) => norm.includes(a)) || (c.parts.length >= 2 && c.parts.every((p) => norm.includes(p)));
}

/** Share of the concepts' weight a text covers. */
function coverageOf(norm: string, concepts: Concept[]): number {
  let total = 0;
  let found = 0;
  for (const c of concepts) {
    total += c.weight;
    if (c.alternatives.some((a) => norm.includes(a))) found += c.weight;
    else if (c.parts.some((p) => norm.includes(p))) found += c.weight / 2;
  }
  return total ? found / total : 0;
}

/**
 * Scores each clause of each sentence of the top passages: coverage of the question's terms by the
 * clause, its sentence and its whole passage (a passage that names `2677` and `政策法规` beats one that
 * only shares generic words), the passage's rank, and what the question type needs (a figure needs a
 * number; a yes/no answer needs a statement, not a bare heading).
 */
function pickCandidate(hits: Hit[], weights: Concept[], type: QuestionType, questionNumbers: Set<number>): Candidate | null {
  let best: Candidate | null = null;
  const keys = weights.filter((c) => c.weight >= KEY_WEIGHT);
  hits.forEach((hit, hitIndex) => {
    // A passage that lacks a key concept of the question (`市长热线` in a report that never mentions
    // one) may share every other word, and its figure would answer a question it does not address.
    const passageText = `${hit.chunk.norm}\n${normalizeText(hit.chunk.context ?? '')}`;
    if (!keys.every((c) => mentions(passageText, c))) return;
    // A table chunk answers with its data row (the last line); its headings and header rows only add context.
    const source = hit.chunk.kind === 'tableRow' ? (hit.chunk.context ?? hit.chunk.text).split('\n').at(-1)! : (hit.chunk.context ?? hit.chunk.text);
    const passageCoverage = coverageOf(hit.chunk.norm, weights);
    // Headings joined into the chunk count for the passage, but are not answers themselves.
    const headings = new Set(hit.chunk.headingPath.map((h) => normalizeText(h)));
    const sentences = splitSentences(source).filter((x) => !headings.has(normalizeText(x).replace(/[。；;：:]$/, '')));
    const pool = sentences.length ? sentences : splitSentences(source);
    pool.forEach((sentence, si) => {
      const norm = normalizeText(sentence);
      const sentenceCoverage = coverageOf(norm, weights);
      const hasNumber = extractNumbers(norm).length > 0;
      for (const clause of splitClauses(sentence)) {
        const clauseNorm = normalizeText(clause);
        const clauseCoverage = coverageOf(clauseNorm, weights);
        const coverage = Math.max(clauseCoverage, sentenceCoverage * 0.9, passageCoverage * 0.8);
        let score = clauseCoverage + sentenceCoverage + 0.6 * passageCoverage - hitIndex * 0.1;
        if (type === 'figure') score += answerNumbers(clauseNorm, questionNumbers).length ? 0.6 : -0.8;
        if (type === 'yesno') score += NEGATIONS.test(norm) ? 0.3 : hasNumber ? 0.1 : -0.5;
        if (!best || score > best.score) best = { hit, hitIndex, sentence, norm, clause, next: pool[si + 1], score, coverage };
      }
    });
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

/** Numbers in a clause that could answer: not years, not ordinals (`第二十条`), not numbers the question gave. */
function answerNumbers(norm: string, questionNumbers: Set<number>) {
  return extractNumbers(norm).filter((n) => {
    const next = norm.charAt(n.index + n.raw.length);
    const prev = norm.charAt(n.index - 1);
    // List enumerators (`8.属于行政查询事项`, `(3)`) and ordinals (`第二十条`) are labels, not figures.
    const enumerator = /^[.、)）]/.test(next) && /^$|[\s(（：:；;]/.test(prev) && !/^\.\d/.test(norm.slice(n.index + n.raw.length));
    return next !== '年' && prev !== '第' && !enumerator && !questionNumbers.has(n.value);
  });
}

/** A direct answer put before the supporting sentence: the figure with its unit, or 有/没有. */
function leadFor(type: QuestionType, best: Candidate, questionNumbers: Set<number>, questionNorm: string): string {
  if (type === 'yesno') {
    // "No" when the sentence says so, or when every count it gives is zero (statistics tables).
    const counts = extractNumbers(best.norm).map((n) => n.value);
    const allZero = counts.length > 0 && counts.every((v) => v === 0);
    return NEGATIONS.test(best.norm) || allZero ? '没有。' : '有。';
  }
  if (type !== 'figure') return '';
  const clauseNorm = normalizeText(best.clause);
  const numbers = answerNumbers(clauseNorm, questionNumbers);
  // `有多少个行政村、多少个社区` asks for two figures: take the number before each asked-for noun.
  const asked = askedNouns(questionNorm);
  if (asked.length && numbers.length > 1) {
    const window = (n: NumberMention) => clauseNorm.slice(n.index + n.raw.length, n.index + n.raw.length + 8);
    const picked = asked.map((noun) => numbers.find((n) => window(n).includes(noun.slice(0, 2))));
    if (picked.every(Boolean)) {
      // Name what was counted when the passage uses the question's word right after the figure.
      const parts = picked.map((n, i) => {
        const figure = figureText(clauseNorm, n!);
        return clauseNorm.startsWith(asked[i]!, figure.end) ? `${figure.text}${asked[i]}` : figure.text;
      });
      return `${parts.join('、')}。`;
    }
  }
  return numbers.length === 1 ? `${figureText(clauseNorm, numbers[0]!).text}。` : '';
}

/** The nouns a question counts: `多少个行政村` → `行政村` (the first jieba word after the unit), `几件` → none. */
function askedNouns(questionNorm: string): string[] {
  const nouns: string[] = [];
  for (const m of questionNorm.matchAll(/(?:多少|几)(?:个|项|件|条|名|户|家|所|位|次|人次)?([\u4e00-\u9fff]{2,8})/g)) {
    const word = getJieba().cut(m[1]!, true)[0] ?? '';
    if (word.length >= 2) nouns.push(word);
  }
  return nouns;
}

/** A figure as written, with its qualifier and unit (`近2万条`, `450多人次`), and where it ends in the clause. */
function figureText(clauseNorm: string, n: NumberMention): { text: string; end: number } {
  const after = clauseNorm.slice(n.index + n.raw.length);
  const post = POST_QUALIFIERS.exec(after)?.[0] ?? '';
  const unit = UNITS.find((u) => after.slice(post.length).startsWith(u)) ?? '';
  const pre = PRE_QUALIFIERS.exec(clauseNorm.slice(0, n.index))?.[1] ?? '';
  const keepPre = pre === '近' || pre === '约' || pre === '逾' || pre === '超过' ? pre : '';
  return { text: `${keepPre}${n.raw}${post}${unit}`, end: n.index + n.raw.length + post.length + unit.length };
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

