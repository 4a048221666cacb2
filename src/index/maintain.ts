/**
 * Keeping `index/` in step with `corpus/`, cheaply: start-up compares every file's size and mtime (and
 * its sidecar's) with what the store recorded, reads only files that differ, and hashes their bytes
 * before deciding that they changed. Changes are applied incrementally to the current store with its
 * frozen embedding model; a new store (and for the offline model a newly derived model) is built only
 * for a first build, `--force`, `--rebuild-model`, another configured embedder, or when the words of
 * reports added since the model was built drift past `modelDriftMax`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { resolveDir, type Config } from '../config.js';
import { buildLocalModel, createEmbedder, LOCAL_MODEL_ID, type Embedder } from '../embed/index.js';
import { vocabularyDrift } from '../embed/local-model.js';
import { NianbaoError, isNianbaoError } from '../errors.js';
import { INGEST_VERSION, ingestFile, listReportFiles, sidecarPaths, type SkippedFile } from '../ingest/index.js';
import type { Report } from '../types.js';
import { DB_FILE, STORE_FORMAT, openDb, readMeta, unpackReport } from './db.js';
import { acquireBuildLock, checkModelFiles, cleanUpStores, intoNewStore, readManifest } from './manifest.js';
import { IndexSnapshot } from './snapshot.js';
import { applyChanges, type BuildPhase, type BuildStats, type StoreChanges } from './update.js';
import { verifyStore, type Damage } from './verify.js';

/** Reports ingested and applied per generation during a large build, to bound memory. */
const BATCH_REPORTS = 1000;

export type PreparePhase = BuildPhase | 'scan' | 'verify' | 'ingest' | 'model';

export interface PrepareOptions {
  /** Re-ingest every file into a new store (the model is derived again too). */
  force?: boolean;
  /** Derive the offline model again and re-embed everything (reports are not re-read). */
  rebuildModel?: boolean;
  /** Never build: fail with INDEX_NOT_READY when the index is missing or stale (e.g. read-only copies). */
  noBuild?: boolean;
  /**
   * Check the whole current store against its checksums first and repair what is damaged (`npm run
   * index`). Without it, damage is found when a part is read: a store that cannot be opened is rebuilt.
   */
  verify?: boolean;
  onProgress?: (phase: PreparePhase, done: number, total: number) => void;
  log?: (line: string) => void;
}

export interface BuildSummary extends BuildStats {
  /** Whether a new store was built (vs. the current one updated). */
  full: boolean;
  /** Why it was built. */
  reason: string;
  /** Share of words in reports added since the model was built that it does not know (offline model only). */
  drift: number | null;
}

export interface Prepared {
  index: IndexSnapshot;
  embedder: Embedder;
  /** Null when the index was fresh and loaded as is. */
  stats: BuildSummary | null;
  skipped: SkippedFile[];
  staleReason: string | null;
}

interface KnownSource {
  fingerprint: string;
  checksum: string | null;
  report_id: string | null;
  skipped: string | null;
}

interface CorpusScan {
  /** Files whose fingerprint differs from the store's (or that it has never seen). */
  changed: { file: string; source: string; fingerprint: string }[];
  removed: string[];
  /** Known unusable files, with the reason recorded when they were first read. */
  skipped: SkippedFile[];
  files: number;
}

