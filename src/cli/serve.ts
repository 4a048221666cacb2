/**
 * `npm start`: serves on HOST:PORT (default 127.0.0.1:8787) at once, then builds the index if it is
 * missing or stale (the API answers 503 INDEX_NOT_READY with progress meanwhile) and loads it.
 * A failed build is reported on every request instead of stopping the server. Afterwards it picks up
 * every new index generation (`npm run index` in another shell) by itself, within `reloadIntervalMs`.
 */
import { serve } from '@hono/node-server';
import { loadConfig } from '../config.js';
import { createEngine, prepareIndex } from '../engine.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { createApp } from '../server/app.js';
import { watchIndex } from '../server/reload.js';
import { createEngineHolder } from '../server/state.js';
import { buildWidget } from '../widget/build.js';
import { parseFlags, intFlag } from './args.js';
import { createProgress } from './progress.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { port: { type: 'string' }, host: { type: 'string' } });
  const config = loadConfig({ ...(values.port ? { port: intFlag(values.port, 'port', 8787, 0, 65535) } : {}), ...(values.host ? { host: values.host } : {}) });
  const holder = createEngineHolder();
  let widget: Promise<string> | undefined;
  const app = createApp({ config, engine: holder, widget: () => (widget ??= buildWidget().then((w) => w.code)) });

  const server = serve({ fetch: app.fetch, hostname: config.host, port: config.port }, (info) => {
    process.stdout.write(`年报问答 (nianbao) 已启动: http://${config.host}:${info.port}/  (API: /api/chat, 健康检查: /health)\n`);
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(`错误 (error): cannot listen on ${config.host}:${config.port}: ${e.code ?? e.message}\n`);
    process.exit(1);
  });

  const progress = createProgress();
  try {
    const prepared = await prepareIndex(config, {
      onProgress: (phase, done, total) => {
        holder.current = { status: 'loading', progress: `${phase} ${done}/${total}` };
        progress.update(phase, done, total);
      },
      log: (l) => process.stderr.write(`${l}\n`),
    });
    progress.stop();
    const engine = createEngine(config, prepared.index, prepared.embedder);
    holder.current = { status: 'ready', engine };
    watchIndex(holder, config, engine, (l) => process.stdout.write(`${l}\n`));
    // Vectors and the HNSW graph load in the background; until then searches are exact, never wrong.
    void prepared.index.ready().then(() => {
      if (prepared.index.graphState.startsWith('failed')) process.stderr.write(`警告 (warning): ${prepared.index.graphState}\n`);
    });
    const { index } = prepared;
    process.stdout.write(`索引就绪 (index ready): ${index.summaries.length} 份报告, ${index.vectors.size} 个分块, ${index.info.generation}${prepared.stats ? ` (新建, embedded ${prepared.stats.embedded}, reused ${prepared.stats.reused})` : ''}\n`);
  } catch (e) {
    progress.stop();
    const error = isNianbaoError(e) ? e : new NianbaoError('INDEX_NOT_READY', (e as Error).message);
    holder.current = { status: 'failed', error };
    process.stderr.write(`错误 (error): ${error.code}: ${error.message}\n`);
  }
  // Keep serving until interrupted.
  await new Promise<void>((resolve) => {
    const stop = () => server.close(() => resolve());
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}
