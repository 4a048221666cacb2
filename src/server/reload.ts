/**
 * Live reload: a running server looks for a new index generation every `reloadIntervalMs` and swaps
 * it in without a restart. A build of the same store is picked up incrementally (`refresh()` reads only
 * the rows added or removed since); a new store (full rebuild) is opened whole, with its own embedder.
 * Requests already running keep the engine they started with, so none fails; an old store is closed a
 * minute after it stopped serving. A generation that cannot be loaded is logged once and the server
 * keeps serving the one it has.
 */
import path from 'node:path';
import { resolveDir, type Config } from '../config.js';
import { createEngine, type Engine } from '../engine.js';
import { IndexSnapshot, openEmbedder, readManifest } from '../index/index.js';
import type { EngineHolder } from './state.js';

/** How long a replaced store stays open for requests that started on it. */
const CLOSE_AFTER_MS = 60_000;

export interface IndexWatcher {
  /** Looks once, now; resolves to true when a new generation was swapped in. */
  check(): Promise<boolean>;
  stop(): void;
}

export function watchIndex(holder: EngineHolder, config: Config, initial: Engine, log: (line: string) => void = () => {}): IndexWatcher {
  const dir = resolveDir(config, 'indexDir');
  let engine = initial;
  let running: Promise<boolean> | null = null;
  let lastError = '';

  const swap = (next: Engine) => {
    engine = next;
    void next.index.ready();
    holder.current = { status: 'ready', engine: next };
    log(`索引已更新 (index reloaded): ${next.index.info.generation}, ${next.index.summaries.length} 份报告`);
  };

  const look = async (): Promise<boolean> => {
    try {
      const { store } = readManifest(dir);
      const index = engine.index;
      if (store !== path.basename(index.storeDir)) {
        const opened = await IndexSnapshot.open(dir, path.join(dir, store), { efSearch: config.hnswEfSearch });
        swap(createEngine(config, opened, await openEmbedder(config, opened.storeDir)));
        setTimeout(() => index.close(), CLOSE_AFTER_MS).unref();
        return true;
      }
      const next = await index.refresh();
      if (next === index) return false;
      swap(createEngine(config, next, engine.embedder));
      lastError = '';
      return true;
    } catch (e) {
      const message = (e as Error).message;
      if (message !== lastError) log(`无法加载新的索引，继续使用当前索引 (cannot load the new index generation, still serving ${engine.index.info.generation}): ${message}`);
      lastError = message;
      return false;
    }
  };

  const check = () => (running ??= look().finally(() => (running = null)));
  const timer = config.reloadIntervalMs > 0 ? setInterval(() => void check(), config.reloadIntervalMs) : null;
  timer?.unref();
  return { check, stop: () => timer && clearInterval(timer) };
}
