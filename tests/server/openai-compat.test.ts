/**
 * The OpenAI-compatible API driven by the official `openai` client over loopback HTTP, against the real
 * seed engine: what a chat UI or SDK pointed at `http://HOST/v1` sees.
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import OpenAI, { APIError } from 'openai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Config } from '../../src/config.js';
import { NianbaoError } from '../../src/errors.js';
import { createApp } from '../../src/server/app.js';
import { listen } from '../../src/server/listen.js';
import { createEngineHolder } from '../../src/server/state.js';
import type { Citation } from '../../src/types.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

const QUESTION = '赤峰2012年依申请公开多少件';
const servers: Server[] = [];

/** Serves the app over the seed engine on an ephemeral loopback port; resolves to its /v1 base URL. */
async function serveApp(overrides: Partial<Config> = {}): Promise<string> {
  const t = await testEngine();
  const config = { ...t.config, ...overrides };
  const app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine: t.engine }), log: () => {} });
  const port = await new Promise<number>((resolve) => {
    servers.push(listen(app, { ...config, host: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port)));
  });
  return `http://127.0.0.1:${port}/v1`;
}

/** The official client; no retries, so a refusal surfaces at once. */
const client = (baseURL: string, apiKey = 'x') => new OpenAI({ baseURL, apiKey, maxRetries: 0 });

type WithCitations = { citations: Citation[] };

let openai: OpenAI;

beforeAll(async () => {
  openai = client(await serveApp());
});

afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((resolve) => s.close(resolve))));
});

async function rejection(p: Promise<unknown>): Promise<APIError> {
  const e = await p.then(
    () => undefined,
    (err: unknown) => err,
  );
  expect(e).toBeInstanceOf(APIError);
  return e as APIError;
}

