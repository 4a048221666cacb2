/**
 * The LLM answerer through the real ChatOpenAI client against a loopback OpenAI-compatible server, so
 * HTTP, SSE parsing, timeouts and aborts are the real ones; only the model's words are scripted.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Answer } from '../../src/types.js';
import type { AnswerEvent } from '../../src/answer/answerer.js';
import { verifySentence } from '../../src/answer/grounding.js';
import { createLlmAnswerer } from '../../src/answer/llm.js';
import { buildCitations } from '../../src/answer/citations.js';
import { loadConfig } from '../../src/config.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import { askInput, chifengHits, collect, createFakeFallback, FALLBACK_TEXT } from './fixtures.js';

const TIMEOUT_MS = 400;
let server: FakeOpenAiServer;
let fallback: ReturnType<typeof createFakeFallback>;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());
beforeEach(() => {
  fallback = createFakeFallback();
  server.requests.length = 0;
});

function answerer() {
  const config = loadConfig({ answerer: 'llm', llmBaseUrl: server.baseUrl, llmModel: 'fake-model', llmTimeoutMs: TIMEOUT_MS }, {});
  return createLlmAnswerer({ config, fallback });
}

function parts(events: AnswerEvent[]) {
  const deltas = events.flatMap((e) => (e.type === 'delta' ? [e.text] : []));
  const done = events.at(-1);
  if (done?.type !== 'done') throw new Error('stream did not end with done');
  return { first: events[0], deltas, answer: done.answer };
}

const GOOD = '赤峰市2012年全年受理依申请公开8件[1]。其中现场书面申请2件，信函申请3件[1]。';

describe('LLM answerer: well-behaved model', () => {
  it('streams citations, checked sentences, then the grounded answer with only the cited citations', async () => {
    server.respondWith({ reply: GOOD, chunkSize: 3 });
    const { first, deltas, answer } = parts(await collect(answerer().stream(askInput(chifengHits()))));
    expect(first).toEqual({ type: 'citations', citations: buildCitations(chifengHits()) });
    expect(deltas).toEqual(['赤峰市2012年全年受理依申请公开8件[1]。', '其中现场书面申请2件，信函申请3件[1]。']);
    expect(answer).toMatchObject({ answer: GOOD, refused: false, grounded: true, meta: { answerer: 'llm:fake-model' } });
    expect(answer.citations.map((c) => [c.n, c.paragraph])).toEqual([[1, 26]]);
    expect(answer.meta).not.toHaveProperty('fallback');
    expect(fallback.calls).toBe(0);
  });

  it('sends the numbered passages and the rules, and answers without streaming through answer()', async () => {
    server.respondWith({ reply: GOOD });
    const answer = await answerer().answer(askInput(chifengHits()));
    expect(answer).toMatchObject({ answer: GOOD, grounded: true });
    const [request] = server.requests;
    expect(request).toMatchObject({ model: 'fake-model', stream: false });
    expect(request!.messages[0]!.content).toContain('根据现有报告无法回答');
    expect(request!.messages.at(-1)!.content).toContain('[1] 《赤峰市2012年政府信息公开工作年度报告》 三、依申请公开办理情况 第26段');
  });

  it('renumbers markers and citations together when the model cites only the second passage', async () => {
    server.respondWith({ reply: '盟市本级公开信息7059条[2]。' });
    const answer = await answerer().answer(askInput(chifengHits()));
    expect(answer.answer).toBe('盟市本级公开信息7059条[1]。');
    expect(answer.citations.map((c) => [c.n, c.paragraph])).toEqual([[1, 17]]);
  });

  it("speaks the same protocol to Ollama's OpenAI-compatible endpoint", async () => {
    server.respondWith({ reply: GOOD });
    const config = loadConfig({ llmProvider: 'ollama', llmBaseUrl: server.baseUrl, llmModel: 'qwen2.5:7b' }, {});
    const answer = await createLlmAnswerer({ config, fallback }).answer(askInput(chifengHits()));
    expect(answer).toMatchObject({ answer: GOOD, grounded: true, meta: { answerer: 'llm:qwen2.5:7b' } });
    expect(server.requests[0]!.model).toBe('qwen2.5:7b');
  });

  it('passes a plain refusal through as refused, with no citations', async () => {
    server.respondWith({ reply: '根据现有报告无法回答。' });
    const answer = await answerer().answer(askInput(chifengHits(), '赤峰2012年收费多少元'));
    expect(answer).toMatchObject({ answer: '根据现有报告无法回答', citations: [], refused: true, grounded: true });
    expect(fallback.calls).toBe(0);
  });
});

describe('LLM answerer: checks catch a misbehaving model', () => {
  /** What a user can see in a stream: every delta must pass the checks on its own. */
  function expectShownTextGrounded(deltas: string[], answer: Answer) {
    const citations = buildCitations(chifengHits());
    for (const d of deltas) expect(verifySentence(d, citations).grounded, d).toBe(true);
    expect(answer.grounded).toBe(true);
  }

  it('falls back when the only claim has an invented number', async () => {
    server.respondWith({ reply: '全年受理依申请公开9件[1]。', chunkSize: 2 });
    const { deltas, answer } = parts(await collect(answerer().stream(askInput(chifengHits()))));
    expect(deltas).toEqual([]);
    expect(answer.answer).toBe(FALLBACK_TEXT);
    expect(answer.meta).toMatchObject({ answerer: 'llm:fake-model', fallback: 'ungrounded', fallbackAnswerer: 'fake-extractive' });
    expectShownTextGrounded(deltas, answer);
  });

  it('repairs an answer by dropping the sentence with the invented number', async () => {
    server.respondWith({ reply: '全年受理依申请公开8件[1]。其中信函申请9件[1]。已全部办结[1]。', chunkSize: 5 });
    const { deltas, answer } = parts(await collect(answerer().stream(askInput(chifengHits()))));
    expect(deltas).toEqual(['全年受理依申请公开8件[1]。']);
    expect(answer.answer).toBe('全年受理依申请公开8件[1]。已全部办结[1]。');
    expect(answer.meta).toMatchObject({ fallback: 'ungrounded', repaired: true });
    expect(fallback.calls).toBe(0);
    expectShownTextGrounded(deltas, answer);
  });

  it('catches a marker that points at no returned citation', async () => {
    server.respondWith({ reply: '全年受理依申请公开8件[9]。' });
    const { deltas, answer } = parts(await collect(answerer().stream(askInput(chifengHits()))));
    expect(deltas).toEqual([]);
    expect(answer.meta).toMatchObject({ fallback: 'bad-citation' });
    expect(answer.answer).toBe(FALLBACK_TEXT);
    expect((await answerer().answer(askInput(chifengHits()))).meta).toMatchObject({ fallback: 'bad-citation' });
  });

  it('falls back when the answer cites nothing', async () => {
    server.respondWith({ reply: '全年受理依申请公开8件。' });
    const answer = await answerer().answer(askInput(chifengHits()));
    expect(answer).toMatchObject({ answer: FALLBACK_TEXT, meta: { fallback: 'ungrounded' } });
  });
});