/** The index of the current corpus, built or updated as needed, and the embedder it was built with. */
export async function prepareIndex(config: Config, options: PrepareOptions = {}): Promise<Prepared> {
  const log = options.log ?? (() => {});
  const dir = resolveDir(config, 'indexDir');
  options.onProgress?.('scan', 0, 1);
  const current = openCurrent(dir, config);
  const scanning = scanCorpus(config, current?.known ?? new Map());
  let damage: Damage[] = [];
  if (options.verify && current && !current.incompatible && !options.force) {
    options.onProgress?.('verify', 0, 1);
    damage = verifyStore(dir, current.store, current.modelFiles);
    options.onProgress?.('verify', 1, 1);
    for (const d of damage) log(`索引损坏 (index damaged): ${d.file}: ${d.detail}`);
  }
  const storeDamage = damage.find((d) => d.part === 'store');
  if (current && storeDamage) current.incompatible = `index damaged: ${storeDamage.file}: ${storeDamage.detail}`;
  const graphDamage = storeDamage ? null : (damage.find((d) => d.part === 'graph') ?? null);
  // Most starts find nothing changed: open the current store while the files are stat-ed.
  const serving = current && !current.incompatible && !options.force && !options.rebuildModel && !graphDamage ? openServing(config, dir, current.storeDir) : null;
  serving?.catch(() => {});
  const scan = await scanning;
  options.onProgress?.('scan', 1, 1);
  for (const s of scan.skipped) log(`已跳过 (skipped) ${s.source}: ${s.message}`);

  // A store that cannot be opened (damaged rows, model files, database pages) is rebuilt, unless building is not ours to do.
  const opened = serving && (await serving.then((v) => ({ ok: v }), (e: unknown) => ({ error: e })));
  if (opened && 'error' in opened) {
    const e = opened.error;
    if (!isNianbaoError(e) || e.code !== 'INDEX_CORRUPT' || options.noBuild) throw e;
    log(`索引损坏 (index damaged): ${e.message}`);
    current!.incompatible = `index damaged: ${e.detail ?? e.message}`;
  }

  const fullReason = options.force ? 'rebuild requested (--force)' : current === null ? 'no index yet' : current.incompatible;
  const stale =
    fullReason ??
    (options.rebuildModel ? 'model rebuild requested (--rebuild-model)' : graphDamage ? `index damaged: ${graphDamage.file}: ${graphDamage.detail}` : describeChanges(scan));
  if (!stale && opened && 'ok' in opened) {
    const { index, embedder } = opened.ok;
    if (index.info.counts.reports === 0) {
      index.close();
      throw new NianbaoError('INDEX_NOT_READY', `no usable report in ${resolveDir(config, 'corpusDir')}`);
    }
    return { index, embedder, stats: null, skipped: scan.skipped, staleReason: null };
  }
  if (opened && 'ok' in opened) opened.ok.index.close();
  if (options.noBuild) throw new NianbaoError('INDEX_NOT_READY', `index at ${dir} is stale (${stale}); run \`npm run index\``);

  const release = acquireBuildLock(dir);
  try {
    cleanUpStores(dir);
    log(`正在构建索引 (building the index): ${describeBuildReason(stale)}…`);
    let stats: BuildSummary;
    if (fullReason || !current) {
      const all = current?.known.size ? await scanCorpus(config, new Map()) : scan;
      stats = await buildNewStore(config, dir, current, { scan: all }, fullReason ?? 'no index yet', options);
    } else {
      const updated = describeChanges(scan) || graphDamage ? await updateStore(config, current, scan, options, !!graphDamage) : null;
      const remodel = options.rebuildModel ? 'model rebuild requested (--rebuild-model)' : (updated?.drifted ?? null);
      if (remodel) log(`重建模型 (rebuilding the model): ${remodel}`);
      stats = remodel ? await buildNewStore(config, dir, current, { fromStore: current.storeDir }, remodel, options) : updated!.stats;
      if (updated && remodel) stats.drift = updated.stats.drift;
      if (graphDamage && !remodel) stats.reason = `index damaged: ${graphDamage.file}: ${graphDamage.detail} (graph rebuilt)`;
    }
    for (const r of stats.renamed) log(`编号冲突 (id conflict) ${r.message}`);
    const manifest = readManifest(dir);
    const index = await IndexSnapshot.open(dir, path.join(dir, manifest.store), { efSearch: config.hnswEfSearch });
    if (index.info.counts.reports === 0) {
      index.close();
      throw new NianbaoError('INDEX_NOT_READY', `no usable report in ${resolveDir(config, 'corpusDir')}`);
    }
    return { index, embedder: await openEmbedder(config, index.storeDir), stats, skipped: scan.skipped, staleReason: stale };
  } finally {
    release();
  }
}

async function openServing(config: Config, dir: string, storeDir: string): Promise<{ index: IndexSnapshot; embedder: Embedder }> {
  const index = await IndexSnapshot.open(dir, storeDir, { efSearch: config.hnswEfSearch });
  try {
    return { index, embedder: await openEmbedder(config, storeDir) };
  } catch (e) {
    index.close();
    throw e;
  }
}

/** The embedder a store's vectors were made with: its own derived model, or the configured one. */
export async function openEmbedder(config: Config, storeDir: string): Promise<Embedder> {
  if (config.embedModel !== LOCAL_MODEL_ID) return createEmbedder(config, {});
  checkModelFiles(storeDir);
  return createEmbedder(config, { localModelDir: path.join(storeDir, 'model') });
}

interface Current {
  storeDir: string;
  store: string;
  /** The manifest's checksums of the store's model files. */
  modelFiles: Record<string, string>;
  known: Map<string, KnownSource>;
  /** Why the store cannot be updated in place (another embedder, format, dimension, damage), or null. */
  incompatible: string | null;
  driftUnknown: number;
  driftTotal: number;
}

