/**
 * Building an index from Reports already in memory (tests, benchmarks, tools that ingest themselves).
 * The corpus-driven path (`maintain.ts`) uses the same store writer; this one diffs the given reports
 * against the current store by source and checksum, so unchanged reports keep their rows and vectors.
 */
import path from 'node:path';
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { NianbaoError } from '../errors.js';
import type { Report } from '../types.js';
import { DB_FILE, openDb, readMeta } from './db.js';
import { acquireBuildLock, cleanUpStores, intoNewStore, readManifest } from './manifest.js';
import { IndexSnapshot } from './snapshot.js';
import { applyChanges, type BuildPhase, type BuildStats } from './update.js';

export interface BuildIndexOptions {
  reports: Report[];
  embedder: Embedder;
  embedderInfo?: Record<string, unknown>;
  config: Pick<Config, 'hnswM' | 'hnswEfConstruction' | 'hnswEfSearch' | 'embedBatchSize'>;
  dir: string;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  signal?: AbortSignal;
  /** See ApplyOptions.graphTailMax. */
  graphTailMax?: number;
}

/**
 * Makes the index in `dir` hold exactly `reports`: the current store is updated in place when it was
 * built by the same embedder, else a new store replaces it. Throws INVALID_INPUT_FILE on two reports
 * with one id (citations would be ambiguous).
 */
export async function buildIndex(options: BuildIndexOptions): Promise<{ index: IndexSnapshot; stats: BuildStats }> {
  const { reports, embedder, dir, config } = options;
  const seen = new Map<string, string>();
  for (const r of reports) {
    const other = seen.get(r.id);
    if (other !== undefined) throw new NianbaoError('INVALID_INPUT_FILE', `${other} and ${r.source} both give report id ${r.id}`);
    seen.set(r.id, r.source);
  }
  const release = acquireBuildLock(dir);
  try {
    cleanUpStores(dir);
    let store: string | null = null;
    try {
      store = readManifest(dir).store;
    } catch {
      store = null;
    }
    const known = store ? knownChecksums(path.join(dir, store), embedder) : null;
    const current = known ?? new Map<string, string>();
    const upserts = reports.filter((r) => current.get(r.source) !== r.checksum).map((report) => ({ source: report.source, fingerprint: '', report }));
    const present = new Set(reports.map((r) => r.source));
    const removals = [...current.keys()].filter((s) => !present.has(s));
    const apply = (storeDir: string) =>
      applyChanges(
        { upserts, removals },
        { storeDir, embedder, embedderInfo: options.embedderInfo, config, onProgress: options.onProgress, signal: options.signal, graphTailMax: options.graphTailMax },
      );
    // The current store is updated in place when its embedder can take these vectors; else a new one replaces it.
    const { storeDir, result: stats } = known ? { storeDir: path.join(dir, store!), result: await apply(path.join(dir, store!)) } : await intoNewStore(dir, store, apply);
    const index = await IndexSnapshot.open(dir, storeDir, { efSearch: config.hnswEfSearch });
    return { index, stats };
  } finally {
    release();
  }
}

/** source → checksum of the store's live reports, or null when it cannot be updated with this embedder. */
function knownChecksums(storeDir: string, embedder: Embedder): Map<string, string> | null {
  try {
    const db = openDb(path.join(storeDir, DB_FILE), { readonly: true });
    try {
      const stored = JSON.parse(readMeta(db).get('embedder') ?? 'null') as { id: string; dimension: number } | null;
      if (stored?.id !== embedder.id || stored.dimension !== embedder.dimension) return null;
      const rows = db.prepare('SELECT source, checksum FROM reports WHERE removed_gen IS NULL').all() as { source: string; checksum: string }[];
      return new Map(rows.map((r) => [r.source, r.checksum]));
    } finally {
      db.close();
    }
  } catch {
    return null;
  }
}
