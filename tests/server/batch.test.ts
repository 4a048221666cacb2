import iconv from 'iconv-lite';
import type { Hono } from 'hono';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import type { Engine } from '../../src/engine.js';
import type { BatchResult } from '../../src/eval/batch.js';
import { formatMessage } from '../../src/errors.js';
import { createApp } from '../../src/server/app.js';
import { MAX_BATCH_QUESTIONS } from '../../src/server/routes/batch.js';
import { createEngineHolder } from '../../src/server/state.js';
import type { Answer } from '../../src/types.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

let app: Hono;
let config: Config;
let engine: Engine;

beforeAll(async () => {
  ({ config, engine } = await testEngine());
  app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine }) });
});

const HEADLINE = '赤峰2012年依申请公开多少件';
const XIANGFU = '祥符区2018年办结市长专线多少件';

const post = (body: BodyInit, headers: Record<string, string> = {}, on: Hono = app) => on.request('/api/batch', { method: 'POST', headers, body });
const postJson = (body: unknown, on: Hono = app) => post(typeof body === 'string' ? body : JSON.stringify(body), { 'Content-Type': 'application/json' }, on);

function upload(bytes: Uint8Array | string, name: string, type = ''): FormData {
  const form = new FormData();
  // Copied into a plain ArrayBuffer-backed array: File wants that, a Buffer may sit on a shared pool.
  form.append('file', new File([typeof bytes === 'string' ? bytes : new Uint8Array(bytes)], name, { type }));
  return form;
}

async function readLines(res: Response): Promise<BatchResult[]> {
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toContain('application/x-ndjson');
  const text = await res.text();
  expect(text.endsWith('\n')).toBe(true);
  return text.trimEnd().split('\n').map((l) => JSON.parse(l) as BatchResult);
}

async function expectError(res: Response, status: number, code: string): Promise<string> {
  expect(res.status).toBe(status);
  const body = (await res.json()) as { error: { code: string; message: string } };
  expect(body.error.code).toBe(code);
  return body.error.message;
}

/** The CSV Excel writes: header, extra columns, one answerable question from each of two reports. */
const CSV = `id,question,note\nq1,${HEADLINE},首条\nq2,${XIANGFU},第二条\n`;

