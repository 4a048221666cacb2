/**
 * The optional LLM answerer: a LangChain chat model writes the answer from the numbered passages, and
 * every answer is checked before anyone sees it — numbers must stand in the cited passages and markers
 * must point at returned citations. A failed check is repaired by dropping the offending sentences or,
 * failing that, answered by the fallback answerer; so is any model error or timeout.
 *
 * Providers: `openai` is any OpenAI-compatible chat-completions service at `llmBaseUrl` (OpenAI itself
 * when unset, DeepSeek, vLLM …). `ollama` uses the same client against Ollama's OpenAI-compatible
 * endpoint, `http://127.0.0.1:11434/v1` unless `llmBaseUrl` says otherwise (include the `/v1`), so no
 * extra package is needed.
 *
 * Streaming: deltas are whole sentences, each checked before it is sent. When a sentence fails, no more
 * model text is sent and `done` carries the repaired or fallback answer. `done.answer.answer` (with
 * `done.answer.citations`, pruned and renumbered to what the answer cites) is the authoritative final
 * text: clients replace the streamed text with it.
 */
import { AIMessage, HumanMessage, SystemMessage, type BaseMessage } from '@langchain/core/messages';
import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import { ChatOpenAI } from '@langchain/openai';
import type { Config } from '../config.js';
import type { Answer, Citation, Script } from '../types.js';
import { extractNumbers, toSimplified } from '../text/index.js';
import type { AnswerEvent, AnswerInput, Answerer } from './answerer.js';
import { buildCitations, citedNumbers, pruneUnused, stripMarkers } from './citations.js';
import { repairAnswer, sentenceEnd, verifyAnswer, verifySentence } from './grounding.js';
import { buildComputedPrompt, buildPrompt, REFUSAL, type PromptMessage } from './prompt.js';

export interface LlmAnswererOptions {
  config: Config;
  /** Answers whenever the model must not or cannot (no passages, error, timeout, ungrounded text). */
  fallback: Answerer;
  /** Replaces the model built from `config` (tests, other LangChain providers). */
  chatModel?: BaseChatModel;
}

/** Why the model's text was not used as is; with `repaired: true` the remedy was the repaired text. */
export type FallbackReason = 'timeout' | 'error' | 'ungrounded' | 'bad-citation';

const OLLAMA_BASE_URL = 'http://127.0.0.1:11434/v1';

/**
 * Builds the LLM answerer. `meta` of every answer records `answerer: 'llm:<model>'`, `fallback` (the
 * reason, when the model's text was not used as is), `repaired`, `fallbackAnswerer` (when the fallback
 * produced the text), `modelSkipped` (`notice` / `no-hits`: the model was not called) and `timings`.
 */
