/**
 * Load shedding in memory: answering slots, the bounded queue and its deadline, 503 OVERLOADED with
 * Retry-After, slots held through SSE streams, batch questions behind chat, /health never queued.
 * The engine's answers are slowed down on purpose (real retrieval underneath, timings scripted).
 */
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { AnswerEvent } from '../../src/answer/answerer.js';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine.js';
import { createLoadShedder } from '../../src/server/load-shed.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import { testEngine } from '../helpers/engine.js';

let config: Config;
let engine: Engine;

beforeAll(async () => {
  ({ config, engine } = await testEngine());
});

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

interface Slowed {
  app: Hono;
  /** Answers being computed right now, and the most at any time. */
  busy: { now: number; max: number };
}

/** The real engine with every ask / search / stream taking `ms` longer; limits from `limits`. */
function slowed(ms: number, limits: Partial<Config>): Slowed {
  const busy = { now: 0, max: 0 };
  const during = async <T>(work: () => Promise<T>): Promise<T> => {
    busy.max = Math.max(busy.max, ++busy.now);
    try {
      await sleep(ms);
      return await work();
    } finally {
      busy.now--;
    }
  };
  const slow: Engine = {
    ...engine,
    ask: (q, o) => during(() => engine.ask(q, o)),
    retrieve: (q, o) => during(() => engine.retrieve(q, o)),
    async *stream(q, o): AsyncGenerator<AnswerEvent> {
      busy.max = Math.max(busy.max, ++busy.now);
      try {
        for await (const event of engine.stream(q, o)) {
          await sleep(ms / 4);
          yield event;
        }
      } finally {
        busy.now--;
      }
    },
  };
  const app = createApp({ config: { ...config, rateLimitPerMinute: 100_000, ...limits }, engine: createEngineHolder({ status: 'ready', engine: slow }) });
  return { app, busy };
}

const chat = (app: Hono, body: Record<string, unknown> = {}) =>
  app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件', ...body }) });

async function expectOverloaded(res: Response): Promise<void> {
  expect(res.status).toBe(503);
  expect(((await res.json()) as { error: { code: string } }).error.code).toBe('OVERLOADED');
  expect(Number(res.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
}

describe('load shedding', () => {
  it('answers what fits (slots + queue) and refuses the rest at once with 503 OVERLOADED and Retry-After', async () => {
    const { app, busy } = slowed(300, { maxConcurrent: 2, maxQueue: 2, queueTimeoutMs: 5000 });
    const started = Date.now();
    const timed = async (res: Response | Promise<Response>) => {
      const r = await res;
      return { res: r, ms: Date.now() - started };
    };
    const results = await Promise.all(Array.from({ length: 8 }, () => timed(chat(app))));
    const answered = results.filter((r) => r.res.status === 200);
    const refused = results.filter((r) => r.res.status !== 200);
    expect(answered).toHaveLength(4);
    expect(refused).toHaveLength(4);
    for (const r of refused) {
      await expectOverloaded(r.res);
      expect(r.ms).toBeLessThan(250); // turned away without waiting for any answer
    }
    for (const r of answered) expect(((await r.res.json()) as { answer: string }).answer).toContain('8件');
    expect(busy.max).toBe(2);
  });

  it('refuses a request that waited longer than the queue deadline', async () => {
    const { app } = slowed(600, { maxConcurrent: 1, maxQueue: 5, queueTimeoutMs: 100 });
    const first = chat(app);
    await sleep(20);
    const started = Date.now();
    const second = await chat(app);
    await expectOverloaded(second);
    expect(Date.now() - started).toBeGreaterThanOrEqual(90);
    expect(Date.now() - started).toBeLessThan(450);
    expect((await first).status).toBe(200);
  });

  it('shares the slots between chat and search, and /health is never queued', async () => {
    const { app } = slowed(400, { maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 1000 });
    const running = chat(app);
    await sleep(20);
    await expectOverloaded(await app.request('/api/search?q=' + encodeURIComponent('赤峰2012年依申请公开')));
    await expectOverloaded(await chat(app));
    // A page embedding the widget can read the refusal and its Retry-After.
    const fromWidget = await app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', Origin: 'http://localhost:3000' }, body: JSON.stringify({ question: '赤峰' }) });
    expect(fromWidget.headers.get('access-control-allow-origin')).toBe('http://localhost:3000');
    expect(fromWidget.headers.get('access-control-expose-headers')).toContain('Retry-After');
    await expectOverloaded(fromWidget);
    const started = Date.now();
    const health = await app.request('/health');
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(100);
    expect((await running).status).toBe(200);
    // The slot is free again.
    expect((await app.request('/api/search?q=' + encodeURIComponent('赤峰2012年依申请公开'))).status).toBe(200);
  });

  it('holds a slot for the whole SSE stream, and frees it when the stream ends', async () => {
    const { app } = slowed(200, { maxConcurrent: 1, maxQueue: 0, queueTimeoutMs: 1000 });
    const stream = await chat(app, { stream: true });
    expect(stream.status).toBe(200);
    await expectOverloaded(await chat(app)); // the stream is still being answered
    expect(await stream.text()).toContain('event: done');
    expect((await chat(app)).status).toBe(200);
  });

  it('answers batch questions behind chat, at most batchMaxConcurrent at a time for all batches together', async () => {
    const { app, busy } = slowed(40, { maxConcurrent: 4, maxQueue: 16, queueTimeoutMs: 5000, batchMaxConcurrent: 2 });
    const batch = (n: number) =>
      app.request('/api/batch', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(Array.from({ length: n }, () => '赤峰2012年依申请公开多少件')) });
    const [a, b] = await Promise.all([batch(6), batch(6)]);
    const lines = [...(await a.text()).trimEnd().split('\n'), ...(await b.text()).trimEnd().split('\n')].map((l) => JSON.parse(l) as { answer: string; error?: unknown });
    expect(lines).toHaveLength(12);
    for (const l of lines) {
      expect(l.error).toBeUndefined();
      expect(l.answer).toContain('8件');
    }
    expect(busy.max).toBe(2); // two requests × 4 workers each, but one line of 2 for the process
  });
});

describe('createLoadShedder', () => {
  it('serves interactive waiters before batch (background) ones and frees a slot exactly once', async () => {
    const load = createLoadShedder({ maxConcurrent: 1, maxQueue: 4, queueTimeoutMs: 5000 });
    const order: string[] = [];
    const release = await load.acquire();
    const background = load.acquire({ priority: 'background' }).then((r) => (order.push('batch'), r));
    const interactive = load.acquire().then((r) => (order.push('chat'), r));
    expect(load.waiting).toBe(1);
    release();
    release(); // a second call must not free another slot
    const next = await interactive;
    await sleep(10);
    expect(load.running).toBe(1);
    expect(order).toEqual(['chat']);
    next();
    (await background)();
    expect(order).toEqual(['chat', 'batch']);
  });

  it('stops waiting when the client goes away', async () => {
    const load = createLoadShedder({ maxConcurrent: 1, maxQueue: 4, queueTimeoutMs: 5000 });
    const release = await load.acquire();
    const gone = new AbortController();
    const waiting = load.acquire({ signal: gone.signal });
    gone.abort(new Error('client left'));
    await expect(waiting).rejects.toThrow('client left');
    expect(load.waiting).toBe(0);
    release();
  });

  it('checks its options', () => {
    expect(() => createLoadShedder({ maxConcurrent: 0, maxQueue: 1, queueTimeoutMs: 1 })).toThrow(expect.objectContaining({ code: 'INVALID_CONFIG' }));
  });
});
