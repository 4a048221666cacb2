/**
 * Writing a store: apply a set of changes (reports added or replaced, files removed or skipped) as one
 * new generation. Only the changed reports are embedded, appended and indexed; everything else stays.
 *
 * Crash safety, in write order:
 * 1. vectors are appended after the committed rows and synced (a killed build leaves a tail beyond
 *    `meta.vectorRows` that readers never read and the next build truncates);
 * 2. an HNSW graph, when one is due, is written to a new file and renamed into place (never overwritten);
 * 3. one SQLite transaction inserts the rows, updates statistics and bumps `meta.generation`: the
 *    commit is the moment the generation exists. Until then readers see the previous one, whole.
 */
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import type { Config } from '../config.js';
import { embedMany, type Embedder } from '../embed/embedder.js';
import { describeReport } from '../ingest/index.js';
import { findPlaceNames } from '../ingest/issuer.js';
import { getGazetteer, placeAliases } from '../lang/zh/index.js';
import { searchTokens } from '../text/index.js';
import type { Report } from '../types.js';
import { NianbaoError } from '../errors.js';
import { fileSha256Sync } from './checksum.js';
import { DB_FILE, STORE_FORMAT, checkDoc, openDb, packReport, packTerms, readMeta, sealDoc, sealReport, unpackReport, unpackTerms, writeMeta, type Db, type StoredSummary } from './db.js';
import { VECTORS_FILE, VectorBlocks, appendVectors, blockChecksums } from './vector-file.js';
import { storedMeasures } from '../stats/stored.js';

/**
 * Rows appended since the HNSW graph was last built are searched exactly; past this many the next build
 * adds them to the graph (an exact scan of 16k rows at dimension 128 takes ~3 ms).
 */
export const HNSW_TAIL_MAX = 16_384;

export type BuildPhase = 'embed' | 'vectors' | 'write';

export interface SourceState {
  source: string;
  /** Size and mtime of the file (and of its sidecar): what start-up compares to see whether it changed. */
  fingerprint: string;
}

export interface StoreChanges {
  /**
   * Reports to add, or to replace the report of the same source. `givenId`: the id the store gave the
   * source before (kept while no other file has it, so a renamed duplicate keeps its id when re-read).
   */
  upserts: (SourceState & { report: Report; givenId?: string | null })[];
  /** Files whose bytes did not change although their fingerprint did (touched, copied): recorded, not re-indexed. */
  touched?: (SourceState & { checksum: string })[];
  /** Sources that left the corpus. */
  removals?: string[];
  /** Files that cannot be used, remembered so that later starts do not read them again. */
  skipped?: (SourceState & { message: string })[];
}

export interface BuildStats {
  /** Chunks embedded by this build / carried over (same text in the report's previous version). */
  embedded: number;
  reused: number;
  reportsEmbedded: string[];
  reportsRemoved: string[];
  /** Reports given another id because another file already has theirs (`dup.txt` beside `dup.md`). */
  renamed: { source: string; id: string; message: string }[];
  /** Whether this build (re)built the HNSW graph. */
  graphBuilt: boolean;
}

export interface ApplyOptions {
  storeDir: string;
  embedder: Embedder;
  /** Recorded in the store, e.g. the local model directory. */
  embedderInfo?: Record<string, unknown>;
  config: Pick<Config, 'hnswM' | 'hnswEfConstruction' | 'embedBatchSize'>;
  onProgress?: (phase: BuildPhase, done: number, total: number) => void;
  signal?: AbortSignal;
  /** Override of HNSW_TAIL_MAX (config `hnswTailMax`; tests build graphs over a handful of rows with it). */
  graphTailMax?: number;
  /** Leave the HNSW graph for a later call (a large build applies its batches first, then builds the graph once). */
  deferGraph?: boolean;
  /** Build the HNSW graph anew from the vectors (repair of a damaged graph file). */
  rebuildGraph?: boolean;
  /** Extra meta values to record in the same commit (e.g. vocabulary drift counters). */
  meta?: Record<string, string | number>;
}

/** The graph a store's meta records: its file, the rows it covers, how it was built, the sha256 of its bytes. */
export interface GraphMeta {
  file: string;
  watermark: number;
  m: number;
  efConstruction: number;
  sha256: string;
}

interface LiveRow {
  rid: number;
  id: string;
  source: string;
  checksum: string;
  first_label: number;
  chunk_count: number;
}