export function createLlmAnswerer(options: LlmAnswererOptions): Answerer {
  const { config, fallback } = options;
  const model = options.chatModel ?? createChatModel(config);
  const id = `llm:${config.llmModel}`;

  /** A fallback answer relabelled, so callers still see which answerer was asked and why it gave way. */
  function relabel(answer: Answer, meta: Record<string, unknown>): Answer {
    return { ...answer, meta: { ...answer.meta, ...meta, answerer: id, fallbackAnswerer: fallback.id } };
  }

  async function viaFallback(input: AnswerInput, signal: AbortSignal | undefined, meta: Record<string, unknown>) {
    return relabel(await fallback.answer(input, { signal }), meta);
  }

  /** The final answer for the model's complete text: as is, repaired, refused or the fallback's. */
  async function settle(
    input: AnswerInput,
    raw: string,
    citations: Citation[],
    signal: AbortSignal | undefined,
    timings: Timings,
  ): Promise<Answer> {
    const outcome = judge(raw.trim(), citations, input.retrieval.query.script);
    const meta = { answerer: id, ...outcome.meta, timings: timings.done() };
    return outcome.answer ? { ...outcome.answer, meta } : viaFallback(input, signal, meta);
  }

  return {
    id,

    /**
     * Words a computed comparison. The model sees the computed text (figures, inputs, citations) and
     * may only restate it: every number it writes must be one of the computed text's, and it must cite.
     * Otherwise, or on any model error, the computed text is the answer (meta says why).
     */
    async answerComputed(input, opts) {
      const timings = startTimings();
      const { computed } = input;
      const call = deadline(config.llmTimeoutMs, opts?.signal);
      let text: string;
      try {
        text = (await model.invoke(toMessages(buildComputedPrompt(input.question, computed.answer)), { signal: call.signal })).text.trim();
      } catch (error) {
        if (opts?.signal?.aborted) throw error;
        return { ...computed, meta: { ...computed.meta, answerer: id, fallbackAnswerer: 'stats', ...failure(call, error, timings) } };
      }
      timings.modelDone();
      const problem = restates(text, computed);
      if (problem) return { ...computed, meta: { ...computed.meta, answerer: id, fallbackAnswerer: 'stats', fallback: problem, timings: timings.done() } };
      return { ...computed, answer: text, meta: { ...computed.meta, answerer: id, timings: timings.done() } };
    },

    async answer(input, opts) {
      const skipped = skipReason(input);
      if (skipped) return viaFallback(input, opts?.signal, { modelSkipped: skipped });
      const timings = startTimings();
      const citations = buildCitations(input.retrieval.hits);
      const call = deadline(config.llmTimeoutMs, opts?.signal);
      let text: string;
      try {
        text = (await model.invoke(toMessages(buildPrompt(promptInput(input, citations))), { signal: call.signal })).text;
      } catch (error) {
        if (opts?.signal?.aborted) throw error;
        return viaFallback(input, opts?.signal, failure(call, error, timings));
      }
      timings.modelDone();
      return settle(input, text, citations, opts?.signal, timings);
    },

    async *stream(input, opts): AsyncGenerator<AnswerEvent> {
      const skipped = skipReason(input);
      if (skipped) {
        for await (const event of fallback.stream(input, opts)) {
          if (event.type !== 'done') yield event;
          else yield { type: 'done', answer: relabel(event.answer, { modelSkipped: skipped }) };
        }
        return;
      }
      const timings = startTimings();
      const citations = buildCitations(input.retrieval.hits);
      yield { type: 'citations', citations };
      const call = deadline(config.llmTimeoutMs, opts?.signal);
      let text = '';
      let shown = 0;
      // Once a sentence fails, the rest is still read (silently) so the repair can keep later good sentences.
      let withheld = false;
      try {
        const chunks = await model.stream(toMessages(buildPrompt(promptInput(input, citations))), { signal: call.signal });
        for await (const chunk of chunks) {
          if (!text && chunk.text) timings.firstToken();
          text += chunk.text;
          if (withheld) continue;
          for (let end = sentenceEnd(text, shown); end !== -1; end = sentenceEnd(text, shown)) {
            const sentence = text.slice(shown, end);
            if (!verifySentence(sentence, citations).grounded) {
              withheld = true;
              break;
            }
            shown = end;
            yield { type: 'delta', text: sentence };
          }
        }
      } catch (error) {
        if (opts?.signal?.aborted) throw error;
        yield { type: 'done', answer: await viaFallback(input, opts?.signal, failure(call, error, timings)) };
        return;
      }
      timings.modelDone();
      const tail = text.slice(shown);
      if (!withheld && tail && verifySentence(tail, citations).grounded) yield { type: 'delta', text: tail };
      yield { type: 'done', answer: await settle(input, text, citations, opts?.signal, timings) };
    },
  };
}

/** The chat model for `config`: ChatOpenAI for both providers (see the file comment). */
function createChatModel(config: Config): BaseChatModel {
  return new ChatOpenAI({
    model: config.llmModel,
    apiKey: config.llmApiKey ?? 'not-needed',
    configuration: { baseURL: config.llmBaseUrl ?? (config.llmProvider === 'ollama' ? OLLAMA_BASE_URL : undefined) },
    temperature: config.llmTemperature,
    // A retry would spend the timeout budget; the fallback answerer is the retry.
    maxRetries: 0,
    // Usage chunks need `stream_options`, which some OpenAI-compatible servers reject.
    streamUsage: false,
  });
}

