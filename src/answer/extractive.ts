/**
 * The extractive answerer (default; no LLM, deterministic). It reads what kind of answer the question
 * wants, scores the clauses of the top passages against the question's terms, and writes a short
 * Chinese answer from the best sentence, naming the report and citing it with `[n]`. It refuses
 * plainly when retrieval says the report does not exist or nothing relevant was found.
 */
import { describeNotice } from '../retrieve/catalog.js';
import { extractNumbers, inScript, normalizeText, tokenize, toSimplified } from '../text/index.js';
import type { Answer, Citation, Hit, Script } from '../types.js';
import { MAX_ANSWER_CHARS, type AnswerEvent, type AnswerInput, type Answerer } from './answerer.js';
import { buildCitations, clipQuote, pruneUnused } from './citations.js';
import { askedContact, findContact } from './contact.js';
import { askedRole, roleHolder } from './roles.js';
import { buildConcepts, coverageOf, mentions, type Concept } from './concepts.js';
import { readFacts, storedFacts } from '../ingest/facts.js';
import { askedDirection, askedUnits, asksRank, bindFacts, figureAsks, headConcepts, stagesOf, verifyBinding, type BoundFigure, type FigureAsk } from './figures.js';
import { BROAD_TOPICS, ENUMERATION_ITEM, NEGATIONS, QUESTION_TYPES, REPORT_OUTLINE, SENTENCE_STOPS, UNITS, charClass, type QuestionType } from '../lang/zh/index.js';
import { splitSentences as answerSentences, verifyAnswer } from './grounding.js';
import { SCORING } from './scoring.js';

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
  /** Figure questions: the figure bound to each part of the question, in order. */
  figures?: BoundFigure[];
  score: number;
  coverage: number;
}