describe('POST /api/batch', () => {
  it('answers a JSON array as NDJSON in input order, ids defaulting to positions, extra fields passed through', async () => {
    const lines = await readLines(await postJson([HEADLINE, { id: 'x', question: XIANGFU, kind: 'fact' }, { question: HEADLINE }]));
    expect(lines.map((l) => l.id)).toEqual(['1', 'x', '3']);
    expect(lines.map((l) => l.question)).toEqual([HEADLINE, XIANGFU, HEADLINE]);
    expect(lines[0]!.answer).toContain('8件');
    expect(lines[0]!.citations[0]!.source).toBe(`${SEED_IDS.chifeng}.txt`);
    expect(lines[1]!.answer).toContain('906');
    expect(lines[1]!.kind).toBe('fact');
    for (const l of lines) {
      expect(l).toMatchObject({ refused: false, grounded: true });
      expect(l.latency_ms).toBeGreaterThanOrEqual(0);
      expect(l).not.toHaveProperty('retrieval');
    }
  });

  it('reads an uploaded CSV with a UTF-8 BOM (Excel)', async () => {
    const lines = await readLines(await post(upload(`\ufeff${CSV}`, 'questions.csv', 'text/csv')));
    expect(lines.map((l) => [l.id, l.note])).toEqual([['q1', '首条'], ['q2', '第二条']]);
    expect(lines[0]!.answer).toContain('8件');
  });

  it('reads an uploaded GBK CSV', async () => {
    const lines = await readLines(await post(upload(iconv.encode(CSV, 'gbk'), 'questions.csv')));
    expect(lines.map((l) => l.question)).toEqual([HEADLINE, XIANGFU]);
    expect(lines[0]!.answer).toContain('8件');
  });

  it('reads an uploaded JSONL file and raw x-ndjson / text/csv bodies', async () => {
    const jsonl = `{"id":"a","question":"${HEADLINE}"}\n\n{"id":"b","question":"${XIANGFU}"}\n`;
    for (const res of [await post(upload(jsonl, 'q.jsonl')), await post(jsonl, { 'Content-Type': 'application/x-ndjson' })]) {
      expect((await readLines(res)).map((l) => l.id)).toEqual(['a', 'b']);
    }
    const csv = await readLines(await post(CSV, { 'Content-Type': 'text/csv; charset=utf-8' }));
    expect(csv.map((l) => l.id)).toEqual(['q1', 'q2']);
  });

  it(`refuses more than ${MAX_BATCH_QUESTIONS} questions with 400 TOO_MANY_QUESTIONS`, async () => {
    await expectError(await postJson(Array.from({ length: MAX_BATCH_QUESTIONS + 1 }, () => HEADLINE)), 400, 'TOO_MANY_QUESTIONS');
    const jsonl = Array.from({ length: MAX_BATCH_QUESTIONS + 1 }, (_, i) => JSON.stringify({ id: i, question: HEADLINE })).join('\n');
    await expectError(await post(jsonl, { 'Content-Type': 'application/x-ndjson' }), 400, 'TOO_MANY_QUESTIONS');
  });

  it.each([
    ['malformed JSON', '[{"question": "赤峰', 'MALFORMED_JSON'],
    ['empty body', '', 'MALFORMED_JSON'],
    ['not an array', { question: HEADLINE }, 'INVALID_REQUEST'],
    ['empty array', [], 'INVALID_REQUEST'],
    ['over-long question', ['问'.repeat(501)], 'QUESTION_TOO_LONG'],
  ])('%s → 400 %s', async (_name, body, code) => {
    await expectError(await postJson(body), 400, code);
  });

  it('rejects the whole request, naming the first bad item or line, before answering anything', async () => {
    const item = await expectError(await postJson([HEADLINE, { id: 'x' }, 42, { question: '  ' }]), 400, 'INVALID_REQUEST');
    expect(item).toContain('第 2 项 (item 2): question: 必填 (required)');
    expect(item).toContain('2 more');
    const dup = await expectError(await postJson([HEADLINE, { id: '1', question: XIANGFU }]), 400, 'INVALID_REQUEST');
    expect(dup).toContain('第 2 项 (item 2): 重复的 id');
    const line = await expectError(await post(`{"id":"a","question":"${HEADLINE}"}\n{not json}\n`, { 'Content-Type': 'application/x-ndjson' }), 400, 'INVALID_INPUT_FILE');
    expect(line).toContain('第 2 行 (line 2): 不是合法的 JSON');
    const header = await expectError(await post(upload('编号,问题\n1,赤峰\n', 'q.csv')), 400, 'INVALID_INPUT_FILE');
    expect(header).toContain('id and question');
  });

  it('rejects uploads it cannot read: missing field, unknown extension, empty file', async () => {
    const noFile = new FormData();
    noFile.append('questions', HEADLINE);
    await expectError(await post(noFile), 400, 'INVALID_REQUEST');
    await expectError(await post(upload(CSV, 'questions.xlsx')), 400, 'INVALID_INPUT_FILE');
    await expectError(await post(upload('', 'questions.csv')), 400, 'INVALID_INPUT_FILE');
  });

  it('answers 503 INDEX_NOT_READY while the index loads', async () => {
    const loading = createApp({ config, engine: createEngineHolder({ status: 'loading' }) });
    await expectError(await postJson([HEADLINE], loading), 503, 'INDEX_NOT_READY');
  });

  it('spends one request of the chat rate limit per question, and refuses a spent client before reading its body', async () => {
    const limited = createApp({ config: { ...config, rateLimitPerMinute: 3, trustProxy: 1 }, engine: createEngineHolder({ status: 'ready', engine }) });
    const headers = { 'Content-Type': 'application/json', 'x-forwarded-for': '10.2.2.2' };
    const chat = () => limited.request('/api/chat', { method: 'POST', headers, body: JSON.stringify({ question: HEADLINE }) });
    expect(await readLines(await post(JSON.stringify([HEADLINE, XIANGFU]), headers, limited))).toHaveLength(2);
    expect((await chat()).status).toBe(200);
    await expectError(await chat(), 429, 'RATE_LIMITED');
    const refused = await post(JSON.stringify([HEADLINE]), headers, limited);
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
    await expectError(refused, 429, 'RATE_LIMITED');
  });

  it('pauses a batch that runs out of budget and finishes it once the window frees requests', async () => {
    const windowMs = 300;
    const limited = createApp({ config: { ...config, rateLimitPerMinute: 2, trustProxy: 1 }, engine: createEngineHolder({ status: 'ready', engine }), rateLimitWindowMs: windowMs });
    const headers = { 'Content-Type': 'application/json', 'x-forwarded-for': '10.2.2.3' };
    const started = Date.now();
    const lines = await readLines(await post(JSON.stringify([HEADLINE, XIANGFU, HEADLINE, XIANGFU, HEADLINE]), headers, limited));
    // Five questions at two per window: the last ones waited for later windows, none was dropped.
    expect(Date.now() - started).toBeGreaterThanOrEqual(windowMs);
    expect(lines.map((l) => l.id)).toEqual(['1', '2', '3', '4', '5']);
    for (const l of lines) expect(l.error).toBeUndefined();
    // And the budget is spent: a chat right after is limited.
    await expectError(await limited.request('/api/chat', { method: 'POST', headers, body: JSON.stringify({ question: HEADLINE }) }), 429, 'RATE_LIMITED');
  });
});