describe('LLM answerer: model failures and skipped calls', () => {
  it('falls back on timeout, within about the configured timeout', async () => {
    server.respondWith({ reply: GOOD, delayMs: 10_000 });
    for (const run of [
      () => answerer().answer(askInput(chifengHits())),
      async () => parts(await collect(answerer().stream(askInput(chifengHits())))).answer,
    ]) {
      const started = Date.now();
      const answer = await run();
      expect(Date.now() - started).toBeLessThan(TIMEOUT_MS + 1500);
      expect(answer).toMatchObject({ answer: FALLBACK_TEXT, meta: { fallback: 'timeout', fallbackAnswerer: 'fake-extractive' } });
    }
  });

  it('falls back on an HTTP error', async () => {
    server.respondWith({ status: 500 });
    const answer = await answerer().answer(askInput(chifengHits()));
    expect(answer.meta).toMatchObject({ fallback: 'error', error: expect.stringContaining('500') });
  });

  it('rethrows when the caller aborts, instead of answering nobody', async () => {
    server.respondWith({ reply: GOOD, delayMs: 10_000 });
    await expect(answerer().answer(askInput(chifengHits()), { signal: AbortSignal.timeout(150) })).rejects.toThrow();
    expect(fallback.calls).toBe(0);
  });

  it('does not call the model when retrieval says there is no such report', async () => {
    const notice = { code: 'NO_SUCH_REPORT' as const, region: '赤峰市', body: null, year: 2015, availableYears: [2012] };
    const input = askInput(chifengHits(), '赤峰2015年依申请公开多少件', notice);
    const answer = await answerer().answer(input);
    const streamed = parts(await collect(answerer().stream(input)));
    for (const a of [answer, streamed.answer]) {
      expect(a).toMatchObject({ refused: true, meta: { answerer: 'llm:fake-model', modelSkipped: 'notice' } });
    }
    expect(server.requests).toHaveLength(0);
  });

  it('does not call the model when there are no hits', async () => {
    const answer = await answerer().answer(askInput([]));
    expect(answer).toMatchObject({ refused: true, meta: { modelSkipped: 'no-hits' } });
    expect(server.requests).toHaveLength(0);
  });
});
