/**
 * What the server tells clients about failures it did not cause: the LLM service's error text stays
 * in the server log (one line) and clients get a generic Chinese message with a code, in JSON and in
 * the SSE `done` event. The model runs behind the real ChatOpenAI client against a loopback fake.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import { testEngine } from '../helpers/engine.js';

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer({ status: 500 });
});
afterAll(() => server.close());

describe('upstream LLM errors', () => {
  it('are logged as one line and never reach the client', async () => {
    const { engine, config } = await testEngine({ answerer: 'llm', llmBaseUrl: server.baseUrl, llmModel: 'fake-model', llmTimeoutMs: 5000 });
    const logged: string[] = [];
    const app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine }), log: (l) => logged.push(l) });
    const ask = (stream: boolean) =>
      app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件', stream }) });

    const json = await ask(false);
    expect(json.status).toBe(200);
    const text = await json.text();
    expect(text).not.toContain('scripted failure');
    const body = JSON.parse(text) as { answer: string; meta: { fallback: string; error: string; errorCode: string } };
    expect(body.answer).toContain('8件'); // the extractive fallback still answers
    expect(body.meta).toMatchObject({ fallback: 'error', errorCode: 'LLM_UNAVAILABLE' });
    expect(body.meta.error).toMatch(/^大模型服务不可用/);

    const sse = await (await ask(true)).text();
    expect(sse).toContain('event: done');
    expect(sse).not.toContain('scripted failure');
    expect(sse).toContain('"errorCode":"LLM_UNAVAILABLE"');

    expect(logged).toHaveLength(2);
    for (const line of logged) {
      expect(line).toContain('scripted failure');
      expect(line).not.toContain('\n');
    }
  });
});