/** Creates the extractive answerer. */
export function createExtractiveAnswerer(options: ExtractiveOptions = {}): Answerer {
  const passages = options.passages ?? 5;
  const minCoverage = options.minCoverage ?? SCORING.sentence.minCoverage;

  const compose = async ({ question, retrieval, sectionChunks }: AnswerInput): Promise<Answer> => {
    const started = performance.now();
    const script = retrieval.query.script;
    const meta = (extra: Record<string, unknown> = {}) => ({ answerer: 'extractive', ...extra, timings: { answerMs: round(performance.now() - started) } });
    if (retrieval.notice) return refusal(describeNotice(retrieval.notice, script), meta({ reason: 'no-such-report' }));
    if (retrieval.hits.length === 0) return refusal(inScript('语料库中没有找到与该问题相关的内容。', script), meta({ reason: 'no-hits' }));

    const type = questionType(retrieval.query.norm);
    const contactField = type === 'contact' ? askedContact(retrieval.query.norm) : undefined;
    if (contactField) {
      const found = findContact(contactField, retrieval.hits.slice(0, passages));
      if (!found) return refusal(inScript(`在《${retrieval.hits[0]!.report.title}》中没有找到${contactField.field}。`, script), meta({ type, reason: 'not-found' }));
      const { citations, marker } = cite([found.hit]);
      const text = inScript(`${found.value}。根据《${found.hit.report.title}》，${toSimplified(quoted(found.sentence))}。${marker(found.hit)}`, script);
      return { answer: text, citations, refused: false, grounded: verifyAnswer(text, citations).grounded, meta: meta({ type, field: found.field }) };
    }
    const weights = buildConcepts(retrieval.query.terms.length ? retrieval.query.terms : tokenize(retrieval.query.norm), retrieval.query.norm);
    // Only figures the question writes out count (`上一年` holds no number the answer must avoid).
    const questionNumbers = new Set(extractNumbers(retrieval.query.norm).filter((n) => /\d/.test(n.raw)).map((n) => n.value));
    const asks = type === 'figure' ? figureAsks(retrieval.query.norm).map((part) => askFor(part, weights, questionNumbers)) : [];
    const ranked = rankCandidates(retrieval.hits.slice(0, passages), weights, type, asks);
    let best = ranked[0];
    if (!best || best.coverage < minCoverage) {
      // Name the report only when the question pointed at one; an off-topic question gets a general refusal.
      const { region, body, year } = retrieval.query;
      const text = region || body || year ? `在《${retrieval.hits[0]!.report.title}》中没有找到能回答该问题的内容。` : '语料库中没有找到与该问题相关的内容。';
      return refusal(inScript(text, script), meta({ reason: 'not-found', coverage: best?.coverage ?? 0 }));
    }
    if (type === 'figure' && !best.figures?.length) {
      // A figure question whose passage states no figure bound to what was asked: refuse rather than guess.
      const where = best.hit.chunk.headingPath.at(-1);
      const text = `在《${best.hit.report.title}》中没有找到与该问题直接对应的数字${where ? `（最接近的内容在“${where}”）` : ''}，该报告可能没有单列这一数字。`;
      return refusal(inScript(text, script), meta({ type, reason: 'no-bound-figure' }));
    }
    // A question that names no report, answered alike by several: list them instead of picking one.
    const named = retrieval.query;
    if (!named.region && !named.body && named.year === null && (type === 'figure' || type === 'yesno')) {
      const several = perReport(ranked, best, type, minCoverage, weights);
      if (several.length >= 2) {
        const { citations, marker } = cite(several.map((c) => c.hit));
        const lines = several.map((c, i) => `${i + 1}. 《${c.hit.report.title}》：${leadFor(type, c)}${toSimplified(quoted(c.sentence))}。${marker(c.hit)}`);
        const text = inScript(`多份报告都有相关内容，请指明地区和年份：\n${lines.join('\n')}`, script);
        if (verifyAnswer(text, citations).grounded) return { answer: text, citations, refused: false, grounded: true, meta: meta({ type, reason: 'several-reports' }) };
      }
    }
    // The same figure bound in the narrative and in the statutory table: cite both, prose first.
    let also = type === 'figure' ? corroboration(ranked, best) : undefined;
    if (also && best.hit.chunk.kind === 'tableRow' && also.hit.chunk.kind !== 'tableRow') [best, also] = [also, best];
    if (type === 'yesno') {
      // A yes/no answer needs the asked topic stated; a sentence that only shares other words cannot say yes or no.
      const topic = mainTopic(weights);
      if (topic && !mentions(normalizeText(best.sentence), topic)) {
        const text = `在《${best.hit.report.title}》中没有找到关于“${topic.alternatives[0]}”的内容，无法判断。`;
        return refusal(inScript(text, script), meta({ type, reason: 'topic-absent' }));
      }
    }
    if (type === 'figure' && best.figures) {
      // The stored facts of the cited passage must bind the same figures: a second, independent reading.
      const facts = best.hit.chunk.facts ?? storedFacts(best.hit.chunk.norm, best.hit.chunk.kind === 'tableRow' ? 'tableRow' : 'prose');
      const concepts = asks.flatMap((a) => a.concepts);
      const required = asks.flatMap((a) => (a.headRequired ? (a.head ?? []) : []));
      if (!verifyBinding(best.figures, facts, concepts, asks.some((a) => a.rank), required)) {
        return refusal(inScript('无法给出经过核对的答案，请查看相关报告原文。', script), meta({ type, reason: 'unbound', withdrawn: true }));
      }
    }
    // A list spelled out item by item (`一是…`, `（二）…`) across the section: gather every item, each cited.
    if (type === 'items' && sectionChunks && ENUMERATION_ITEM.test(normalizeText(best.sentence))) {
      const gathered = await gatherItems(best, sectionChunks);
      if (gathered.length >= 2) {
        // Several items of one passage share its citation.
        const { citations, marker } = cite(gathered.map((g) => g.hit));
        const where = best.hit.chunk.headingPath.at(-1);
        const items = gathered.map((g) => `${toSimplified(g.item)}${marker(g.hit)}`).join('；');
        const text = inScript(`${items}。以上见《${best.hit.report.title}》${where ? `“${where}”` : ''}。`, script);
        if (verifyAnswer(text, citations).grounded) return { answer: text, citations, refused: false, grounded: true, meta: meta({ type, items: gathered.length }) };
      }
    }
    // A role question leads with the holder the sentence names (`常务副县长。`), when it names one.
    const role = type === 'who' ? askedRole(retrieval.query.norm) : undefined;
    const holder = role ? roleHolder(normalizeText(best.sentence), role) : null;
    const lead = holder ? `${holder}。` : leadFor(type, best);
    const support = [best, ...(also ? [also] : [])];
    const { citations, marker } = cite(support.map((c) => c.hit));
    const body = support.map((c, i) => `${i === 0 ? `根据《${c.hit.report.title}》` : '另见'}${sentenceOf(c, type, i)}。${marker(c.hit)}`).join('');
    const text = inScript(`${lead}${body}`, script);
    const grounding = verifyAnswer(text, citations);
    if (!grounding.grounded) {
      // The lead is the only text not copied from the passage; drop it rather than show an unsupported number.
      const plain = inScript(body, script);
      if (verifyAnswer(plain, citations).grounded) return { answer: plain, citations, refused: false, grounded: true, meta: meta({ type, repaired: true }) };
      // Never show an answer whose numbers the passage does not state: withdraw it.
      return refusal(inScript('无法给出经过核对的答案，请查看相关报告原文。', script), meta({ type, reason: 'ungrounded', withdrawn: true }));
    }
    return { answer: text, citations, refused: false, grounded: true, meta: meta({ type, coverage: round(best.coverage) }) };
  };
  const answer = async (input: AnswerInput): Promise<Answer> => bounded(await compose(input), input.retrieval.query.script);

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

/** Concepts specific enough (3+ characters, not generic) that a passage lacking one cannot answer. */
const KEY_WEIGHT = SCORING.concepts.keyWeight;

function askFor(part: string, whole: Concept[], questionNumbers: ReadonlySet<number>): FigureAsk {
  // A part of a several-figure question is scored on the concepts it names itself. Measure words
  // (`场` of `多少场`) are matched as units, not as words a label must contain (`专场`).
  const words = whole.filter((c) => !c.alternatives.every((a) => UNITS.includes(a)));
  const own = words.filter((c) => c.alternatives.some((a) => part.includes(a)) || c.parts.some((p) => part.includes(p)));
  const concepts = own.length ? own : words;
  const { head, required } = headConcepts(part, concepts);
  return { concepts, head, headRequired: required, stages: stagesOf(part), units: askedUnits(part), direction: askedDirection(part), rank: asksRank(part), questionNumbers };
}

/** Least binding score a figure needs to lead an answer: its label must name part of what was asked. */
const MIN_BINDING = SCORING.figure.minBinding;

/**
 * Scores each clause of each sentence of the top passages: coverage of the question's terms by the
 * clause, its sentence and its whole passage (a passage that names `2677` and `政策法规` beats one that
 * only shares generic words), the passage's rank, and what the question type needs: a figure question
 * needs a figure bound to what it asks (its label and unit, see figures.ts); a yes/no answer needs a
 * statement, not a bare heading.
 */
function rankCandidates(hits: Hit[], weights: Concept[], type: QuestionType, asks: FigureAsk[]): Candidate[] {
  const bestOf = new Map<string, Candidate>();
  const keys = weights.filter((c) => c.weight >= KEY_WEIGHT && !c.alternatives.some((a) => BROAD_TOPICS.includes(a)));
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
      // The report's description of its own outline names every topic and answers none.
      if (REPORT_OUTLINE.test(norm)) return;
      const sentenceCoverage = coverageOf(norm, weights);
      const hasNumber = extractNumbers(norm).length > 0;
      let figures: BoundFigure[] | undefined;
      let figureScore = 0;
      if (type === 'figure') {
        const layout = hit.chunk.kind === 'tableRow' ? 'tableRow' : 'prose';
        const facts = readFacts(norm, layout);
        const bound = asks.map((ask) => bindFacts(facts, norm, ask, layout)[0]);
        figures = bound.every((f) => f && f.strictCoverage >= MIN_BINDING) ? (bound as BoundFigure[]) : undefined;
        // Two parts never bind to the same number.
        if (figures && new Set(figures.map((f) => f.mention.index)).size < figures.length) figures = undefined;
        figureScore = figures ? SCORING.figure.bindingWeight * Math.min(...figures.map((f) => f.score)) : -SCORING.figure.unboundCost;
      }
      for (const clause of splitClauses(sentence)) {
        const clauseNorm = normalizeText(clause);
        const clauseCoverage = coverageOf(clauseNorm, weights);
        const coverage = Math.max(clauseCoverage, sentenceCoverage * SCORING.sentence.sentenceShare, passageCoverage * SCORING.sentence.passageShare);
        let score = clauseCoverage + sentenceCoverage + SCORING.sentence.passageBonus * passageCoverage - hitIndex * SCORING.sentence.rankCost + figureScore;
        if (type === 'yesno') score += NEGATIONS.test(norm) ? SCORING.sentence.negationBonus : hasNumber ? SCORING.sentence.countBonus : -SCORING.sentence.noStatementCost;
        const key = `${hit.chunk.id}#${si}`;
        const seen = bestOf.get(key);
        if (!seen || score > seen.score) bestOf.set(key, { hit, hitIndex, sentence, norm, clause, next: pool[si + 1], score, coverage, figures });
      }
    });
  });
  // Best per sentence, best first; ties keep retrieval order.
  return [...bestOf.values()].sort((a, b) => b.score - a.score);
}

