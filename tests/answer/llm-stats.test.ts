/**
 * The LLM answerer on a comparison question: the model gets the computed result (figures, inputs and
 * their citation numbers), not the raw passages, and may only restate it. A wording that cites and uses
 * only the computed numbers is shown; one that does its own arithmetic, cites nothing, or a model that
 * fails gives way to the computed answer. Real ChatOpenAI client against a loopback stand-in.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Engine } from '../../src/engine.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

const QUESTION = '哪个地区的报告中依申请公开件数最多？';
let server: FakeOpenAiServer;
let engine: Engine;

beforeAll(async () => {
  server = await startFakeOpenAiServer();
  ({ engine } = await testEngine({ answerer: 'llm', llmBaseUrl: server.baseUrl, llmModel: 'fake-model', llmTimeoutMs: 2000 }));
}, 120_000);
afterAll(() => server.close());
beforeEach(() => {
  server.requests.length = 0;
});

describe('LLM answerer on comparison questions', () => {
  it('sends the computed table, not passages, and shows a wording that restates it with its citations and chart', async () => {
    const reply = '开封市祥符区2018年的报告最多，为15件[1]；其次是赤峰市2012年，8件[2]。';
    server.respondWith({ reply });
    const answer = await engine.ask(QUESTION);
    expect(answer.answer).toBe(reply);
    expect(answer.meta).toMatchObject({ answerer: 'llm:fake-model', stats: { op: 'rank' } });
    expect(answer.meta).not.toHaveProperty('fallback');
    expect(answer.citations[0]).toMatchObject({ reportId: SEED_IDS.xiangfu });
    expect(answer.chart?.points.map((p) => p.value)).toEqual([15, 8, 3, 0]);
    const [request] = server.requests;
    const user = request!.messages.at(-1)!.content;
    expect(user).toContain('统计结果');
    expect(user).toContain('1. 开封市祥符区 2018年：15件[1]');
    expect(user).not.toContain('报告段落');
    expect(request!.messages[0]!.content).toContain('不得重新计算');
  });

  it('a model that does its own arithmetic (a number the computed result does not have) gives way to the computed answer', async () => {
    server.respondWith({ reply: '四个地区合计26件[1][2][3][4]，开封市祥符区最多[1]。' });
    const answer = await engine.ask(QUESTION);
    expect(answer.answer.startsWith('收到政府信息公开申请数最多的是开封市祥符区（2018年）：15件[1]。')).toBe(true);
    expect(answer.meta).toMatchObject({ answerer: 'llm:fake-model', fallback: 'ungrounded', fallbackAnswerer: 'stats' });
  });

  it('a wording without citations, or a failing model, also gives way to the computed answer', async () => {
    server.respondWith({ reply: '开封市祥符区最多，15件。' });
    expect((await engine.ask(QUESTION)).meta).toMatchObject({ fallback: 'bad-citation', fallbackAnswerer: 'stats' });
    server.respondWith({ status: 500 });
    const failed = await engine.ask(QUESTION);
    expect(failed.meta).toMatchObject({ fallback: 'error', fallbackAnswerer: 'stats' });
    expect(failed.answer).toContain('15件[1]');
  });

  it('streams the model\'s wording as one delta after the citations', async () => {
    const reply = '开封市祥符区2018年最多，15件[1]。';
    server.respondWith({ reply });
    const events = [];
    for await (const e of engine.stream(QUESTION)) events.push(e);
    expect(events.map((e) => e.type)).toEqual(['citations', 'delta', 'done']);
    expect(events[1]).toEqual({ type: 'delta', text: reply });
  });
});
