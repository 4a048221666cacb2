/**
 * The Hono app, built from its parts (`createApp(deps)`) so tests drive it with `app.request()` and no
 * network. One error handler turns every NianbaoError into `{error:{code,message}}` with the
 * catalogue's status (and `Retry-After` when the error says when to retry); anything unexpected is a
 * 500 INTERNAL without a stack, and the server lives on. A client that hung up mid-request is one log
 * line, not a stack trace.
 *
 * Limits per process: one rate-limit budget per client on chat, search and each batch question; one
 * load shedder for answering slots (see load-shed.ts); one line for batch questions. `/health` uses
 * none of them, so it answers even when the server sheds load.
 *
 * Errors on page routes (an unknown report or path, an index still loading) reach a browser as a
 * Chinese HTML page with the same status (pages/error.ts); /api/* and /health always answer JSON.
 */
import { Hono, type Context } from 'hono';
import { HTTPException } from 'hono/http-exception';
import PQueue from 'p-queue';
import type { Config } from '../config.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { widgetCors } from './middleware/cors/index.js';
import { createLoadShedder } from './load-shed.js';
import { createRateLimiter } from './middleware/rate-limit/index.js';
import { renderDemoPage } from './pages/demo.js';
import { prefersHtml, renderErrorPage } from './pages/error.js';
import { FAVICON_ICO } from './pages/favicon.js';
import { renderDocsPage } from './pages/docs.js';
import { renderReportList, renderReportPage } from './pages/reports.js';
import { openApiDocument } from './openapi.js';
import { createApiRoutes, oneLine } from './routes/api.js';
import { createStatsRoutes } from './routes/stats.js';
import { createStatsPageRoutes } from './routes/stats-page.js';
import { createBatchRoutes } from './routes/batch.js';
import { createMcpRoutes } from '../mcp/http.js';
import { createOpenAiRoutes } from './routes/openai.js';
import { requireEngine, type EngineHolder } from './state.js';

export interface AppDeps {
  config: Config;
  engine: EngineHolder;
  /** The bundled widget script (built once at startup); absent → /widget.js is 404 NOT_FOUND. */
  widget?: () => Promise<string>;
  /** Test override of the rate-limit window. */
  rateLimitWindowMs?: number;
  /** Server log for one-line notes (client aborts, upstream errors); default stderr. */
  log?: (line: string) => void;
}