/** The heaviest specific idea of a question (not a process name every report covers), if any. */
function mainTopic(concepts: readonly Concept[]): Concept | undefined {
  return concepts
    .filter((c) => c.weight >= 1 && !c.alternatives.some((a) => BROAD_TOPICS.includes(a)))
    .sort((a, b) => b.weight - a.weight)[0];
}

/** At most this many items are gathered into one list answer. */
const MAX_LIST_ITEMS = 8;
/** An item is quoted up to its first full stop, and at most this long. */
const MAX_ITEM_CHARS = 60;

/** The items of the enumeration the best sentence belongs to, from the passages of its section, in order. */
async function gatherItems(best: Candidate, sectionChunks: NonNullable<AnswerInput['sectionChunks']>): Promise<{ hit: Hit; item: string }[]> {
  const out: { hit: Hit; item: string }[] = [];
  for (const chunk of await sectionChunks(best.hit.chunk.reportId, best.hit.chunk.headingPath)) {
    if (chunk.kind === 'tableRow') continue;
    // An item may start a passage, or several may stand in one (`一是…。二是…。`).
    for (const sentence of splitSentences(chunk.text)) {
      if (!ENUMERATION_ITEM.test(normalizeText(sentence))) continue;
      const item = withoutEnding(sentence);
      out.push({ hit: { chunk, report: best.hit.report, score: 0, ranks: {} }, item: item.length > MAX_ITEM_CHARS ? `${item.slice(0, MAX_ITEM_CHARS)}…` : item });
      if (out.length >= MAX_LIST_ITEMS) return out;
    }
  }
  return out;
}

