/**
 * `npm start`: serves on HOST:PORT (default 127.0.0.1:8787) at once, then builds the index if it is
 * missing or stale (the API answers 503 INDEX_NOT_READY with progress meanwhile) and loads it.
 * A failed build is reported on every request instead of stopping the server. Afterwards it picks up
 * every new index generation (`npm run index` in another shell) by itself, within `reloadIntervalMs`.
 */
import cluster from 'node:cluster';
import { setTimeout as sleep } from 'node:timers/promises';
import { loadConfig, type Config } from '../config.js';
import { createEngine, prepareIndex, type Prepared, type PrepareOptions } from '../engine.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { createApp } from '../server/app.js';
import { listen } from '../server/listen.js';
import { watchIndex } from '../server/reload.js';
import { createEngineHolder } from '../server/state.js';
import { buildWidget } from '../widget/build.js';
import { intFlag, parseCommand } from './args.js';
import { SPECS } from './commands.js';
import { createProgress, phaseName } from './progress.js';

/** Phases of looking at the index before any building; the API then says it is loading, not building. */
const CHECK_PHASES = new Set(['scan', 'verify']);

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.serve, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const config = loadConfig({ ...(values.port ? { port: intFlag(values.port, 'port', 8787, 0, 65535) } : {}), ...(values.host ? { host: values.host } : {}) });
  if (config.workers > 1 && cluster.isPrimary) return runPrimary(config);
  return runServer(config);
}

/**
 * prepareIndex, waiting while another build (`npm run index`) holds the index: the server starts
 * serving once that build is done instead of failing with INDEX_BUSY until someone restarts it.
 */
async function prepareWhenFree(config: Config, options: PrepareOptions & { onWait?: (message: string) => void }): Promise<Prepared> {
  for (let said = false; ; ) {
    try {
      return await prepareIndex(config, options);
    } catch (e) {
      if (!isNianbaoError(e) || e.code !== 'INDEX_BUSY') throw e;
      const message = `等待另一个索引构建完成 (waiting for another index build to finish): ${e.detail ?? e.message}`;
      options.onWait?.(message);
      if (!said) process.stderr.write(`${message}\n`);
      said = true;
      await sleep(1000);
    }
  }
}

/**
 * `NIANBAO_WORKERS` > 1: this process builds or checks the index once, then forks that many server
 * processes sharing the port (node:cluster), each loading the index and reloading new generations by
 * itself, and replaces any that dies. The port opens once the index is ready.
 */
async function runPrimary(config: Config): Promise<number> {
  const progress = createProgress();
  try {
    const prepared = await prepareWhenFree(config, { onProgress: progress.update, log: (l) => process.stderr.write(`${l}\n`) });
    prepared.index.close();
  } finally {
    progress.stop();
  }
  let stopping = false;
  cluster.on('exit', (worker, code, signal) => {
    if (stopping) return;
    process.stderr.write(`工作进程退出，正在重启 (worker ${worker.process.pid} exited: ${signal ?? code}; restarting)\n`);
    cluster.fork();
  });
  for (let i = 0; i < config.workers; i++) cluster.fork();
  process.stdout.write(`年报问答 (nianbao): ${config.workers} 个工作进程 (workers)\n`);
  await new Promise<void>((resolve) => {
    const stop = () => {
      stopping = true;
      const workers = Object.values(cluster.workers ?? {}).filter((w) => !!w);
      if (workers.length === 0) resolve();
      let left = workers.length;
      for (const w of workers) {
        w.once('exit', () => --left === 0 && resolve());
        w.kill('SIGTERM');
      }
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  return 0;
}

async function runServer(config: Config): Promise<number> {
  const holder = createEngineHolder();
  let widget: Promise<string> | undefined;
  const app = createApp({ config, engine: holder, widget: () => (widget ??= buildWidget().then((w) => w.code)) });

  // Request, header and keep-alive deadlines from config (src/server/listen.ts); workers get the same.
  const server = listen(app, config, (info) => {
    process.stdout.write(`年报问答 (nianbao) 已启动: http://${config.host}:${info.port}/  (API: /api/chat, 健康检查: /health)\n`);
  });
  server.on('error', (e: NodeJS.ErrnoException) => {
    process.stderr.write(`错误 (error): cannot listen on ${config.host}:${config.port}: ${e.code ?? e.message}\n`);
    process.exit(1);
  });

  const progress = createProgress();
  try {
    // A cluster worker serves what its primary built; it never builds itself.
    const prepared = await prepareWhenFree(config, {
      noBuild: cluster.isWorker,
      onWait: (message) => (holder.current = { status: 'loading', progress: message }),
      onProgress: (phase, done, total) => {
        // The log says why it builds (`正在构建索引 (building the index): 没有索引 (no index yet)…`); the API the phase.
        if (!CHECK_PHASES.has(phase)) holder.current = { status: 'loading', progress: `${phaseName(phase)} ${done}/${total}` };
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
    const stop = () => {
      server.close(() => resolve());
      // Idle keep-alive connections would hold close() open; busy ones get a few seconds to finish.
      const http = server as unknown as { closeIdleConnections?: () => void; closeAllConnections?: () => void };
      http.closeIdleConnections?.();
      setTimeout(() => http.closeAllConnections?.(), 5000).unref();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  // A cluster worker's IPC channel would keep it alive after its server closed.
  cluster.worker?.disconnect();
  return 0;
}