describe('OpenAI-compatible API', () => {
  it('answers a chat completion with the answer, a numbered source list and the citations', async () => {
    const completion = await openai.chat.completions.create({ model: 'gpt-4o', messages: [{ role: 'user', content: QUESTION }], temperature: 0.7 });
    expect(completion.object).toBe('chat.completion');
    expect(completion.model).toBe('nianbao');
    const choice = completion.choices[0]!;
    expect(choice.finish_reason).toBe('stop');
    expect(choice.message.role).toBe('assistant');
    const content = choice.message.content!;
    expect(content).toMatch(/^8件/);
    expect(content).toMatch(new RegExp(`\\n\\n来源：\\n\\[1\\] 《赤峰市人民政府2012年政府信息公开工作年度报告》 三、依申请公开办理情况 第(\\d+)段 \\(${SEED_IDS.chifeng}\\.txt#p\\1\\)`));
    const { citations } = completion as unknown as WithCitations;
    expect(citations[0]).toMatchObject({ n: 1, reportId: SEED_IDS.chifeng, section: '三、依申请公开办理情况', url: `/reports/${SEED_IDS.chifeng}#p${citations[0]!.paragraph}` });
    expect(citations[0]!.quote).toContain('全年受理依申请公开8件');
  });

  it('streams chat.completion.chunks whose deltas add up to the non-streamed content, citations on the last chunk', async () => {
    const messages = [{ role: 'user' as const, content: [{ type: 'text' as const, text: QUESTION }] }];
    const whole = await openai.chat.completions.create({ model: 'nianbao', messages });
    const stream = await openai.chat.completions.create({ model: 'nianbao', messages, stream: true });
    const chunks: OpenAI.Chat.Completions.ChatCompletionChunk[] = [];
    for await (const chunk of stream) chunks.push(chunk);
    expect(chunks.every((c) => c.object === 'chat.completion.chunk' && c.id === chunks[0]!.id)).toBe(true);
    expect(chunks[0]!.choices[0]!.delta.role).toBe('assistant');
    expect(chunks.filter((c) => c.choices[0]!.delta.content).length).toBeGreaterThan(2);
    const text = chunks.map((c) => c.choices[0]!.delta.content ?? '').join('');
    expect(text).toBe(whole.choices[0]!.message.content);
    const last = chunks.at(-1)!;
    expect(last.choices[0]!.finish_reason).toBe('stop');
    expect((last as unknown as WithCitations).citations).toEqual((whole as unknown as WithCitations).citations);
    // The stream ends with `data: [DONE]` (the client stops on it; the raw body shows it).
    const raw = await fetch(`${openai.baseURL}/chat/completions`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ messages, stream: true }) });
    expect(raw.headers.get('content-type')).toContain('text/event-stream');
    expect((await raw.text()).trimEnd().endsWith('data: [DONE]')).toBe(true);
  });

  it('answers follow-ups from the earlier turns (system prompt ignored, source list of the last answer tolerated)', async () => {
    const first = await openai.chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: QUESTION }] });
    const askAfterFirst = (question: string) =>
      openai.chat.completions.create({
        model: 'nianbao',
        messages: [
          { role: 'system', content: 'You are a helpful assistant.' },
          { role: 'user', content: QUESTION },
          { role: 'assistant', content: first.choices[0]!.message.content },
          { role: 'user', content: question },
        ],
      });
    const letters = await askAfterFirst('那信函申请多少件？');
    expect(letters.choices[0]!.message.content).toMatch(/^3件/);
    expect((letters as unknown as WithCitations).citations[0]!.reportId).toBe(SEED_IDS.chifeng);
    // The seed has one report with 信函申请, so only this one shows the history arrived: place and
    // measure come from the first question.
    const nextYear = await askAfterFirst('那2013年呢？');
    expect(nextYear.choices[0]!.message.content).toBe('语料库中没有赤峰市2013年的报告；现有该地区的报告：2012年。');
    const alone = await openai.chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: '那2013年呢？' }] });
    expect(alone.choices[0]!.message.content).not.toContain('赤峰');
  });

  it('lists the one model', async () => {
    const models = await openai.models.list();
    expect(models.data.map((m) => m.id)).toEqual(['nianbao']);
  });

  it('refuses bad conversations with 400 and a message the client surfaces', async () => {
    const empty = await rejection(openai.chat.completions.create({ model: 'nianbao', messages: [] }));
    expect(empty.status).toBe(400);
    expect(empty.message).toContain('messages');
    expect(empty.code).toBe('INVALID_REQUEST');
    expect(empty.type).toBe('invalid_request_error');
    const noUser = await rejection(openai.chat.completions.create({ model: 'nianbao', messages: [{ role: 'system', content: '你好' }] }));
    expect(noUser.status).toBe(400);
    expect(noUser.message).toContain('user');
    const blank = await rejection(openai.chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: '  ' }], stream: true }));
    expect(blank.status).toBe(400);
    expect(blank.code).toBe('EMPTY_QUESTION');
  });

  it('ends a stream that fails midway with an error line the client raises', async () => {
    const t = await testEngine();
    const failing = {
      ...t.engine,
      async *stream() {
        yield { type: 'delta' as const, text: '8件。' };
        throw new NianbaoError('LLM_UNAVAILABLE', 'test');
      },
    };
    const app = createApp({ config: t.config, engine: createEngineHolder({ status: 'ready', engine: failing }), log: () => {} });
    const port = await new Promise<number>((resolve) => {
      servers.push(listen(app, { ...t.config, host: '127.0.0.1', port: 0 }, (info: AddressInfo) => resolve(info.port)));
    });
    const stream = await client(`http://127.0.0.1:${port}/v1`).chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: QUESTION }], stream: true });
    const seen: string[] = [];
    const e = await rejection(
      (async () => {
        for await (const chunk of stream) seen.push(chunk.choices[0]!.delta.content ?? '');
      })(),
    );
    expect(seen.join('')).toBe('8件。');
    expect(e.message).toContain('大模型服务不可用');
    expect(e.code).toBe('LLM_UNAVAILABLE');
  });

  it('spends the same per-client rate limit as /api/chat', async () => {
    const baseURL = await serveApp({ rateLimitPerMinute: 2 });
    const chat = await fetch(baseURL.replace('/v1', '/api/chat'), { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ question: QUESTION }) });
    expect(chat.status).toBe(200);
    const ask = () => client(baseURL).chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: QUESTION }] });
    await ask();
    const limited = await rejection(ask());
    expect(limited.status).toBe(429);
    expect(limited.headers?.['retry-after']).toBeTruthy();
  });

  it('with an API key configured, refuses a wrong or missing key with 401 and answers the right one', async () => {
    const baseURL = await serveApp({ apiKey: 'secret-key' });
    for (const key of ['wrong-key', 'secret-ke']) {
      const e = await rejection(client(baseURL, key).models.list());
      expect(e.status).toBe(401);
      expect(e.code).toBe('UNAUTHORIZED');
      expect(e.message).toContain('API');
    }
    const missing = await fetch(`${baseURL}/models`);
    expect(missing.status).toBe(401);
    expect(missing.headers.get('www-authenticate')).toBe('Bearer');
    const wrongChat = await rejection(client(baseURL, 'wrong-key').chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: QUESTION }] }));
    expect(wrongChat.status).toBe(401);
    const right = await client(baseURL, 'secret-key').chat.completions.create({ model: 'nianbao', messages: [{ role: 'user', content: QUESTION }] });
    expect(right.choices[0]!.message.content).toMatch(/^8件/);
    // /api/* is not behind the key.
    expect((await fetch(baseURL.replace('/v1', '/api/reports'))).status).toBe(200);
  });
});