/** At most this many reports are listed for a question that names none. */
const MAX_LISTED_REPORTS = SCORING.reports.maxListed;

/**
 * The best candidate of each report that answers the question as fully as the best one, in rank order:
 * a figure bound to as much of the question, or a yes/no statement covering as much of it. A question
 * whose specific words only one report has (`区档案馆…纸质全文`) gets one report back.
 */
function perReport(ranked: readonly Candidate[], best: Candidate, type: QuestionType, minCoverage: number, concepts: readonly Concept[]): Candidate[] {
  // Generic words (政府, 信息) differ between reports' wordings; the question's specific ideas decide.
  const specific = concepts.filter((c) => c.weight >= 1);
  const binding = (c: Candidate) => Math.min(...(c.figures ?? []).map((f) => specific.filter((s) => mentions(f.label, s)).length));
  const out: Candidate[] = [];
  for (const c of ranked) {
    if (out.length >= MAX_LISTED_REPORTS) break;
    if (out.some((o) => o.hit.report.id === c.hit.report.id) || c.coverage < minCoverage) continue;
    const asFull = type === 'figure' ? !!c.figures?.length && binding(c) >= binding(best) : c.coverage >= best.coverage - SCORING.reports.yesNoCoverageSlack;
    if (asFull) out.push(c);
  }
  return out;
}

/** Another passage that binds the same figures to the question: a table row beside its narrative, or the reverse. */
function corroboration(ranked: readonly Candidate[], best: Candidate): Candidate | undefined {
  const values = (c: Candidate) => c.figures?.map((f) => f.mention.value).join('|');
  const isTable = best.hit.chunk.kind === 'tableRow';
  return ranked.find(
    (c) => c.hit.chunk.id !== best.hit.chunk.id && c.hit.report.id === best.hit.report.id && (c.hit.chunk.kind === 'tableRow') !== isTable && values(c) === values(best),
  );
}

