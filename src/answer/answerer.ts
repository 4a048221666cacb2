/**
 * The answerer contract. An answerer turns a question and its retrieval result into a short Chinese
 * answer whose every claim is tied to a numbered citation. `stream` yields the same answer as events
 * for the server's SSE endpoint: first the citations, then text deltas, then `done` with the final answer.
 */
import type { Answer, Chunk, Citation, RetrievalResult } from '../types.js';

/**
 * The longest answer text an answerer returns, in characters (about 12 KB of UTF-8): a few quoted
 * sentences with the reports they come from. Quotes themselves are bounded by `MAX_QUOTE_CHARS`.
 */
export const MAX_ANSWER_CHARS = 4000;

export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

export interface AnswerInput {
  question: string;
  retrieval: RetrievalResult;
  history?: ChatTurn[];
  /** The passages of a report under one heading, in order: a list answer gathers the section's items from them. */
  sectionChunks?: (reportId: string, headingPath: readonly string[]) => Promise<Chunk[]>;
}

/** A comparison already computed from the reports' standard measures (src/answer/stats.ts). */
export interface ComputedInput {
  question: string;
  retrieval: RetrievalResult;
  history?: ChatTurn[];
  computed: Answer;
}

export type AnswerEvent =
  | { type: 'citations'; citations: Citation[] }
  | { type: 'delta'; text: string }
  | { type: 'done'; answer: Answer };

export interface Answerer {
  /** `extractive`, `llm:<model>` … reported in /health and answer metadata. */
  readonly id: string;
  answer(input: AnswerInput, options?: { signal?: AbortSignal }): Promise<Answer>;
  stream(input: AnswerInput, options?: { signal?: AbortSignal }): AsyncIterable<AnswerEvent>;
  /**
   * Words a comparison the engine computed (its figures and inputs are final: the answerer must not
   * redo the arithmetic). Absent, or resolving to null, means the computed answer is used as it is.
   */
  answerComputed?(input: ComputedInput, options?: { signal?: AbortSignal }): Promise<Answer | null>;
}