/** The current store and what it knows of the corpus; null when there is none (or it is unreadable). */
function openCurrent(dir: string, config: Config): Current | null {
  let store: string;
  let modelFiles: Record<string, string>;
  try {
    ({ store, files: modelFiles } = readManifest(dir));
  } catch (e) {
    if (isNianbaoError(e) && e.code === 'INDEX_NOT_READY') return null;
    return { storeDir: '', store: '', modelFiles: {}, known: new Map(), incompatible: (e as Error).message, driftUnknown: 0, driftTotal: 0 };
  }
  const storeDir = path.join(dir, store);
  try {
    const db = openDb(path.join(storeDir, DB_FILE), { readonly: true });
    try {
      const meta = readMeta(db);
      const rows = db.prepare('SELECT source, fingerprint, checksum, report_id, skipped FROM sources').all() as (KnownSource & { source: string })[];
      const known = new Map(rows.map((r) => [r.source, r]));
      const embedder = JSON.parse(meta.get('embedder') ?? 'null') as { id: string; dimension: number; info: { model?: string } } | null;
      let incompatible: string | null = null;
      if (Number(meta.get('formatVersion')) !== STORE_FORMAT) incompatible = `store format ${meta.get('formatVersion')}, this program writes ${STORE_FORMAT}`;
      else if (!embedder) incompatible = 'store has no embedder recorded';
      else if ((embedder.info.model ?? LOCAL_MODEL_ID) !== config.embedModel) incompatible = `built with embedder ${embedder.info.model}, configured ${config.embedModel}`;
      else if (config.embedModel === LOCAL_MODEL_ID && embedder.dimension !== config.embedDim) incompatible = `built at dimension ${embedder.dimension}, configured ${config.embedDim}`;
      return { storeDir, store, modelFiles, known, incompatible, driftUnknown: Number(meta.get('driftUnknown') ?? 0), driftTotal: Number(meta.get('driftTotal') ?? 0) };
    } finally {
      db.close();
    }
  } catch (e) {
    return { storeDir, store, modelFiles, known: new Map(), incompatible: `${path.join(storeDir, DB_FILE)}: ${(e as Error).message}`, driftUnknown: 0, driftTotal: 0 };
  }
}

/** Size + mtime of a file and of its sidecars (either name), and the parser version: what says "this file may have changed". */
function fingerprint(file: string, sidecars: string[]): string {
  const stat = fs.statSync(file);
  const side = sidecars.map((s) => fs.statSync(s, { throwIfNoEntry: false })).map((st) => (st ? `${st.size}:${Math.floor(st.mtimeMs)}` : '-'));
  return `${stat.size}:${Math.floor(stat.mtimeMs)}|${side.join(',') || '-'}|v${INGEST_VERSION}`;
}

/**
 * Which corpus files differ from what the store recorded: one readdir and one stat a file (a sidecar is
 * stat-ed only when the listing has one), about 0.5 s for 100,000 files.
 */
async function scanCorpus(config: Config, known: Map<string, KnownSource>): Promise<CorpusScan> {
  const dir = resolveDir(config, 'corpusDir');
  const files = await listReportFiles(dir);
  const names = new Set(await fs.promises.readdir(dir));
  const present = new Set<string>();
  const changed: CorpusScan['changed'] = [];
  const skipped: SkippedFile[] = [];
  for (const file of files) {
    const name = path.basename(file);
    // Sources are corpus-relative, as citations show them (`x.txt`): never a path of the server's disk.
    const source = name;
    present.add(source);
    // A sidecar is stat-ed only when the listing has one.
    const print = fingerprint(file, sidecarPaths(file).filter((p) => names.has(path.basename(p))));
    const k = known.get(source);
    if (k?.fingerprint !== print) changed.push({ file, source, fingerprint: print });
    else if (k.skipped) skipped.push({ source, code: 'FILE_UNREADABLE', message: k.skipped });
  }
  const removed = [...known.keys()].filter((s) => !present.has(s));
  return { changed, removed, skipped, files: files.length };
}

/** The fixed reasons for a build, in Chinese; the others (file names, damage) are shown as they are. */
const BUILD_REASONS_ZH: Record<string, string> = {
  'no index yet': '没有索引',
  'rebuild requested (--force)': '按要求重建',
  'model rebuild requested (--rebuild-model)': '按要求重建模型',
};