/** The supporting text of a candidate as the answer quotes it (a list continues into the next sentence). */
function sentenceOf(c: Candidate, type: QuestionType, i: number): string {
  const full = type === 'items' && c.next && c.sentence.length + c.next.length <= 240 ? `${c.sentence}${c.next}` : c.sentence;
  // A table row means little without its section (`四、…行政复议、行政诉讼情况`), so name it.
  const where = c.hit.chunk.kind === 'tableRow' && c.hit.chunk.headingPath.length ? `“${c.hit.chunk.headingPath.at(-1)}”中` : '';
  return `${where}${i === 0 || where ? '，' : '：'}${toSimplified(quoted(full))}`;
}

/** A sentence without its closing punctuation, so the answer can end it with its own `。[n]`. */
function withoutEnding(sentence: string): string {
  return sentence.replace(/[。；;，,\s]+$/, '');
}

/** A sentence as an answer quotes it: without its closing punctuation, and never longer than a citation's quote. */
function quoted(sentence: string): string {
  return clipQuote(withoutEnding(sentence));
}

/**
 * The answer within `MAX_ANSWER_CHARS`: whole sentences (each with its `[n]` markers) up to the bound,
 * and only the citations they still cite. What is left must still cite and be grounded, else withdrawn.
 */
function bounded(a: Answer, script: Script): Answer {
  if (a.answer.length <= MAX_ANSWER_CHARS) return a;
  let text = '';
  for (const sentence of answerSentences(a.answer)) {
    if (text.length + sentence.length > MAX_ANSWER_CHARS) break;
    text += sentence;
  }
  if (a.refused) return { ...a, answer: text || clipQuote(a.answer, MAX_ANSWER_CHARS) };
  const kept = pruneUnused(text, a.citations);
  if (!kept.citations.length || !verifyAnswer(kept.text, kept.citations).grounded) {
    return refusal(inScript('无法给出经过核对的答案，请查看相关报告原文。', script), { ...a.meta, reason: 'too-long', withdrawn: true });
  }
  return { ...a, answer: kept.text, citations: kept.citations, meta: { ...a.meta, clipped: true } };
}

/**
 * Citations for the passages an answer quotes, and the `[n]` marker of each: `buildCitations` cites a
 * passage once, so two items of one passage share its number.
 */
function cite(hits: Hit[]): { citations: Citation[]; marker: (hit: Hit) => string } {
  const citations = buildCitations(hits);
  const marker = (hit: Hit) => `[${citations.find((c) => c.reportId === hit.chunk.reportId && c.quote === clipQuote(hit.chunk.text))?.n ?? 1}]`;
  return { citations, marker };
}

/** A sentence of a passage: up to and including its full stop, exclamation or question mark. */
const PASSAGE_SENTENCE = new RegExp(`${charClass(SENTENCE_STOPS, true)}+${charClass(SENTENCE_STOPS)}?`, 'g');

/** Sentences of a passage (headings and table rows are lines of their own). */
function splitSentences(text: string): string[] {
  return text
    .split('\n')
    .flatMap((line) => line.match(PASSAGE_SENTENCE) ?? [])
    .map((s) => s.trim())
    .filter((s) => s.length > 1);
}

function splitClauses(sentence: string): string[] {
  const clauses = sentence.split(/[，,；;：:]/).map((c) => c.trim()).filter(Boolean);
  return clauses.length ? clauses : [sentence];
}

/** A direct answer put before the supporting sentence: the bound figure(s) with unit, or 有/没有. */
function leadFor(type: QuestionType, best: Candidate): string {
  if (type === 'yesno') {
    // Polarity is read where the question's idea is stated: `有3件…行政复议；未发生行政诉讼` says yes to 复议.
    // A clause with no statement of its own (a table row's label) is read with its whole row.
    const own = normalizeText(best.clause);
    const clause = NEGATIONS.test(own) || extractNumbers(own).length ? own : best.norm;
    const counts = extractNumbers(clause).map((n) => n.value);
    const allZero = counts.length > 0 && counts.every((v) => v === 0);
    return NEGATIONS.test(clause) || allZero ? '没有。' : '有。';
  }
  if (type !== 'figure' || !best.figures?.length) return '';
  return `${best.figures.map((f) => f.text).join('；')}。`;
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

