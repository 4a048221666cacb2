/**
 * What the server serves from: the engine once the index is ready. While the index is being built the
 * API answers 503 INDEX_NOT_READY (with the build's progress); a failed build keeps its error so every
 * request can say what went wrong instead of the process dying.
 */
import type { Engine } from '../engine.js';
import { NianbaoError } from '../errors.js';

export type EngineState =
  | { status: 'loading'; progress?: string }
  | { status: 'ready'; engine: Engine }
  | { status: 'failed'; error: NianbaoError };

/** A mutable holder the startup code updates and the routes read. */
export interface EngineHolder {
  current: EngineState;
}

export function createEngineHolder(initial: EngineState = { status: 'loading' }): EngineHolder {
  return { current: initial };
}

/** The engine, or the 503 that explains why there is none yet. */
export function requireEngine(holder: EngineHolder): Engine {
  const s = holder.current;
  if (s.status === 'ready') return s.engine;
  if (s.status === 'failed') throw s.error;
  throw new NianbaoError('INDEX_NOT_READY', s.progress ? `正在构建索引 (building the index): ${s.progress}` : '正在加载索引 (loading the index)');
}
