/**
 * A tiny stand-in for the nianbao server, for developing and testing the widget before the real one
 * exists. It speaks the same API (/api/chat SSE, /api/reports, /api/suggestions), serves widget.js,
 * the demo page and the report viewer, and mounts the real CORS and rate-limit middleware. Answers
 * are scripted by keywords in the question:
 *
 *   北京 → refusal · 慢 → slow stream (abort tests) · 出错 → SSE error event · 未就绪 → 503 ·
 *   代码 → citations full of markup · else → a normal answer whose `done` prunes and renumbers
 *   the streamed citations.
 *
 * `state.networkDown = true` makes /api/chat drop every connection without answering (a flag rather
 * than "fail the first n attempts" because Chromium silently retries a POST whose reused keep-alive
 * socket was reset, so attempt counts differ between runs).
 *
 * Run it by hand with `npx tsx tests/fakes/fake-api.ts` (PORT, default 8788).
 */
import { serve, type ServerType } from '@hono/node-server';
import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { AddressInfo } from 'node:net';
import { NianbaoError } from '../../src/errors.js';
import { widgetCors } from '../../src/server/middleware/cors/index.js';
import { rateLimit } from '../../src/server/middleware/rate-limit/index.js';
import { renderDemoPage, widgetScriptTag } from '../../src/server/pages/demo.js';
import { escapeHtml, renderPage } from '../../src/server/pages/html.js';
import { renderReportList, renderReportPage } from '../../src/server/pages/reports.js';
import type { Answer, Citation } from '../../src/types.js';
import { buildWidget } from '../../src/widget/build.js';
import { citationOf, FAKE_REPORTS, REPORT_A, summarize, XSS_IMG, XSS_SCRIPT } from '../widget/fixtures.js';

export interface FakeApiOptions {
  allowedOrigins?: string[];
  allowLocalhost?: boolean;
  perMinute?: number;
  /** Pause between streamed deltas. */
  deltaDelayMs?: number;
}

export interface FakeApiState {
  /** Switch: while true, /api/chat drops the connection. */
  networkDown: boolean;
  chatRequests: number;
  /** Streams the client closed before `done`. */
  aborted: number;
  lastHistory: unknown;
}

export const FAKE_SUGGESTIONS = ['赤峰2012年依申请公开多少件', '赤峰市2012年主动公开政府信息多少条', '北京市2019年依申请公开多少件'];

interface Script {
  streamed: Citation[];
  deltas: string[];
  done: Answer;
}

const chunk = (text: string, size = 6): string[] => Array.from({ length: Math.ceil(text.length / size) }, (_, i) => text.slice(i * size, i * size + size));

/** The scripted answer for a question. */
function scriptFor(question: string): Script {
  if (question.includes('北京')) {
    const answer = '年报库中没有北京市的政府信息公开年度报告，无法回答这个问题。';
    return { streamed: [], deltas: chunk(answer), done: { answer, citations: [], refused: true, grounded: false } };
  }
  if (question.includes('代码')) {
    const evil = { ...citationOf(REPORT_A, 27, 2), title: `${XSS_IMG}标题`, section: XSS_SCRIPT, url: 'javascript:window.__xss=4' };
    const answer = `该段落包含代码样例[1]，标题也含有代码[2]。${XSS_SCRIPT}`;
    const citations = [citationOf(REPORT_A, 27, 1), evil];
    return { streamed: citations, deltas: chunk(answer), done: { answer, citations, refused: false, grounded: true } };
  }
  const streamedText = '根据赤峰市2012年政府信息公开工作年度报告，全年受理依申请公开8件[1]，其中网上申请3件、当面申请5件[1]。同年全市主动公开政府信息12万条[3]。';
  const answer = streamedText.replace('[3]', '[2]');
  return {
    streamed: [citationOf(REPORT_A, 26, 1), citationOf(REPORT_A, 12, 2), citationOf(REPORT_A, 6, 3)],
    deltas: chunk(streamedText),
    done: { answer, citations: [citationOf(REPORT_A, 26, 1), citationOf(REPORT_A, 6, 2)], refused: false, grounded: true, meta: { answerer: 'fake' } },
  };
}

