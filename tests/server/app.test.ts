import { beforeAll, describe, expect, it } from 'vitest';
import type { Hono } from 'hono';
import type { Config } from '../../src/config.js';
import { NianbaoError } from '../../src/errors.js';
import { createApp } from '../../src/server/app.js';
import { createEngineHolder } from '../../src/server/state.js';
import type { Answer, Citation } from '../../src/types.js';
import { SEED_IDS } from '../helpers/corpus.js';
import { testEngine } from '../helpers/engine.js';

let app: Hono;
let config: Config;

beforeAll(async () => {
  const t = await testEngine();
  config = t.config;
  app = createApp({ config, engine: createEngineHolder({ status: 'ready', engine: t.engine }) });
});

const postChat = (body: unknown, headers: Record<string, string> = {}) =>
  app.request('/api/chat', { method: 'POST', headers: { 'Content-Type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

/** Parses an SSE body into [event, data] pairs. */
async function readEvents(res: Response): Promise<{ event: string; data: unknown }[]> {
  const text = await res.text();
  return text
    .split('\n\n')
    .filter((block) => block.trim())
    .map((block) => {
      const event = /^event: (.*)$/m.exec(block)?.[1] ?? 'message';
      const data = block
        .split('\n')
        .filter((l) => l.startsWith('data: '))
        .map((l) => l.slice(6))
        .join('\n');
      return { event, data: JSON.parse(data) };
    });
}

function expectHeadlineCitation(citations: Citation[]) {
  const c = citations[0]!;
  expect(c.source).toBe(`${SEED_IDS.chifeng}.txt`);
  expect(c.section).toBe('三、依申请公开办理情况');
  expect(c.quote).toContain('全年受理依申请公开8件');
  expect(c.url).toBe(`/reports/${SEED_IDS.chifeng}#p${c.paragraph}`);
  expect(c.title).toBe('赤峰市人民政府2012年政府信息公开工作年度报告');
}

describe('POST /api/chat', () => {
  it('answers the headline question with 8件, citing 004 under 三、依申请公开办理情况', async () => {
    const res = await postChat({ question: '赤峰2012年依申请公开多少件' });
    expect(res.status).toBe(200);
    const body = (await res.json()) as Answer;
    expect(body.answer).toMatch(/^8件/);
    expect(body.answer).toContain('[1]');
    expect(body.refused).toBe(false);
    expect(body.grounded).toBe(true);
    expectHeadlineCitation(body.citations);
  });

  it('streams SSE: citations, deltas, then done with the same answer', async () => {
    for (const res of [await postChat({ question: '赤峰2012年依申请公开多少件' }, { Accept: 'text/event-stream' }), await postChat({ question: '赤峰2012年依申请公开多少件', stream: true })]) {
      expect(res.headers.get('content-type')).toContain('text/event-stream');
      const events = await readEvents(res);
      expect(events[0]!.event).toBe('citations');
      expectHeadlineCitation(events[0]!.data as Citation[]);
      const deltas = events.filter((e) => e.event === 'delta').map((e) => (e.data as { text: string }).text);
      expect(deltas.length).toBeGreaterThan(1);
      const done = events.at(-1)!;
      expect(done.event).toBe('done');
      const answer = done.data as Answer & { meta: { timings: Record<string, number> } };
      expect(deltas.join('')).toBe(answer.answer);
      expect(answer.answer).toContain('8件');
      expect(answer.meta.timings.totalMs).toBeGreaterThanOrEqual(0);
    }
  });

  it('refuses helpfully when the corpus has no report for that unit and year', async () => {
    const body = (await (await postChat({ question: '绥芬河住建局2020年依申请公开多少件？' })).json()) as Answer;
    expect(body.refused).toBe(true);
    expect(body.citations).toEqual([]);
    expect(body.answer).toContain('2020年');
    expect(body.answer).toContain('2019年');
  });

  it('answers a traditional question in traditional script', async () => {
    const body = (await (await postChat({ question: '蘆淞區2013年取消了多少項行政審批和公共服務事項' })).json()) as Answer;
    expect(body.answer).toContain('4項');
    expect(body.answer).toContain('根據');
  });

  it.each([
    ['empty question', { question: '   ' }, 'EMPTY_QUESTION'],
    ['over-long question', { question: '问'.repeat(501) }, 'QUESTION_TOO_LONG'],
    ['wrong type', { question: 42 }, 'INVALID_REQUEST'],
    ['unknown field', { question: '赤峰', foo: 1 }, 'INVALID_REQUEST'],
    ['bad topK', { question: '赤峰', topK: 0 }, 'INVALID_REQUEST'],
    ['malformed JSON', '{"question": "赤峰', 'MALFORMED_JSON'],
    ['empty body', '', 'MALFORMED_JSON'],
  ])('%s → 400 %s', async (_name, body, code) => {
    const res = await postChat(body);
    expect(res.status).toBe(400);
    const json = (await res.json()) as { error: { code: string; message: string } };
    expect(json.error.code).toBe(code);
    expect(json.error.message).toMatch(/[\u4e00-\u9fff]/);
  });
});

describe('huge bodies', () => {
  it('refuses a body over the chat limit with 413 BODY_TOO_LARGE before parsing it', async () => {
    const res = await postChat({ question: '赤峰', history: [{ role: 'user', content: '问'.repeat(300_000) }] });
    expect(res.status).toBe(413);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('BODY_TOO_LARGE');
  });
});

describe('index state', () => {
  it('answers 503 INDEX_NOT_READY while loading, and the build error when it failed', async () => {
    const loading = createApp({ config, engine: createEngineHolder({ status: 'loading', progress: 'embed 3/10' }) });
    const res = await loading.request('/api/chat', { method: 'POST', body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) });
    expect(res.status).toBe(503);
    expect(((await res.json()) as { error: { code: string; message: string } }).error).toMatchObject({ code: 'INDEX_NOT_READY' });
    expect((await loading.request('/health')).status).toBe(503);
    const failed = createApp({ config, engine: createEngineHolder({ status: 'failed', error: new NianbaoError('INDEX_CORRUPT', 'index/gen-1/labels.json') }) });
    const body = (await (await failed.request('/api/reports')).json()) as { error: { code: string; message: string } };
    expect(body.error.code).toBe('INDEX_CORRUPT');
    expect(body.error.message).toContain('labels.json');
  });
});

describe('GET routes', () => {
  it('/health reports index, embedder and answerer', async () => {
    const body = (await (await app.request('/health')).json()) as { status: string; index: { reports: number }; embedder: { id: string }; answerer: { id: string } };
    expect(body.status).toBe('ready');
    expect(body.index.reports).toBe(5);
    expect(body.answerer.id).toBe('extractive');
  });

  it('/api/reports lists the corpus and /api/reports/:id shows numbered paragraphs', async () => {
    const list = (await (await app.request('/api/reports')).json()) as { reports: { id: string; title: string }[] };
    expect(list.reports.map((r) => r.id).sort()).toEqual(Object.values(SEED_IDS).sort());
    const report = (await (await app.request(`/api/reports/${SEED_IDS.chifeng}`)).json()) as { paragraphs: { n: number; text: string; headingPath: string[] }[] };
    const p = report.paragraphs.find((x) => x.text.includes('全年受理依申请公开8件'))!;
    expect(p.headingPath).toEqual(['三、依申请公开办理情况']);
    expect(report.paragraphs.map((x) => x.n)).toEqual(report.paragraphs.map((_, i) => i + 1));
  });

  it('404s unknown reports and routes with the error shape', async () => {
    const res = await app.request('/api/reports/nope');
    expect(res.status).toBe(404);
    expect(((await res.json()) as { error: { code: string } }).error.code).toBe('REPORT_NOT_FOUND');
    expect((await app.request('/reports/nope')).status).toBe(404);
    expect(((await (await app.request('/api/nothing')).json()) as { error: { code: string } }).error.code).toBe('NOT_FOUND');
  });

  it('/api/search returns hits with source, section, paragraph and ranks', async () => {
    const body = (await (await app.request(`/api/search?q=${encodeURIComponent('祥符区2018年办结市长专线多少件')}&k=3`)).json()) as {
      hits: { source: string; text: string; section: string; paragraph: number; ranks: object }[];
    };
    expect(body.hits.length).toBe(3);
    expect(body.hits[0]!.source).toBe(`${SEED_IDS.xiangfu}.txt`);
    expect(body.hits[0]!.text).toContain('全年办结市长专线906件');
    expect((await app.request('/api/search?q=')).status).toBe(400);
    expect((await app.request('/api/search?q=x&k=abc')).status).toBe(400);
  });

  it('/api/suggestions offers questions built from the corpus, only ones it answers', async () => {
    const body = (await (await app.request('/api/suggestions')).json()) as { questions: string[] };
    expect(body.questions.length).toBeGreaterThan(1);
    expect(body.questions.join()).toMatch(/2012年|2013年|2018年|2019年/);
    const { engine } = await testEngine();
    for (const q of body.questions) expect((await engine.ask(q)).refused, q).toBe(false);
    // The 住建局 report states no total of proactive disclosure: that suggestion is dropped.
    expect(body.questions).not.toContain('绥芬河市住建局2019年主动公开了多少条政府信息');
  });

  it('/ is the demo page embedding the widget; /reports/:id shows the report', async () => {
    const demo = await (await app.request('http://127.0.0.1:8787/')).text();
    expect(demo).toContain('<script src="/widget.js" data-endpoint="/" async></script>');
    const page = await (await app.request(`/reports/${SEED_IDS.chifeng}`)).text();
    expect(page).toContain('id="p26"');
    expect(page).toContain('全年受理依申请公开8件');
  });
});

describe('demo page URLs', () => {
  it('never builds a URL from the Host header; absolute URLs come from NIANBAO_PUBLIC_URL', async () => {
    // Under @hono/node-server the request URL is made from the Host header the client sent.
    const spoofed = await (await app.request('http://evil.example/', { headers: { Host: 'evil.example' } })).text();
    expect(spoofed).not.toContain('evil.example');
    expect(spoofed).toContain('<script src="/widget.js" data-endpoint="/" async></script>');
    const { engine } = await testEngine();
    const configured = createApp({ config: { ...config, publicUrl: 'https://wenda.example.gov.cn' }, engine: createEngineHolder({ status: 'ready', engine }) });
    const page = await (await configured.request('http://evil.example/', { headers: { Host: 'evil.example' } })).text();
    expect(page).toContain('<script src="https://wenda.example.gov.cn/widget.js" data-endpoint="https://wenda.example.gov.cn" async></script>');
    expect(page).not.toContain('evil.example');
  });
});

describe('abuse limits', () => {
  it('rate-limits /api/chat per client with 429 RATE_LIMITED', async () => {
    const { engine } = await testEngine();
    const limited = createApp({ config: { ...config, rateLimitPerMinute: 2, trustProxy: 1 }, engine: createEngineHolder({ status: 'ready', engine }) });
    const ask = () => limited.request('/api/chat', { method: 'POST', headers: { 'x-forwarded-for': '10.1.1.1' }, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) });
    expect((await ask()).status).toBe(200);
    expect((await ask()).status).toBe(200);
    const third = await ask();
    expect(third.status).toBe(429);
    expect(((await third.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
  });

  it('rate-limits /api/search too, from the same per-client budget as chat', async () => {
    const { engine } = await testEngine();
    const limited = createApp({ config: { ...config, rateLimitPerMinute: 3, trustProxy: 1 }, engine: createEngineHolder({ status: 'ready', engine }) });
    const headers = { 'x-forwarded-for': '10.1.1.2' };
    const search = () => limited.request('/api/search?q=' + encodeURIComponent('赤峰2012年依申请公开'), { headers });
    expect((await search()).status).toBe(200);
    expect((await search()).status).toBe(200);
    expect((await limited.request('/api/chat', { method: 'POST', headers, body: JSON.stringify({ question: '赤峰2012年依申请公开多少件' }) })).status).toBe(200);
    const refused = await search();
    expect(refused.status).toBe(429);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('RATE_LIMITED');
    expect(refused.headers.get('retry-after')).toMatch(/^\d+$/);
  });

  it('refuses cross-origin API calls from origins not on the allow-list', async () => {
    const { engine } = await testEngine();
    const strict = createApp({ config: { ...config, widgetOrigins: 'https://www.example.gov.cn', widgetAllowLocalhost: false }, engine: createEngineHolder({ status: 'ready', engine }) });
    const from = (origin: string) => strict.request('/api/suggestions', { headers: { Origin: origin } });
    expect((await from('https://www.example.gov.cn')).status).toBe(200);
    const refused = await from('https://evil.example.com');
    expect(refused.status).toBe(403);
    expect(((await refused.json()) as { error: { code: string } }).error.code).toBe('ORIGIN_NOT_ALLOWED');
  });
});