/**
 * Why a model's wording of a computed comparison cannot be shown, or null: it must cite, cite only the
 * computed citations, and write no number the computed text does not have (no arithmetic of its own).
 */
function restates(text: string, computed: Answer): FallbackReason | null {
  const cited = citedNumbers(text);
  if (!cited.length || cited.some((n) => n < 1 || n > computed.citations.length)) return 'bad-citation';
  const allowed = new Set(extractNumbers(stripMarkers(computed.answer)).map((m) => m.value));
  return extractNumbers(stripMarkers(text)).every((m) => allowed.has(m.value)) ? null : 'ungrounded';
}

type Outcome =
  | { answer: Omit<Answer, 'meta'>; meta: Record<string, unknown> }
  | { answer?: undefined; meta: { fallback: FallbackReason } };

/** Decides what to do with the model's full text; the shown answer is always grounded. */
function judge(text: string, citations: Citation[], script: Script): Outcome {
  if (isRefusal(text)) return { answer: { answer: REFUSAL[script], citations: [], refused: true, grounded: true }, meta: {} };
  const report = verifyAnswer(text, citations);
  const cites = citedNumbers(text).length > 0;
  if (report.grounded && cites) {
    const pruned = pruneUnused(text, citations);
    return { answer: { answer: pruned.text, citations: pruned.citations, refused: false, grounded: true }, meta: {} };
  }
  // An answer that cites nothing is ungrounded even if it states no number: every claim needs a source.
  const reason: FallbackReason = report.badMarkers.length > 0 ? 'bad-citation' : 'ungrounded';
  const repaired = repairAnswer(text, citations);
  if (repaired === null) return { meta: { fallback: reason } };
  const pruned = pruneUnused(repaired, citations);
  return {
    answer: { answer: pruned.text, citations: pruned.citations, refused: false, grounded: true },
    meta: { fallback: reason, repaired: true },
  };
}

/** The model declined with the agreed phrase and cited nothing. */
function isRefusal(text: string): boolean {
  return citedNumbers(text).length === 0 && toSimplified(stripMarkers(text)).includes(REFUSAL.simplified);
}

/** The model is not asked when there is nothing to answer from; the fallback says so in its own words. */
function skipReason(input: AnswerInput): 'notice' | 'no-hits' | null {
  if (input.retrieval.notice) return 'notice';
  return input.retrieval.hits.length === 0 ? 'no-hits' : null;
}

function promptInput(input: AnswerInput, citations: Citation[]) {
  return { question: input.question, script: input.retrieval.query.script, citations, history: input.history };
}

function toMessages(messages: PromptMessage[]): BaseMessage[] {
  return messages.map((m) =>
    m.role === 'system' ? new SystemMessage(m.content) : m.role === 'user' ? new HumanMessage(m.content) : new AIMessage(m.content),
  );
}

interface Deadline {
  signal: AbortSignal;
  timedOut(): boolean;
}

/** The caller's signal merged with the model timeout, remembering which of the two fired. */
function deadline(ms: number, caller: AbortSignal | undefined): Deadline {
  const timeout = AbortSignal.timeout(ms);
  return {
    signal: caller ? AbortSignal.any([timeout, caller]) : timeout,
    timedOut: () => timeout.aborted,
  };
}

function failure(call: Deadline, error: unknown, timings: Timings): Record<string, unknown> {
  if (call.timedOut()) return { fallback: 'timeout', timings: timings.done() };
  const message = error instanceof Error ? error.message : String(error);
  return { fallback: 'error', error: message.slice(0, 200), timings: timings.done() };
}

interface Timings {
  firstToken(): void;
  modelDone(): void;
  done(): Record<string, number>;
}

/** Milliseconds from the start of the answer to the first model token, the model's end, and the end. */
function startTimings(): Timings {
  const start = performance.now();
  const marks: Record<string, number> = {};
  const mark = (name: string) => () => void (marks[name] = Math.round(performance.now() - start));
  return {
    firstToken: mark('firstTokenMs'),
    modelDone: mark('modelMs'),
    done: () => ({ ...marks, totalMs: Math.round(performance.now() - start) }),
  };
}