describe('POST /api/batch with a scripted engine', () => {
  /** An engine whose ask takes `ms` and fails for questions containing `fail`; counts the calls. */
  function scripted(ms: number) {
    const calls: string[] = [];
    const ask = async (question: string): Promise<Answer> => {
      calls.push(question);
      await new Promise((r) => setTimeout(r, ms));
      if (question.includes('fail')) throw new Error('boom');
      return { answer: `答：${question}`, citations: [], refused: false, grounded: true };
    };
    const fake = { ask } as unknown as Engine;
    const logged: string[] = [];
    return { calls, logged, app: createApp({ config, engine: createEngineHolder({ status: 'ready', engine: fake }), log: (l) => logged.push(l) }) };
  }

  it('writes a failing question as a record with error and carries on', async () => {
    const { app: scriptedApp, logged } = scripted(1);
    const lines = await readLines(await postJson(['q1', 'please fail', 'q3'], scriptedApp));
    expect(logged).toEqual([expect.stringContaining('boom')]);
    expect(lines.map((l) => l.id)).toEqual(['1', '2', '3']);
    // The failure's own text stays in the server log; the client gets the catalogue's message.
    expect(lines[1]!.error).toEqual({ code: 'INTERNAL', message: formatMessage('INTERNAL') });
    expect(JSON.stringify(lines)).not.toContain('boom');
    expect(lines[2]!.answer).toBe('答：q3');
  });

  it('stops answering when the client goes away', async () => {
    const { app: scriptedApp, calls } = scripted(20);
    const res = await postJson(Array.from({ length: 200 }, (_, i) => `q${i}`), scriptedApp);
    const reader = res.body!.getReader();
    const first = await reader.read();
    expect(new TextDecoder().decode(first.value)).toContain('"id":"1"');
    await reader.cancel();
    await new Promise((r) => setTimeout(r, 200));
    const after = calls.length;
    expect(after).toBeLessThan(40);
    await new Promise((r) => setTimeout(r, 100));
    expect(calls.length).toBe(after);
  });
});