/** Applies `changes` to the store in `storeDir` (created when missing) as one new generation. */
export async function applyChanges(changes: StoreChanges, options: ApplyOptions): Promise<BuildStats> {
  const { storeDir, embedder, config, onProgress, signal } = options;
  fs.mkdirSync(storeDir, { recursive: true });
  const db = openDb(path.join(storeDir, DB_FILE), { create: true });
  try {
    return await apply(db, changes, options);
  } finally {
    db.close();
  }

  async function apply(db: Db, changes: StoreChanges, options: ApplyOptions): Promise<BuildStats> {
    let meta = readMeta(db);
    if (!meta.has('formatVersion')) {
      writeMeta(db, {
        formatVersion: STORE_FORMAT,
        generation: 0,
        embedder: JSON.stringify({ id: embedder.id, dimension: embedder.dimension, info: options.embedderInfo ?? {} }),
        vectorRows: 0,
        hnsw: 'null',
        liveChunks: 0,
        liveReports: 0,
        lengthTotal: 0,
        builtAt: new Date().toISOString(),
      });
      meta = readMeta(db);
    }
    const stored = JSON.parse(meta.get('embedder')!) as { id: string; dimension: number };
    if (stored.id !== embedder.id || stored.dimension !== embedder.dimension) {
      throw new Error(`store ${storeDir} holds vectors of ${stored.id} (dimension ${stored.dimension}); it cannot take ${embedder.id} (dimension ${embedder.dimension})`);
    }
    const generation = Number(meta.get('generation'));
    const next = generation + 1;
    const dimension = embedder.dimension;

    const live = db.prepare('SELECT rid, id, source, checksum, first_label, chunk_count FROM reports WHERE removed_gen IS NULL').all() as LiveRow[];
    const liveBySource = new Map(live.map((r) => [r.source, r]));
    const upsertSources = new Set(changes.upserts.map((u) => u.source));
    const leaving = [...new Set([...(changes.removals ?? []), ...upsertSources, ...(changes.skipped ?? []).map((s) => s.source)])]
      .map((s) => liveBySource.get(s))
      .filter((r): r is LiveRow => !!r);
    const leavingRids = new Set(leaving.map((r) => r.rid));

    // A report id names citations and URLs: the file that has it keeps it; another file of the same
    // base name (`dup.txt` beside `dup.md`) gets an id of its own made from its name, with a warning.
    const takenIds = new Map(live.filter((r) => !leavingRids.has(r.rid)).map((r) => [r.id, r.source]));
    const renamed: BuildStats['renamed'] = [];
    const upserts = changes.upserts.map((u) => {
      let report = u.givenId && u.givenId !== u.report.id && !takenIds.has(u.givenId) ? withReportId(u.report, u.givenId) : u.report;
      const other = takenIds.get(report.id);
      if (other !== undefined) {
        const id = distinctId(u.report.id, u.source, takenIds);
        report = withReportId(u.report, id);
        const message = `${u.source}: 与 ${other} 的报告编号相同，改用编号 ${id} (same report id ${u.report.id} as ${other}; indexed as ${id})`;
        report.warnings.push(message);
        renamed.push({ source: u.source, id, message });
      }
      takenIds.set(report.id, u.source);
      return { ...u, report };
    });

    // Vectors: a chunk whose text is unchanged in the report's previous version keeps its vector.
    const vectorRows = Number(meta.get('vectorRows'));
    const vectorsFile = path.join(storeDir, VECTORS_FILE);
    const dbFile = path.join(storeDir, DB_FILE);
    const checksums = JSON.parse(meta.get('vectorBlocks') ?? '[]') as string[];
    // The stored rows of the reports leaving, read and checked against their seals once: their texts
    // give vectors to reuse, their tokens the document frequencies to take back.
    const docStmt = db.prepare('SELECT rid, doc, terms, seal FROM docs WHERE rid = ?');
    const leavingDocs = new Map(
      leaving.map((row) => {
        const stored = docStmt.get(row.rid) as { rid: number; doc: Buffer; terms: Buffer; seal: string };
        checkDoc(dbFile, stored, `report ${row.id}`);
        return [row.rid, stored] as const;
      }),
    );
    const oldBlocks = leaving.length && vectorRows ? VectorBlocks.read(vectorsFile, dimension, vectorRows, { checksums }) : null;
    const oldTexts = new Map<string, number>();
    if (oldBlocks) {
      for (const row of leaving) {
        if (!upsertSources.has(row.source)) continue;
        const old = unpackReport(leavingDocs.get(row.rid)!.doc);
        old.chunks.forEach((c, i) => oldTexts.set(c.norm, row.first_label + i));
      }
    }
    const chunks = upserts.flatMap((u) => u.report.chunks);
    const vectors: (ArrayLike<number> | undefined)[] = chunks.map((c) => {
      const label = oldTexts.get(c.norm);
      return label === undefined ? undefined : oldBlocks!.row(label);
    });
    const missing = chunks.flatMap((_, i) => (vectors[i] ? [] : [i]));
    onProgress?.('embed', 0, missing.length);
    const fresh = await embedMany(embedder, missing.map((i) => chunks[i]!.norm), {
      kind: 'passage',
      batchSize: config.embedBatchSize,
      signal,
      onProgress: (done, total) => onProgress?.('embed', done, total),
    });
    if (fresh.length !== missing.length) throw new Error(`embedder ${embedder.id} returned ${fresh.length} vectors for ${missing.length} passages`);
    missing.forEach((i, j) => (vectors[i] = fresh[j]));
    signal?.throwIfAborted();

    onProgress?.('vectors', 0, chunks.length);
    appendVectors(vectorsFile, dimension, vectorRows, vectors as ArrayLike<number>[]);
    const rows = vectorRows + chunks.length;
    const newChecksums = blockChecksums(vectorsFile, dimension, rows, checksums, vectorRows);

    // The graph: rebuilt when the rows searched exactly since the last one pass HNSW_TAIL_MAX.
    let hnsw = JSON.parse(meta.get('hnsw') ?? 'null') as GraphMeta | null;
    const tail = rows - (hnsw?.watermark ?? 0);
    let graphBuilt = false;
    if ((tail > (options.graphTailMax ?? HNSW_TAIL_MAX) || (options.rebuildGraph && rows > 0)) && !options.deferGraph) {
      const liveLabels = live.filter((r) => !leavingRids.has(r.rid)).map((r) => [r.first_label, r.first_label + r.chunk_count] as const);
      let label = vectorRows;
      for (const u of upserts) {
        liveLabels.push([label, label + u.report.chunks.length]);
        label += u.report.chunks.length;
      }
      const file = `hnsw-${next}.bin`;
      const blocks = VectorBlocks.read(vectorsFile, dimension, rows, { checksums: newChecksums });
      const sha256 = writeGraph(storeDir, file, options.rebuildGraph ? null : hnsw, { blocks, liveLabels, m: config.hnswM, efConstruction: config.hnswEfConstruction }, (d, t) => onProgress?.('vectors', d, t));
      hnsw = { file, watermark: rows, m: config.hnswM, efConstruction: config.hnswEfConstruction, sha256 };
      graphBuilt = true;
    }
    onProgress?.('vectors', chunks.length, chunks.length);
    signal?.throwIfAborted();

    // Everything else in one transaction: the commit publishes the generation.
    onProgress?.('write', 0, 1);
    const tokensOf = (report: Report) => report.chunks.map((c) => searchTokens(c.norm));
    const prepared = upserts.map((u) => ({ ...u, terms: tokensOf(u.report), mentions: mentionsOf(u.report) }));
    let liveChunks = Number(meta.get('liveChunks'));
    let lengthTotal = Number(meta.get('lengthTotal'));
    let liveReports = Number(meta.get('liveReports'));
    db.transaction(() => {
      const dfDelta = new Map<string, number>();
      const count = (terms: string[][], sign: number) => {
        for (const tokens of terms) {
          const unique = new Set(tokens);
          lengthTotal += sign * unique.size;
          for (const t of unique) dfDelta.set(t, (dfDelta.get(t) ?? 0) + sign);
        }
      };
      const markRemoved = db.prepare('UPDATE reports SET removed_gen = ? WHERE rid = ?');
      for (const row of leaving) {
        count(unpackTerms(leavingDocs.get(row.rid)!.terms, row.chunk_count), -1);
        markRemoved.run(next, row.rid);
        liveChunks -= row.chunk_count;
        liveReports--;
      }
      const insert = db.prepare(
        'INSERT INTO reports (id, source, checksum, added_gen, first_label, chunk_count, summary) VALUES (?, ?, ?, ?, ?, ?, ?)',
      );
      const sealRow = db.prepare('UPDATE reports SET seal = ? WHERE rid = ?');
      const insertDoc = db.prepare('INSERT INTO docs (rid, doc, terms, seal) VALUES (?, ?, ?, ?)');
      const mention = db.prepare('INSERT INTO mentions (place, rid) VALUES (?, ?)');
      const putSource = db.prepare(
        'INSERT INTO sources (source, fingerprint, checksum, report_id, skipped) VALUES (?, ?, ?, ?, ?) ON CONFLICT(source) DO UPDATE SET fingerprint = excluded.fingerprint, checksum = excluded.checksum, report_id = excluded.report_id, skipped = excluded.skipped',
      );
      let label = vectorRows;
      for (const u of prepared) {
        const summary: StoredSummary = { ...describeReport(u.report), statedYears: statedYears(u.report.text), paragraphs: u.report.paragraphs.length, chunks: u.report.chunks.length, measures: storedMeasures(u.report) };
        const row = { id: u.report.id, source: u.source, checksum: u.report.checksum, added_gen: next, first_label: label, chunk_count: u.report.chunks.length, summary: JSON.stringify(summary) };
        const rid = Number(insert.run(row.id, row.source, row.checksum, row.added_gen, row.first_label, row.chunk_count, row.summary).lastInsertRowid);
        sealRow.run(sealReport({ rid, ...row }), rid);
        const doc = packReport(u.report);
        const terms = packTerms(u.terms);
        insertDoc.run(rid, doc, terms, sealDoc(rid, doc, terms));
        for (const place of u.mentions) mention.run(place, rid);
        count(u.terms, 1);
        label += u.report.chunks.length;
        liveChunks += u.report.chunks.length;
        liveReports++;
        putSource.run(u.source, u.fingerprint, u.report.checksum, u.report.id, null);
      }
      for (const t of changes.touched ?? []) putSource.run(t.source, t.fingerprint, t.checksum, liveBySource.get(t.source)?.id ?? null, null);
      for (const s of changes.skipped ?? []) putSource.run(s.source, s.fingerprint, null, null, s.message);
      const dropSource = db.prepare('DELETE FROM sources WHERE source = ?');
      for (const s of changes.removals ?? []) dropSource.run(s);
      const upsertDf = db.prepare('INSERT INTO terms (term, df) VALUES (?, ?) ON CONFLICT(term) DO UPDATE SET df = df + excluded.df');
      const dropTerms = db.prepare('DELETE FROM terms WHERE df <= 0');
      for (const [term, delta] of dfDelta) if (delta !== 0) upsertDf.run(term, delta);
      dropTerms.run();
      // Rows removed before the previous generation are invisible to every reader that can still be running.
      const purge = db.prepare('SELECT rid FROM reports WHERE removed_gen < ?').pluck().all(generation) as number[];
      const dropMentions = db.prepare('DELETE FROM mentions WHERE rid = ?');
      const dropReport = db.prepare('DELETE FROM reports WHERE rid = ?');
      const dropDoc = db.prepare('DELETE FROM docs WHERE rid = ?');
      for (const rid of purge) {
        dropMentions.run(rid);
        dropReport.run(rid);
        dropDoc.run(rid);
      }
      writeMeta(db, {
        generation: next,
        vectorRows: rows,
        vectorBlocks: JSON.stringify(newChecksums),
        hnsw: JSON.stringify(hnsw),
        liveChunks,
        liveReports,
        lengthTotal,
        builtAt: new Date().toISOString(),
        ...options.meta,
      });
    })();
    removeOldGraphs(storeDir, hnsw?.file ?? null, JSON.parse(meta.get('hnsw') ?? 'null')?.file ?? null);
    onProgress?.('write', 1, 1);
    return {
      embedded: missing.length,
      reused: chunks.length - missing.length,
      reportsEmbedded: upserts.map((u) => u.report.id),
      reportsRemoved: leaving.filter((r) => !upsertSources.has(r.source)).map((r) => r.id),
      renamed,
      graphBuilt,
    };
  }
}

