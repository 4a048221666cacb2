/** The Answerer contract (answerer.contract.ts) against both answerers, on real seed retrieval. */
import { afterAll, beforeAll } from 'vitest';
import type { AnswerInput } from '../../src/answer/answerer.js';
import { createExtractiveAnswerer } from '../../src/answer/extractive.js';
import { createLlmAnswerer } from '../../src/answer/llm.js';
import { loadConfig } from '../../src/config.js';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import { testEngine } from '../helpers/engine.js';
import { answererContract } from './answerer.contract.js';

const input = async (question: string): Promise<AnswerInput> => ({ question, retrieval: await (await testEngine()).engine.retrieve(question) });
const answerable = () => input('赤峰2012年依申请公开多少件');
const missing = () => input('赤峰2013年依申请公开多少件');

answererContract('extractive', { answerer: () => createExtractiveAnswerer(), answerable, missing });

let server: FakeOpenAiServer;
beforeAll(async () => {
  server = await startFakeOpenAiServer();
});
afterAll(() => server.close());

answererContract('llm (loopback OpenAI-compatible server)', {
  answerer: () =>
    createLlmAnswerer({
      config: loadConfig({ answerer: 'llm', llmBaseUrl: server.baseUrl, llmModel: 'fake-model', llmTimeoutMs: 2000 }, {}),
      fallback: createExtractiveAnswerer(),
    }),
  answerable,
  missing,
  // The model quotes the passage that states the figure, citing it by its number.
  prime: (i) => {
    const n = i.retrieval.hits.findIndex((h) => h.chunk.text.includes('8件')) + 1;
    server.respondWith({ reply: `赤峰市2012年全年受理依申请公开8件[${n}]。` });
  },
});