/** Builds the fake app (no network); `state` lets tests see what the server saw and switch the network off. */
export function createFakeApi(options: FakeApiOptions = {}): { app: Hono; state: FakeApiState } {
  const state: FakeApiState = { networkDown: false, chatRequests: 0, aborted: 0, lastHistory: null };
  let widget: ReturnType<typeof buildWidget> | null = null; // built on first request, once
  const delay = options.deltaDelayMs ?? 30;
  const app = new Hono();
  const origin = (url: string): string => new URL(url).origin;

  app.get('/', (c) => c.html(renderDemoPage({ origin: origin(c.req.url) })));
  app.get('/inline', (c) => {
    const endpoint = origin(c.req.url);
    const body = `<h1>内嵌问答</h1><nianbao-chat endpoint="${escapeHtml(endpoint)}"></nianbao-chat>`;
    return c.html(renderPage({ title: '内嵌问答', body, script: widgetScriptTag(endpoint).replace(' async', ' data-launcher="false" async') }));
  });
  app.get('/widget.js', async (c) => c.body((await (widget ??= buildWidget())).code, 200, { 'Content-Type': 'text/javascript; charset=utf-8', 'Cache-Control': 'no-cache' }));
  app.get('/reports', (c) => c.html(renderReportList(FAKE_REPORTS.map(summarize))));
  app.get('/reports/:id', (c) => {
    const report = FAKE_REPORTS.find((r) => r.id === c.req.param('id'));
    return report ? c.html(renderReportPage(report)) : c.html(renderPage({ title: '未找到', body: '<h1>未找到该报告</h1>' }), 404);
  });

  app.use('/api/*', widgetCors({ allowedOrigins: options.allowedOrigins ?? [], allowLocalhost: options.allowLocalhost }));
  app.use('/api/chat', rateLimit({ perMinute: options.perMinute ?? 1000 }));
  app.get('/api/suggestions', (c) => c.json({ questions: FAKE_SUGGESTIONS }));
  app.get('/api/reports', (c) => c.json({ reports: FAKE_REPORTS.map(summarize) }));
  app.get('/api/reports/:id', (c) => {
    const report = FAKE_REPORTS.find((r) => r.id === c.req.param('id'));
    if (!report) return c.json(new NianbaoError('REPORT_NOT_FOUND', c.req.param('id')).toJSON(), 404);
    const { meta: _meta, text: _text, chunks: _chunks, warnings: _w, checksum: _c, ...rest } = report;
    return c.json({ ...summarize(report), ...rest, paragraphs: report.paragraphs.map(({ n, kind, text, headingPath }) => ({ n, kind, text, headingPath })) });
  });

  app.post('/api/chat', async (c) => {
    state.chatRequests++;
    const body = (await c.req.json().catch(() => null)) as { question?: unknown; history?: unknown } | null;
    if (!body) return c.json(new NianbaoError('MALFORMED_JSON').toJSON(), 400);
    const question = typeof body.question === 'string' ? body.question.trim() : '';
    if (!question) return c.json(new NianbaoError('EMPTY_QUESTION').toJSON(), 400);
    state.lastHistory = body.history ?? null;
    if (question.includes('未就绪')) return c.json(new NianbaoError('INDEX_NOT_READY').toJSON(), 503);
    if (state.networkDown) {
      // Drop the TCP connection without an answer: the browser's fetch rejects with a TypeError.
      (c.env as { incoming: { socket: { destroy(): void } } }).incoming.socket.destroy();
      return new Response(null);
    }
    const script = scriptFor(question);
    if (!(c.req.header('accept') ?? '').includes('text/event-stream')) return c.json(script.done);
    const pause = question.includes('慢') ? 150 : delay;
    const deltas = question.includes('慢') ? Array.from({ length: 80 }, (_, i) => `第${i + 1}句。`) : script.deltas;
    return streamSSE(c, async (stream) => {
      let finished = false;
      stream.onAbort(() => {
        if (!finished) state.aborted++;
      });
      await stream.writeSSE({ event: 'citations', data: JSON.stringify(script.streamed) });
      for (const text of deltas) {
        if (stream.aborted) return;
        await stream.writeSSE({ event: 'delta', data: JSON.stringify({ text }) });
        await stream.sleep(pause);
      }
      if (question.includes('出错')) {
        await stream.writeSSE({ event: 'error', data: JSON.stringify(new NianbaoError('LLM_UNAVAILABLE').toJSON()) });
        return;
      }
      finished = true;
      await stream.writeSSE({ event: 'done', data: JSON.stringify(script.done) });
    });
  });
  return { app, state };
}

export interface RunningServer {
  url: string;
  close(): Promise<void>;
}

/** Listens on `host:port` (port 0 = any free port) and resolves with the base URL. */
export function listen(app: { fetch: (req: Request, env?: unknown) => Response | Promise<Response> }, host = '127.0.0.1', port = 0): Promise<RunningServer> {
  return new Promise((resolve) => {
    const server: ServerType = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      resolve({
        url: `http://${host}:${info.port}`,
        close: () => new Promise<void>((done) => {
          (server as { closeAllConnections?: () => void }).closeAllConnections?.();
          server.close(() => done());
        }),
      });
    });
  });
}

/** Starts the fake API on a free port. */
export async function startFakeApi(options: FakeApiOptions & { host?: string; port?: number } = {}): Promise<RunningServer & { state: FakeApiState }> {
  const { app, state } = createFakeApi(options);
  return { ...(await listen(app, options.host, options.port)), state };
}

/**
 * A "third-party site" on its own origin. `/?api=<url>` embeds the widget from that API, so the
 * site can be started first and its origin put on (or left off) the API's allow-list.
 */
export function startEmbeddingSite(host = '127.0.0.1'): Promise<RunningServer> {
  const site = new Hono();
  site.get('/', (c) => {
    const api = c.req.query('api') ?? '';
    return c.html(renderPage({ title: '第三方网站', body: '<h1>第三方网站</h1><p>本页从另一个来源嵌入年报问答。</p>', script: widgetScriptTag(api) }));
  });
  return listen(site, host);
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const running = await startFakeApi({ port: Number(process.env.PORT ?? 8788) });
  console.log(`fake nianbao API on ${running.url} (demo ${running.url}/, inline ${running.url}/inline, reports ${running.url}/reports)`);
}