/**
 * Why a build runs, for its opening log line. A reason taken from an error drops the error's advice to
 * run `npm run index`: this is that build (a server building its index must not tell its reader to).
 */
function describeBuildReason(reason: string | null): string {
  const plain = (reason ?? '').replace(/;\s*run `npm run index`[^;]*$/, '');
  const zh = BUILD_REASONS_ZH[plain];
  return zh ? `${zh} (${plain})` : plain;
}

function describeChanges(scan: CorpusScan): string | null {
  if (scan.changed.length === 0 && scan.removed.length === 0) return null;
  const names = [...scan.changed.map((c) => c.source), ...scan.removed.map((s) => `${s} (removed)`)];
  return `corpus changed: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ` and ${names.length - 5} more` : ''}`;
}

/** Reads changed files in batches; an unchanged checksum is only a touched file. */
async function* ingestChanged(
  scan: CorpusScan,
  config: Config,
  known: Map<string, KnownSource>,
  options: PrepareOptions,
): AsyncGenerator<StoreChanges> {
  let batch: Required<Pick<StoreChanges, 'upserts' | 'touched' | 'skipped'>> = { upserts: [], touched: [], skipped: [] };
  for (const [i, c] of scan.changed.entries()) {
    const out = await ingestFile(c.file, resolveDir(config, 'corpusDir'));
    if (out.report) {
      const k = known.get(c.source);
      if (k?.checksum === out.report.checksum && k.report_id) batch.touched.push({ ...c, checksum: out.report.checksum });
      else batch.upserts.push({ ...c, report: out.report, givenId: k?.report_id });
    } else if (out.skipped) {
      options.log?.(`已跳过 (skipped) ${out.skipped.source}: ${out.skipped.message}`);
      scan.skipped.push(out.skipped);
      batch.skipped.push({ ...c, message: out.skipped.message });
    }
    options.onProgress?.('ingest', i + 1, scan.changed.length);
    if (batch.upserts.length >= BATCH_REPORTS) {
      yield batch;
      batch = { upserts: [], touched: [], skipped: [] };
    }
  }
  yield batch;
}

/** Applies the scanned changes to the current store with its frozen model; reports drift past the limit. */
async function updateStore(config: Config, current: Current, scan: CorpusScan, options: PrepareOptions, rebuildGraph = false): Promise<{ stats: BuildSummary; drifted: string | null }> {
  const { storeDir } = current;
  const embedder = await openEmbedder(config, storeDir);
  const local = config.embedModel === LOCAL_MODEL_ID;
  const drift = local ? await vocabularyDrift(path.join(storeDir, 'model')) : null;
  let { driftUnknown, driftTotal } = current;
  const total: BuildSummary = { embedded: 0, reused: 0, reportsEmbedded: [], reportsRemoved: [], renamed: [], graphBuilt: false, full: false, reason: describeChanges(scan) ?? '', drift: null };
  let first = true;
  for await (const batch of ingestChanged(scan, config, current.known, options)) {
    if (drift && batch.upserts.length) {
      const d = drift(batch.upserts.map((u) => modelText(u.report)));
      driftUnknown += d.unknown;
      driftTotal += d.total;
    }
    const stats = await applyChanges(first ? { ...batch, removals: scan.removed } : batch, {
      storeDir,
      embedder,
      embedderInfo: { model: config.embedModel },
      config,
      onProgress: options.onProgress,
      graphTailMax: config.hnswTailMax,
      meta: { driftUnknown, driftTotal },
      // A damaged graph is built anew from the vectors with the first generation; later ones extend it.
      rebuildGraph: first && rebuildGraph,
    });
    first = false;
    accumulate(total, stats);
  }
  total.drift = local && driftTotal ? driftUnknown / driftTotal : local ? 0 : null;
  const drifted = local && total.drift! > config.modelDriftMax
    ? `vocabulary drift ${(total.drift! * 100).toFixed(1)}% > ${(config.modelDriftMax * 100).toFixed(1)}% (modelDriftMax): deriving the model again`
    : null;
  return { stats: total, drifted };
}

/**
 * Builds a whole new store beside the current one and switches the manifest to it. Reports come from
 * the current store when only the model changes, else from the corpus files, in batches.
 */