/**
 * Writes the HNSW graph of every live row to `file`: the previous graph extended by the rows added
 * since (rows of removed reports stay in it and are filtered at query time), or a new one. Written
 * under a temporary name, synced, then renamed, so a reader never opens a half-written graph. The
 * previous graph is read only when its bytes match their recorded checksum (hnswlib trusts the file it
 * reads; a damaged one could crash the process), else the graph is built anew. Returns the sha256.
 */
function writeGraph(
  storeDir: string,
  file: string,
  previous: GraphMeta | null,
  o: { blocks: VectorBlocks; liveLabels: (readonly [number, number])[]; m: number; efConstruction: number },
  onProgress: (done: number, total: number) => void,
): string {
  const { blocks } = o;
  const rows = blocks.count;
  const graph = new hnswlib.HierarchicalNSW('cosine', blocks.dimension);
  const previousFile = previous && path.join(storeDir, previous.file);
  const from = previousFile && fs.existsSync(previousFile) && previous.sha256 === fileSha256Sync(previousFile) ? previous.watermark : 0;
  if (from > 0) {
    graph.readIndexSync(previousFile!);
    graph.resizeIndex(rows);
  } else graph.initIndex({ maxElements: Math.max(rows, 1), m: o.m, efConstruction: o.efConstruction, randomSeed: 100 });
  const labels: number[] = [];
  for (const [start, end] of o.liveLabels) for (let l = Math.max(start, from); l < end; l++) labels.push(l);
  labels.sort((a, b) => a - b);
  labels.forEach((label, i) => {
    graph.addPoint(Array.from(blocks.row(label)), label);
    if (i % 2048 === 0) onProgress(i, labels.length);
  });
  const target = path.join(storeDir, file);
  const tmp = `${target}.tmp`;
  graph.writeIndexSync(tmp);
  const fd = fs.openSync(tmp, 'r');
  fs.fsyncSync(fd);
  fs.closeSync(fd);
  const sha256 = fileSha256Sync(tmp);
  fs.renameSync(tmp, target);
  return sha256;
}

