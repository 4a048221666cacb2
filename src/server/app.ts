/**
 * The Hono app, built from its parts (`createApp(deps)`) so tests drive it with `app.request()` and no
 * network. One error handler turns every NianbaoError into `{error:{code,message}}` with the
 * catalogue's status; anything unexpected is a 500 INTERNAL without a stack, and the server lives on.
 */
import { Hono } from 'hono';
import { HTTPException } from 'hono/http-exception';
import type { Config } from '../config.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { widgetCors } from './middleware/cors/index.js';
import { rateLimit } from './middleware/rate-limit/index.js';
import { renderDemoPage } from './pages/demo.js';
import { renderReportList, renderReportPage } from './pages/reports.js';
import { createApiRoutes } from './routes/api.js';
import { createBatchRoutes } from './routes/batch.js';
import { requireEngine, type EngineHolder } from './state.js';

export interface AppDeps {
  config: Config;
  engine: EngineHolder;
  /** The bundled widget script (built once at startup); absent → /widget.js is 503. */
  widget?: () => Promise<string>;
  /** Test override of the rate-limit window. */
  rateLimitWindowMs?: number;
}

export function createApp(deps: AppDeps): Hono {
  const { config, engine } = deps;
  const app = new Hono();

  app.onError((err, c) => {
    if (isNianbaoError(err)) return c.json(err.toJSON(), err.status as 400);
    if (err instanceof HTTPException) return err.getResponse();
    console.error('[nianbao] unexpected error:', err);
    return c.json(new NianbaoError('INTERNAL').toJSON(), 500);
  });
  app.notFound((c) => c.json(new NianbaoError('NOT_FOUND', c.req.path).toJSON(), 404));

  app.use(
    '/api/*',
    widgetCors({
      allowedOrigins: config.widgetOrigins.split(',').filter(Boolean),
      allowLocalhost: config.widgetAllowLocalhost,
    }),
  );
  // Behind no proxy, X-Forwarded-For is whatever the client says; count by socket address then.
  const limiter = rateLimit({ perMinute: config.rateLimitPerMinute, windowMs: deps.rateLimitWindowMs, trustProxy: config.trustProxy });
  app.use('/api/chat', limiter);
  app.use('/api/batch', limiter); // one batch spends one request of the same per-client budget as chat
  app.route('/api', createApiRoutes(config, engine));
  app.route('/api', createBatchRoutes(config, engine));

  app.get('/health', (c) => {
    const s = engine.current;
    if (s.status !== 'ready') {
      const body = { status: s.status, ...(s.status === 'failed' ? { error: s.error.toJSON().error } : { progress: s.progress ?? null }) };
      return c.json(body, 503);
    }
    const { index, embedder, answerer } = s.engine;
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

  app.get('/', (c) => c.html(renderDemoPage({ origin: new URL(c.req.url).origin })));
  app.get('/reports', (c) => {
    const { index } = requireEngine(engine);
    return c.html(renderReportList(index.summaries));
  });
  app.get('/reports/:id', async (c) => {
    const report = await requireEngine(engine).index.report(c.req.param('id'));
    if (!report) throw new NianbaoError('REPORT_NOT_FOUND', c.req.param('id'));
    return c.html(renderReportPage(report));
  });
  return app;
}
