import { describe, expect, it } from 'vitest';
import { isNianbaoError } from '../../src/errors.js';
import { evaluate, summarize, type EvaluatedQuestion } from '../../src/eval/evaluate.js';
import { parseQuestionJsonl } from '../../src/eval/questions.js';
import type { GoldQuestion, Verdict } from '../../src/eval/score.js';
import type { Answer, Hit, RetrievalResult } from '../../src/types.js';

let seq = 0;

/** A hand-made evaluated question; the verdict is given, not computed, so summarize is tested alone. */
function q(gold: Partial<GoldQuestion>, verdict: Partial<Verdict>, rest: Partial<EvaluatedQuestion> = {}): EvaluatedQuestion {
  seq++;
  return {
    gold: { id: `q${seq}`, question: `问题${seq}`, ...gold },
    answer: '',
    citations: [],
    refused: false,
    grounded: true,
    latencyMs: 10,
    verdict: { answered: null, cited: null, both: null, missingFacts: [], ...verdict },
    evidenceRank: null,
    ...rest,
  };
}

const FACT = { kind: 'fact' as const, facts: [['8']], source: '004.txt', evidence: '全年受理依申请公开8件' };

describe('summarize', () => {
  const results = [
    q(FACT, { answered: true, cited: true, both: true }, { evidenceRank: 1, latencyMs: 10 }),
    q(FACT, { answered: true, cited: false, both: false }, { evidenceRank: 3, latencyMs: 20 }),
    // A wrong refusal of an answerable question.
    q(FACT, { answered: false, cited: false, both: false }, { refused: true, latencyMs: 30 }),
    q({ kind: 'none' }, { answered: true, both: true }, { refused: true, latencyMs: 40 }),
    // An invented answer to a question the corpus does not answer.
    q({ kind: 'none' }, { answered: false, both: false }, { grounded: false, latencyMs: 50 }),
    // A list question without evidence: counts for answers, not for citations or recall.
    q({ kind: 'list', facts: [['a'], ['b']] }, { answered: true, both: true }, { grounded: false, latencyMs: 60, evidenceRank: 2 }),
    // No gold fields: unscored, but still counted in questions, ungrounded and latency.
    q({}, {}, { refused: true, latencyMs: 1000 }),
    // A question that failed outright: an error, not an ungrounded answer.
    q({}, {}, { grounded: false, error: 'LLM_UNAVAILABLE: down', latencyMs: 5 }),
  ];
  const s = summarize(results);

  it('counts questions and scored questions', () => {
    expect(s.questions).toBe(8);
    expect(s.scored).toBe(6);
  });

  it('answer, citation and both accuracy over the questions that have gold fields', () => {
    expect(s.answerAccuracy).toBeCloseTo(4 / 6);
    expect(s.citationAccuracy).toBeCloseTo(1 / 3);
    expect(s.both).toBeCloseTo(3 / 6);
  });

  it('refusal precision (refusals that were right) and recall (none questions refused)', () => {
    expect(s.refusalPrecision).toBeCloseTo(1 / 2);
    expect(s.refusalRecall).toBeCloseTo(1 / 2);
  });

  it('recall@1 and @5 of the evidence over questions with evidence', () => {
    expect(s.recallAt1).toBeCloseTo(1 / 3);
    expect(s.recallAt5).toBeCloseTo(2 / 3);
  });

  it('wrong answers: shown but lacking a gold fact, or invented where the corpus has none; abstentions: answerable questions refused', () => {
    // q2 answered (its citation is wrong, not its figure), q5 invented an answer to a none question.
    expect(s.wrongRate).toBeCloseTo(1 / 6);
    // Of the four answerable questions, q3 was refused.
    expect(s.abstentionRate).toBeCloseTo(1 / 4);
  });

  it('counts ungrounded answers apart from errors, and takes latency percentiles over all questions', () => {
    expect(s.ungrounded).toBe(2);
    expect(s.errors).toBe(1);
    expect(s.latencyP50).toBe(40);
    expect(s.latencyP95).toBe(1000);
  });

  it('reports 1 for ratios with nothing to count and 0 latency for no questions', () => {
    expect(summarize([])).toEqual({
      questions: 0,
      scored: 0,
      answerAccuracy: 1,
      citationAccuracy: 1,
      both: 1,
      refusalPrecision: 1,
      refusalRecall: 1,
      recallAt1: 1,
      recallAt5: 1,
      ungrounded: 0,
      wrongRate: 0,
      abstentionRate: 0,
      errors: 0,
      latencyP50: 0,
      latencyP95: 0,
    });
    const noRefusals = summarize([q(FACT, { answered: true, cited: true, both: true }, { evidenceRank: 1 })]);
    expect(noRefusals.refusalPrecision).toBe(1);
    expect(noRefusals.refusalRecall).toBe(1);
  });
});

describe('evaluate', () => {
  const hit = (source: string, text: string) => ({ chunk: { text }, report: { source } }) as unknown as Hit;

  it('scores answers, finds the evidence rank in retrieval, and accepts numeric JSONL ids', async () => {
    const { records } = parseQuestionJsonl(
      [
        JSON.stringify({ id: 1, question: '赤峰2012年依申请公开多少件', kind: 'fact', facts: [['8']], source: '004.txt', evidence: '全年受理依申请公开8件' }),
        JSON.stringify({ id: 2, question: '赤峰2030年依申请公开多少件', kind: 'none' }),
      ].join('\n'),
    );
    const ask = async (question: string): Promise<Answer & { retrieval: RetrievalResult }> => {
      const hits = [hit('corpus/004.txt', '其他段落'), hit('corpus/004.txt', '全年受理依申请公开8件，其中…')];
      const retrieval = { query: {}, hits } as unknown as RetrievalResult;
      if (question.includes('2030')) return { answer: '没有找到', citations: [], refused: true, grounded: true, retrieval };
      const citation = { n: 1, reportId: '004', source: 'corpus/004.txt', title: 't', region: null, year: 2012, section: 's', paragraph: 26, quote: '全年受理依申请公开8件', url: '' };
      return { answer: '8件。[1]', citations: [citation], refused: false, grounded: true, retrieval };
    };
    const progress: number[] = [];
    const { results, summary } = await evaluate(records, ask, { concurrency: 2, onProgress: (d) => progress.push(d) });
    expect(results.map((r) => [r.gold.id, r.verdict.both, r.evidenceRank])).toEqual([
      ['1', true, 2],
      ['2', true, null],
    ]);
    expect(progress).toEqual([1, 2]);
    expect(summary).toMatchObject({ both: 1, recallAt1: 0, recallAt5: 1, refusalRecall: 1 });
  });

  it('fails with INVALID_INPUT_FILE naming the line when a gold field is malformed', async () => {
    const { records } = parseQuestionJsonl(`{"id":"a","question":"问"}\n{"id":"b","question":"问","kind":"fakt"}\n`);
    let asked = 0;
    const error = await evaluate(records, async () => {
      asked++;
      return { answer: '', citations: [], refused: true, grounded: true };
    }).catch((e: unknown) => e);
    expect(isNianbaoError(error) && error.code).toBe('INVALID_INPUT_FILE');
    expect(String((error as Error).message)).toContain('line 2');
    expect(asked).toBe(0);
  });
});