export function createApp(deps: AppDeps): Hono {
  const { config, engine } = deps;
  const log = deps.log ?? ((line: string) => process.stderr.write(`${line}\n`));
  const app = new Hono();

  /** The error as JSON for API clients, as a page for browsers on page routes. */
  const errorResponse = (c: Context, err: NianbaoError): Response =>
    prefersHtml(c.req.path, c.req.header('accept')) ? c.html(renderErrorPage(err, c.req.path), err.status as 400) : c.json(err.toJSON(), err.status as 400);

  app.onError((err, c) => {
    if (isNianbaoError(err)) {
      if (err.retryAfter !== undefined) c.header('Retry-After', String(err.retryAfter));
      return errorResponse(c, err);
    }
    if (err instanceof HTTPException) return err.getResponse();
    if (isClientAbort(err, c)) {
      // Nobody is left to read an answer; an upload cut short is routine, not a server fault.
      log(`[nianbao] 客户端中断了请求 (client aborted): ${c.req.method} ${c.req.path}: ${oneLine(err)}`);
      return c.json(new NianbaoError('INVALID_REQUEST', 'client aborted the request').toJSON(), 400);
    }
    console.error('[nianbao] unexpected error:', err);
    return errorResponse(c, new NianbaoError('INTERNAL'));
  });
  app.notFound((c) => errorResponse(c, new NianbaoError('NOT_FOUND', c.req.path)));

  app.use(
    '/api/*',
    widgetCors({
      allowedOrigins: config.widgetOrigins.split(',').filter(Boolean),
      allowLocalhost: config.widgetAllowLocalhost,
      trustProxy: config.trustProxy,
    }),
  );
  // Behind no proxy, X-Forwarded-For is whatever the client says; count by socket address then.
  const limiter = createRateLimiter({
    perMinute: config.rateLimitPerMinute,
    windowMs: deps.rateLimitWindowMs,
    trustProxy: config.trustProxy,
    maxClients: config.rateLimitMaxClients,
  });
  app.use('/api/chat', limiter.middleware);
  app.use('/api/search', limiter.middleware);
  app.use('/api/stats', limiter.middleware);
  app.use('/mcp', limiter.middleware); // each MCP request (a tool call, a listing) spends one request of the same budget
  // /api/batch spends one request per question, in the route (a spent client is refused up front).
  const load = createLoadShedder({ maxConcurrent: config.maxConcurrent, maxQueue: config.maxQueue, queueTimeoutMs: config.queueTimeoutMs });
  const batchQueue = new PQueue({ concurrency: config.batchMaxConcurrent });
  app.route('/api', createApiRoutes(config, engine, { load, log }));
  app.route('/api', createBatchRoutes(config, engine, { load, batchQueue, limiter, log }));
  app.route('/api', createStatsRoutes(engine));
  app.route('/mcp', createMcpRoutes(config, engine, { load, log }));
  app.route('/v1', createOpenAiRoutes(config, engine, { load, limiter, log }));

  app.get('/health', (c) => {
    const s = engine.current;
    if (s.status !== 'ready') {
      const body = { status: s.status, ...(s.status === 'failed' ? { error: s.error.toJSON().error } : { progress: s.progress ?? null }) };
      return c.json(body, 503);
    }
    const { index, embedder, answerer } = s.engine;
    // Damage found while serving (a row or vector block failing its checksum): say so until a repaired index is loaded.
    if (index.fault) return c.json({ status: 'corrupt', error: index.fault.toJSON().error, index: { generation: index.info.generation } }, 503);
    return c.json({
      status: 'ready',
      index: { generation: index.info.generation, builtAt: index.info.builtAt, reports: index.summaries.length, chunks: index.vectors.size, graph: index.graphState },
      embedder: { id: embedder.id, dimension: embedder.dimension },
      answerer: { id: answerer.id },
    });
  });

  app.get('/widget.js', async (c) => {
    if (!deps.widget) throw new NianbaoError('NOT_FOUND', 'widget.js is not built');
    c.header('Content-Type', 'application/javascript; charset=utf-8');
    c.header('Cache-Control', 'public, max-age=300');
    c.header('Access-Control-Allow-Origin', '*');
    return c.body(await deps.widget());
  });

  app.get('/openapi.json', (c) => c.json(openApiDocument()));
  app.get('/docs', (c) => c.html(renderDocsPage(openApiDocument())));

  app.get('/favicon.ico', (c) => {
    c.header('Content-Type', 'image/x-icon');
    c.header('Cache-Control', 'public, max-age=86400');
    return c.body(FAVICON_ICO);
  });

  // Absolute URLs only from configuration: the Host header is the client's to write.
  app.get('/', (c) => c.html(renderDemoPage({ origin: config.publicUrl })));
  app.get('/reports', (c) => {
    const { index } = requireEngine(engine);
    return c.html(renderReportList(index.summaries));
  });
  app.get('/reports/:id', async (c) => {
    const report = await requireEngine(engine).index.report(c.req.param('id'));
    if (!report) throw new NianbaoError('REPORT_NOT_FOUND', c.req.param('id'));
    return c.html(renderReportPage(report));
  });
  // The statistics page and its two scripts (Chart.js is loaded on this page only).
  app.route('/', createStatsPageRoutes());
  return app;
}

/** The client hung up before the request was read or answered (ECONNRESET, a closed stream). */
function isClientAbort(err: Error, c: Context): boolean {
  const code = (err as NodeJS.ErrnoException).code;
  return c.req.raw.signal?.aborted === true || code === 'ECONNRESET' || code === 'ERR_STREAM_PREMATURE_CLOSE' || err.message === 'aborted';
}
