/**
 * Overload against the real server: 64 chat clients at once over real sockets, the answerer an LLM
 * (a loopback fake that takes 800 ms, so slots are held as a real model holds them). What fits in the
 * slots and the queue is answered; everyone else gets 503 OVERLOADED with Retry-After at once, and
 * /health, probed meanwhile, answers every time.
 */
import fs from 'node:fs/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeOpenAiServer, type FakeOpenAiServer } from '../fakes/openai-server.js';
import { seedProject, startServer, type ServerProcess } from './server-process.js';

const MODEL_MS = 800;
const SLOTS = 2;
const QUEUE = 2;
const CLIENTS = 64;

let root: string;
let model: FakeOpenAiServer;
let server: ServerProcess;

beforeAll(async () => {
  root = await seedProject();
  model = await startFakeOpenAiServer({ delayMs: MODEL_MS, reply: '赤峰市2012年全年受理依申请公开8件[1]。' });
  server = await startServer(root, {
    NIANBAO_ANSWERER: 'llm',
    NIANBAO_LLM_BASE_URL: model.baseUrl,
    NIANBAO_LLM_MODEL: 'fake-model',
    NIANBAO_MAX_CONCURRENT: String(SLOTS),
    NIANBAO_MAX_QUEUE: String(QUEUE),
    NIANBAO_QUEUE_TIMEOUT_MS: '5000',
    NIANBAO_RATE_LIMIT_PER_MINUTE: '100000',
  });
  // The LLM answerer's modules load on the first question; keep that out of the timings.
  await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) });
});

afterAll(async () => {
  await server?.stop();
  await model?.close();
  await fs.rm(root, { recursive: true, force: true });
});

interface Timed {
  status: number;
  ms: number;
  code?: string;
  retryAfter: string | null;
}

async function timedChat(url: string): Promise<Timed> {
  const started = performance.now();
  const res = await fetch(`${url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) });
  const body = (await res.json()) as { answer?: string; error?: { code: string } };
  return { status: res.status, ms: performance.now() - started, code: body.error?.code, retryAfter: res.headers.get('retry-after') };
}

describe(`${CLIENTS} chat clients at once`, () => {
  it('answers what fits, refuses the rest at once with 503 OVERLOADED, and /health keeps answering', async () => {
    const health: number[] = [];
    let loading = true;
    const probe = (async () => {
      while (loading) {
        const started = performance.now();
        const res = await fetch(`${server.url}/health`);
        await res.arrayBuffer();
        expect(res.status).toBe(200);
        health.push(performance.now() - started);
        await new Promise((r) => setTimeout(r, 20));
      }
    })();
    const results = await Promise.all(Array.from({ length: CLIENTS }, () => timedChat(server.url)));
    loading = false;
    await probe;

    const answered = results.filter((r) => r.status === 200);
    const refused = results.filter((r) => r.status !== 200);
    // Two answering, two waiting (answered when the first two are done), the rest refused.
    expect(answered).toHaveLength(SLOTS + QUEUE);
    expect(refused).toHaveLength(CLIENTS - SLOTS - QUEUE);
    for (const r of refused) {
      expect(r.status).toBe(503);
      expect(r.code).toBe('OVERLOADED');
      expect(Number(r.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(r.ms).toBeLessThan(MODEL_MS); // before any answer could have freed a slot
    }
    for (const r of answered) expect(r.ms).toBeLessThan(2 * MODEL_MS + 1000);
    expect(health.length).toBeGreaterThan(3);
    expect(Math.max(...health)).toBeLessThan(500);
    // Nothing broke: the next question is answered.
    expect((await timedChat(server.url)).status).toBe(200);
  });
});