async function buildNewStore(
  config: Config,
  dir: string,
  current: Current | null,
  from: { scan: CorpusScan } | { fromStore: string },
  reason: string,
  options: PrepareOptions,
): Promise<BuildSummary> {
  const total: BuildSummary = { embedded: 0, reused: 0, reportsEmbedded: [], reportsRemoved: [], renamed: [], graphBuilt: false, full: true, reason, drift: 0 };
  await intoNewStore(dir, current?.store || null, async (storeDir) => {
    let embedder: Embedder;
    if (config.embedModel === LOCAL_MODEL_ID) {
      options.onProgress?.('model', 0, 1);
      const texts = 'fromStore' in from ? sampleStored(from.fromStore, config.modelSampleReports) : await sampleCorpus(from.scan, config);
      const model = await buildLocalModel({ texts, dim: config.embedDim, outDir: path.join(storeDir, 'model') });
      options.onProgress?.('model', 1, 1);
      embedder = await createEmbedder(config, { localModelDir: model.dir });
    } else embedder = await createEmbedder(config, {});
    const apply = { storeDir, embedder, embedderInfo: { model: config.embedModel }, config, onProgress: options.onProgress, graphTailMax: config.hnswTailMax };
    const batches = 'fromStore' in from ? storedReports(from.fromStore) : ingestChanged(from.scan, config, new Map(), options);
    for await (const batch of batches) accumulate(total, await applyChanges(batch, { ...apply, meta: { driftUnknown: 0, driftTotal: 0 }, deferGraph: true }));
    // The graph once, over everything, instead of once per batch.
    accumulate(total, await applyChanges({ upserts: [] }, apply));
  });
  return total;
}

/** The current store's live reports as batches of upserts (a model rebuild re-embeds, it does not re-read files). */
async function* storedReports(storeDir: string): AsyncGenerator<StoreChanges> {
  const db = openDb(path.join(storeDir, DB_FILE), { readonly: true });
  try {
    const sources = new Map((db.prepare('SELECT source, fingerprint FROM sources').all() as { source: string; fingerprint: string }[]).map((r) => [r.source, r.fingerprint]));
    const rows = db.prepare('SELECT r.source, d.doc FROM reports r JOIN docs d ON d.rid = r.rid WHERE r.removed_gen IS NULL ORDER BY r.rid').iterate() as IterableIterator<{ source: string; doc: Buffer }>;
    let batch: StoreChanges['upserts'] = [];
    for (const row of rows) {
      batch.push({ source: row.source, fingerprint: sources.get(row.source) ?? '', report: unpackReport(row.doc) });
      if (batch.length >= BATCH_REPORTS) {
        yield { upserts: batch };
        batch = [];
      }
    }
    const skipped = (db.prepare('SELECT source, fingerprint, skipped FROM sources WHERE skipped IS NOT NULL').all() as { source: string; fingerprint: string; skipped: string }[]).map((r) => ({ source: r.source, fingerprint: r.fingerprint, message: r.skipped }));
    yield { upserts: batch, skipped };
  } finally {
    db.close();
  }
}

/** The text the offline model learns from: a report's normalized paragraphs, one per line. */
function modelText(report: Report): string {
  return report.paragraphs.map((p) => p.norm).join('\n');
}

/** Up to `limit` evenly spaced indexes of `n` items. */
function spread(n: number, limit: number): number[] {
  if (n <= limit) return Array.from({ length: n }, (_, i) => i);
  return Array.from({ length: limit }, (_, i) => Math.floor((i * n) / limit));
}

async function sampleCorpus(scan: CorpusScan, config: Config): Promise<string[]> {
  const texts: string[] = [];
  for (const i of spread(scan.changed.length, config.modelSampleReports)) {
    const out = await ingestFile(scan.changed[i]!.file, resolveDir(config, 'corpusDir'));
    if (out.report) texts.push(modelText(out.report));
  }
  return texts;
}

function sampleStored(storeDir: string, limit: number): string[] {
  const db = openDb(path.join(storeDir, DB_FILE), { readonly: true });
  try {
    const rids = db.prepare('SELECT rid FROM reports WHERE removed_gen IS NULL ORDER BY rid').pluck().all() as number[];
    const doc = db.prepare('SELECT doc FROM docs WHERE rid = ?').pluck();
    return spread(rids.length, limit).map((i) => modelText(unpackReport(doc.get(rids[i]!) as Buffer)));
  } finally {
    db.close();
  }
}

function accumulate(total: BuildSummary, stats: BuildStats): void {
  total.embedded += stats.embedded;
  total.reused += stats.reused;
  total.reportsEmbedded.push(...stats.reportsEmbedded);
  total.reportsRemoved.push(...stats.reportsRemoved);
  total.renamed.push(...stats.renamed);
  total.graphBuilt ||= stats.graphBuilt;
}