/** Deletes graph files other than the current and the previous one (a reader may still be loading it). */
function removeOldGraphs(storeDir: string, current: string | null, previous: string | null): void {
  for (const name of fs.readdirSync(storeDir)) {
    if (/^hnsw-\d+\.bin(\.tmp)?$/.test(name) && name !== current && name !== previous) fs.rmSync(path.join(storeDir, name), { force: true });
  }
}

/** `report` under another id: its chunks' ids follow (`<id>#p<n>`). */
function withReportId(report: Report, id: string): Report {
  const old = report.id;
  return {
    ...report,
    id,
    warnings: [...report.warnings],
    chunks: report.chunks.map((c) => ({ ...c, reportId: id, id: c.id.startsWith(`${old}#`) ? `${id}${c.id.slice(old.length)}` : c.id })),
  };
}

/** An id for a second file of the same base name: `dup-md`, then `dup-md-2`, … */
function distinctId(id: string, source: string, taken: Map<string, string>): string {
  const ext = path.extname(source).slice(1).toLowerCase() || 'file';
  let candidate = `${id}-${ext}`;
  for (let n = 2; taken.has(candidate); n++) candidate = `${id}-${ext}-${n}`;
  return candidate;
}

/**
 * Place names the report's text mentions, as written and in their usual short forms (`翁牛特旗`, `翁牛特`),
 * so a question about a place no report is about can find the reports that speak of it.
 */
function mentionsOf(report: Report): string[] {
  const names = new Set<string>();
  const g = getGazetteer();
  for (const p of report.paragraphs) {
    for (const m of findPlaceNames(p.norm)) {
      names.add(m.name);
      for (const place of g.byName(m.name)) for (const alias of placeAliases(place)) names.add(alias);
    }
  }
  return [...names];
}

/** Years the text names (`2019年`, `二〇一九年`): a report of unknown year answers only for a year it states. */
export function statedYears(text: string): number[] {
  const years = new Set<number>();
  for (const m of text.matchAll(/((?:19|20)\d\d|[一二〇○零][〇○零一二三四五六七八九]{3})年/g)) {
    const digits = m[1]!.replace(/[〇○零一二三四五六七八九]/g, (c) => String('〇一二三四五六七八九'.indexOf(c === '○' || c === '零' ? '〇' : c)));
    const y = Number(digits);
    if (y >= 1949 && y <= 2100) years.add(y);
  }
  return [...years].sort();
}
