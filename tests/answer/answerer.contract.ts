/**
 * The contract every Answerer keeps, run against each implementation (answerer-contract.test.ts):
 * - the stream's `done` carries the same answer as `answer()` for the same input;
 * - a refusal carries no citations;
 * - every number of a shown answer stands in a citation it references, and every marker points at one.
 */
import { describe, expect, it } from 'vitest';
import type { AnswerInput, Answerer } from '../../src/answer/answerer.js';
import { verifyAnswer } from '../../src/answer/grounding.js';
import type { Answer } from '../../src/types.js';
import { collect } from './fixtures.js';

export interface ContractSubject {
  answerer: () => Answerer;
  /** A question the corpus answers, and one about a report it does not have (a NO_SUCH_REPORT notice). */
  answerable: () => Promise<AnswerInput>;
  missing: () => Promise<AnswerInput>;
  /** Scripts the model, if there is one, before each call. */
  prime?: (input: AnswerInput) => void;
}

/** What must be equal between `answer()` and the stream's `done` (timings differ by nature). */
const comparable = (a: Answer) => ({ answer: a.answer, citations: a.citations, refused: a.refused, grounded: a.grounded });

export function answererContract(name: string, subject: ContractSubject): void {
  describe(`Answerer contract: ${name}`, () => {
    it("the stream's done equals answer()", async () => {
      for (const make of [subject.answerable, subject.missing]) {
        const input = await make();
        subject.prime?.(input);
        const direct = await subject.answerer().answer(input);
        subject.prime?.(input);
        const events = await collect(subject.answerer().stream(input));
        const done = events.at(-1);
        expect(done?.type).toBe('done');
        if (done?.type === 'done') expect(comparable(done.answer)).toEqual(comparable(direct));
      }
    });

    it('a refusal carries no citations', async () => {
      const input = await subject.missing();
      subject.prime?.(input);
      const a = await subject.answerer().answer(input);
      expect(a.refused).toBe(true);
      expect(a.citations).toEqual([]);
    });

    it('every number of a shown answer stands in a citation it references', async () => {
      const input = await subject.answerable();
      subject.prime?.(input);
      const a = await subject.answerer().answer(input);
      expect(a.refused).toBe(false);
      expect(a.grounded).toBe(true);
      const report = verifyAnswer(a.answer, a.citations);
      expect(report.ungroundedNumbers).toEqual([]);
      expect(report.badMarkers).toEqual([]);
      for (const c of a.citations) expect(a.answer).toContain(`[${c.n}]`);
    });
  });
}
