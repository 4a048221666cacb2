/**
 * A loaded index: one generation of a store, read-only, implementing the ports (`ports.ts`). Start-up
 * reads only what every query needs — the report summaries, the label → report map, the vectors and the
 * HNSW graph — and loads a report's text, chunks and tokens from the database when a question reaches it
 * (kept in an LRU cache shared by the generations of a store).
 *
 * Query cost follows the answer, not the corpus: retrieval decides the candidate reports first, then
 * - vectors: exact cosine over the candidates' rows when they are few (`EXACT_MAX_VECTORS`), else the
 *   HNSW graph (built over the older rows) plus an exact scan of the rows added since, post-filtered;
 * - lexical: BM25 scored only over the candidates' chunks (`LEXICAL_MAX_REPORTS`), or, for a scope too
 *   large to score, over the chunks the vector search proposed. Chunks that share only a common word
 *   with the question are never all scored.
 *
 * `refresh()` returns the next generation when a build has published one, sharing everything that did
 * not change; a snapshot never changes under a request that holds it.
 */
import fs from 'node:fs';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import { NianbaoError } from '../errors.js';
import { searchTokens } from '../text/index.js';
import type { Chunk, Report } from '../types.js';
import { fileSha256 } from './checksum.js';
import { DB_FILE, STORE_FORMAT, checkDoc, checkReportRow, openDb, readMeta, unpackReport, unpackTerms, type Db, type ReportRow, type StoredSummary } from './db.js';
import type { ChunkStore, LexicalStore, ScoredId, StoreFilter, VectorStore } from './ports.js';
import type { GraphMeta } from './update.js';
import { VECTORS_FILE, VectorBlocks, unitVector } from './vector-file.js';

/** Candidate rows up to which a vector search is an exact scan (about 8 ms at dimension 128). */
export const EXACT_MAX_VECTORS = 65_536;
/** Candidate reports up to which lexical search scores every chunk of the scope. */
export const LEXICAL_MAX_REPORTS = 400;
/** Reports whose text and tokens stay in memory between questions. */
const DOC_CACHE_REPORTS = 2_048;
/** BM25+ parameters, as MiniSearch (which served before) uses them. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

type Graph = InstanceType<typeof hnswlib.HierarchicalNSW>;

export interface SnapshotOptions {
  /** HNSW search beam (hnswlib does not persist it). */
  efSearch?: number;
  /** Overrides of EXACT_MAX_VECTORS / LEXICAL_MAX_REPORTS (tests exercise the large-corpus paths with them). */
  exactMaxVectors?: number;
  lexicalMaxReports?: number;
}

export interface StoreInfo {
  /** `<store directory>#<generation>`: changes with every published build. */
  generation: string;
  builtAt: string;
  embedder: { id: string; dimension: number; info: Record<string, unknown> };
  vectors: { hnsw: GraphMeta | null; rows: number; blocks: string[] };
  counts: { reports: number; chunks: number };
}

interface Entry {
  rid: number;
  summary: StoredSummary;
  firstLabel: number;
  chunkCount: number;
}

interface Doc {
  report: Report;
  /** Per chunk: token → frequency, and its number of distinct tokens (BM25's field length, as in MiniSearch). */
  tf: Map<string, number>[];
  lengths: number[];
  byId: Map<string, number>;
}

/**
 * An HNSW graph file being loaded. Loading runs in the background (hnswlib reads on its own thread):
 * until it is ready, or if the file turns out damaged, searches scan the vectors exactly instead, which
 * is slower but never wrong, so start-up does not wait for a graph of hundreds of megabytes.
 */
interface GraphEntry {
  file: string;
  graph: Graph | null;
  error: string | null;
  ready: Promise<void>;
}

/**
 * What the generations of one opened store share: the database, the doc cache, the loaded graph, and
 * the first damage found while serving (`fault`), which `/health` reports until a repaired index is
 * loaded.
 */
class StoreHandle {
  readonly db: Db;
  readonly dbFile: string;
  readonly docs = new Map<number, Doc>();
  graph: GraphEntry | null = null;
  fault: NianbaoError | null = null;
  private readonly docStmt;

  constructor(readonly storeDir: string) {
    this.dbFile = path.join(storeDir, DB_FILE);
    this.db = openDb(this.dbFile, { readonly: true });
    this.docStmt = this.db.prepare('SELECT d.rid, d.doc, d.terms, d.seal, r.id, r.chunk_count FROM docs d JOIN reports r ON r.rid = d.rid WHERE d.rid = ?');
  }

  /**
   * Runs a read of the store; damage it meets (a row failing its seal, a vector block failing its
   * checksum, a page SQLite finds malformed) becomes INDEX_CORRUPT naming the file, and is remembered.
   */
  guard<T>(read: () => T): T {
    try {
      return read();
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** `guard` for reads that return a promise. */
  async guardAsync<T>(read: () => Promise<T>): Promise<T> {
    try {
      return await read();
    } catch (e) {
      throw this.fail(e);
    }
  }

  /** Damage → INDEX_CORRUPT (remembered); a program error (TypeError, RangeError) stays what it is. */
  fail(e: unknown): unknown {
    if (e instanceof TypeError || e instanceof RangeError) return e;
    const error = corrupt(this.dbFile, e);
    if (error.code === 'INDEX_CORRUPT') this.fault ??= error;
    return error;
  }

  doc(rid: number): Doc | null {
    const cached = this.docs.get(rid);
    if (cached) {
      this.docs.delete(rid);
      this.docs.set(rid, cached);
      return cached;
    }
    const doc = this.guard(() => this.readDoc(rid));
    if (!doc) return null;
    this.docs.set(rid, doc);
    if (this.docs.size > DOC_CACHE_REPORTS) this.docs.delete(this.docs.keys().next().value!);
    return doc;
  }

  private readDoc(rid: number): Doc | null {
    const row = this.docStmt.get(rid) as { rid: number; doc: Buffer; terms: Buffer; seal: string; id: string; chunk_count: number } | undefined;
    if (!row) return null;
    checkDoc(this.dbFile, row, `report ${row.id}`);
    const report = unpackReport(row.doc);
    if (report.chunks.length !== row.chunk_count) throw new Error(`report ${row.id} holds ${report.chunks.length} chunks, its row says ${row.chunk_count}`);
    const tf = unpackTerms(row.terms, row.chunk_count).map((tokens) => {
      const m = new Map<string, number>();
      for (const t of tokens) m.set(t, (m.get(t) ?? 0) + 1);
      return m;
    });
    return { report, tf, lengths: tf.map((m) => m.size), byId: new Map(report.chunks.map((c, i) => [c.id, i])) };
  }
}

export class IndexSnapshot implements ChunkStore {
  readonly summaries: StoredSummary[];
  readonly summariesById: Map<string, StoredSummary>;
  readonly lexical: LexicalStore;
  readonly vectors: VectorStore;
  private readonly entries: Map<string, Entry>;
  private readonly byRid: Map<number, Entry>;
  /** Label → rid of a live report, −1 for rows of removed reports. */
  private readonly labelRid: Int32Array;
  private readonly liveChunks: number;
  private readonly avgLength: number;
  private readonly df = new Map<string, number>();
  private readonly dfStmt;
  private readonly mentionStmt;
  private readonly generationStmt;
  private readonly exactMax: number;
  private readonly lexicalMax: number;

  private constructor(
    private readonly handle: StoreHandle,
    readonly dir: string,
    readonly info: StoreInfo,
    readonly generationNumber: number,
    entries: Entry[],
    private readonly blocks: VectorBlocks,
    private readonly graphEntry: GraphEntry | null,
    private readonly watermark: number,
    lexicalTotals: { chunks: number; lengthTotal: number },
    private readonly options: SnapshotOptions,
  ) {
    this.exactMax = options.exactMaxVectors ?? EXACT_MAX_VECTORS;
    this.lexicalMax = options.lexicalMaxReports ?? LEXICAL_MAX_REPORTS;
    entries.sort((a, b) => a.rid - b.rid);
    this.entries = new Map(entries.map((e) => [e.summary.id, e]));
    this.byRid = new Map(entries.map((e) => [e.rid, e]));
    this.summaries = entries.map((e) => e.summary).sort((a, b) => (a.source < b.source ? -1 : a.source > b.source ? 1 : 0));
    this.summariesById = new Map(this.summaries.map((s) => [s.id, s]));
    this.labelRid = new Int32Array(blocks.count).fill(-1);
    for (const e of entries) this.labelRid.fill(e.rid, e.firstLabel, e.firstLabel + e.chunkCount);
    this.liveChunks = lexicalTotals.chunks;
    this.avgLength = lexicalTotals.chunks ? lexicalTotals.lengthTotal / lexicalTotals.chunks : 0;
    this.dfStmt = handle.db.prepare('SELECT df FROM terms WHERE term = ?').pluck();
    this.mentionStmt = handle.db.prepare('SELECT DISTINCT rid FROM mentions WHERE place = ?').pluck();
    this.generationStmt = handle.db.prepare("SELECT value FROM meta WHERE key = 'generation'").pluck();
    const guard = <T>(read: () => Promise<T>): Promise<T> => this.handle.guardAsync(read);
    this.lexical = { search: (t, k, f) => guard(() => this.lexicalSearch(t, k, f)), reportsMentioning: (p, l) => guard(() => this.reportsMentioning(p, l)) };
    const size = entries.reduce((n, e) => n + e.chunkCount, 0);
    this.vectors = { dimension: blocks.dimension, size, search: (v, k, f) => guard(() => this.vectorSearch(v, k, f)) };
  }

  /**
   * Opens the store in `storeDir` (a directory of `dir`) at its latest generation. Throws INDEX_CORRUPT
   * naming the file that cannot be read, INDEX_INCOMPATIBLE for a store of another format.
   */
  static async open(dir: string, storeDir: string, options: SnapshotOptions = {}): Promise<IndexSnapshot> {
    let handle: StoreHandle;
    try {
      handle = new StoreHandle(storeDir);
    } catch (e) {
      throw corrupt(path.join(storeDir, DB_FILE), e);
    }
    return IndexSnapshot.load(handle, dir, null, options);
  }

  /** The latest published generation: this snapshot when nothing changed, else a new one sharing what did not. */
  async refresh(): Promise<IndexSnapshot> {
    const generation = Number(this.handle.guard(() => this.generationStmt.get()));
    if (generation === this.generationNumber) return this;
    return IndexSnapshot.load(this.handle, this.dir, this, this.options);
  }

  /** Closes the database; the snapshot (and every other generation of its store) is unusable afterwards. */
  close(): void {
    this.handle.db.close();
  }

  get storeDir(): string {
    return this.handle.storeDir;
  }

  /** The first damage found in this store while serving (INDEX_CORRUPT naming the file), or null. */
  get fault(): NianbaoError | null {
    return this.handle.fault;
  }

  private static async load(handle: StoreHandle, dir: string, previous: IndexSnapshot | null, options: SnapshotOptions): Promise<IndexSnapshot> {
    const dbFile = path.join(handle.storeDir, DB_FILE);
    const { db } = handle;
    let read: { meta: Map<string, string>; rows: ReportRow[]; removed: number[] };
    try {
      // One read transaction: the meta and the rows of the same committed generation.
      read = db.transaction(() => {
        const meta = readMeta(db);
        const generation = Number(meta.get('generation'));
        const columns = 'rid, id, source, checksum, added_gen, removed_gen, first_label, chunk_count, summary, seal';
        if (!previous) {
          const rows = db.prepare(`SELECT ${columns} FROM reports WHERE added_gen <= ? AND (removed_gen IS NULL OR removed_gen > ?)`).all(generation, generation) as ReportRow[];
          return { meta, rows, removed: [] };
        }
        const since = previous.generationNumber;
        const rows = db.prepare(`SELECT ${columns} FROM reports WHERE added_gen > ? AND added_gen <= ? AND (removed_gen IS NULL OR removed_gen > ?)`).all(since, generation, generation) as ReportRow[];
        const removed = db.prepare('SELECT rid FROM reports WHERE removed_gen > ? AND removed_gen <= ?').pluck().all(since, generation) as number[];
        return { meta, rows, removed };
      })();
    } catch (e) {
      throw corrupt(dbFile, e);
    }
    const { meta } = read;
    const format = Number(meta.get('formatVersion'));
    if (format !== STORE_FORMAT) {
      throw new NianbaoError('INDEX_INCOMPATIBLE', `${dbFile}: store format ${meta.get('formatVersion') ?? '(none)'}, this program reads ${STORE_FORMAT}; run \`npm run index\` to rebuild it`);
    }
    const info = parseInfo(meta, handle.storeDir, dbFile);
    const generationNumber = Number(meta.get('generation'));
    let entries: Entry[];
    try {
      const fresh = read.rows.map(toEntry);
      if (!previous) entries = fresh;
      else {
        const gone = new Set(read.removed);
        entries = [...previous.byRid.values()].filter((e) => !gone.has(e.rid)).concat(fresh);
      }
    } catch (e) {
      throw corrupt(dbFile, e);
    }
    const dimension = info.embedder.dimension;
    const vectorsFile = path.join(handle.storeDir, VECTORS_FILE);
    let blocks: VectorBlocks;
    try {
      blocks = info.vectors.rows === 0 ? VectorBlocks.empty(dimension) : VectorBlocks.read(vectorsFile, dimension, info.vectors.rows, { previous: previous?.blocks, checksums: info.vectors.blocks });
    } catch (e) {
      throw corrupt(vectorsFile, e);
    }
    const hnsw = info.vectors.hnsw;
    let graphEntry: GraphEntry | null = null;
    if (hnsw) {
      if (handle.graph?.file === hnsw.file) graphEntry = handle.graph;
      else {
        const file = path.join(handle.storeDir, hnsw.file);
        if (!fs.existsSync(file)) throw corrupt(file, new Error('file is missing'));
        graphEntry = handle.graph = loadGraph(hnsw.file, file, dimension, hnsw, options.efSearch ?? 64);
      }
    }
    const totals = { chunks: Number(meta.get('liveChunks') ?? 0), lengthTotal: Number(meta.get('lengthTotal') ?? 0) };
    return new IndexSnapshot(handle, dir, info, generationNumber, entries, blocks, graphEntry, hnsw?.watermark ?? 0, totals, options);

    function toEntry(row: ReportRow): Entry {
      checkReportRow(dbFile, row);
      const entry = { rid: row.rid, summary: JSON.parse(row.summary) as StoredSummary, firstLabel: row.first_label, chunkCount: row.chunk_count };
      if (entry.firstLabel < 0 || entry.firstLabel + entry.chunkCount > info.vectors.rows) throw new Error(`report ${row.id} claims vector rows ${entry.firstLabel}–${entry.firstLabel + entry.chunkCount - 1} of ${info.vectors.rows}`);
      return entry;
    }
  }

  /**
   * Resolves once the HNSW graph is loaded (or failed to load: searches then stay exact) and every
   * vector block is in memory. Servers serve before this; benchmarks and tests may wait for it.
   */
  async ready(): Promise<void> {
    // A damaged block is remembered as the store's fault (reported by /health); readiness still resolves.
    await Promise.all([this.graphEntry?.ready, this.blocks.warm().catch((e: unknown) => void this.handle.fail(e))]);
  }

  /** `none` (small index: exact search), `loading`, `ready`, or why the graph could not be loaded. */
  get graphState(): string {
    const g = this.graphEntry;
    return !g ? 'none' : g.graph ? 'ready' : g.error ? `failed: ${g.error}` : 'loading';
  }

  // ── ChunkStore ────────────────────────────────────────────────────────────

  async report(id: string): Promise<Report | null> {
    const entry = this.entries.get(id);
    return entry ? (this.handle.doc(entry.rid)?.report ?? null) : null;
  }

  async chunks(ids: readonly string[]): Promise<Chunk[]> {
    return ids.flatMap((id) => {
      const chunk = this.chunkSync(id);
      return chunk ? [chunk] : [];
    });
  }

  async sectionChunks(reportId: string, headingPath: readonly string[]): Promise<Chunk[]> {
    const report = await this.report(reportId);
    return (report?.chunks ?? []).filter((c) => c.headingPath.length === headingPath.length && c.headingPath.every((h, i) => h === headingPath[i]));
  }

  /** A chunk by id from a loaded (cached) report; ids are `<reportId>#p<n>`. */
  chunkSync(id: string): Chunk | null {
    const entry = this.entries.get(reportIdOf(id));
    const doc = entry && this.handle.doc(entry.rid);
    const i = doc?.byId.get(id);
    return i === undefined ? null : doc!.report.chunks[i]!;
  }

  // ── Vectors ───────────────────────────────────────────────────────────────

  private async vectorSearch(vector: ArrayLike<number>, k: number, filter: StoreFilter = {}): Promise<ScoredId[]> {
    k = Math.floor(k);
    if (k < 1 || vector.length !== this.blocks.dimension) {
      if (vector.length !== this.blocks.dimension) throw new RangeError(`query vector has dimension ${vector.length}, the index holds ${this.blocks.dimension}`);
      return [];
    }
    const q = unitVector(vector);
    const scope = this.scopeEntries(filter.reportIds);
    const accept = this.textFilter(filter.textIncludes);
    const top = new TopK(k);
    const scan = (from: number, to: number) => {
      for (let label = from; label < to; label++) if (this.labelRid[label]! >= 0 && accept(label)) top.offer(label, this.blocks.dot(q, label));
    };
    const rows = scope ? scope.reduce((n, e) => n + e.chunkCount, 0) : this.vectors.size;
    const graph = this.graphEntry?.graph ?? null;
    if (scope && (rows <= this.exactMax || !graph)) {
      for (const e of scope) scan(e.firstLabel, e.firstLabel + e.chunkCount);
    } else {
      const inScope = scope ? new Set(scope.map((e) => e.rid)) : null;
      if (graph && graph.getCurrentCount() > 0) {
        // Over-fetch: rows of removed reports and of reports outside the scope are dropped afterwards.
        const want = Math.min(graph.getCurrentCount(), Math.max(k * 4, 256));
        const { neighbors, distances } = graph.searchKnn(Array.from(q), want);
        neighbors.forEach((label, i) => {
          const rid = this.labelRid[label] ?? -1;
          if (rid >= 0 && (!inScope || inScope.has(rid)) && accept(label)) top.offer(label, 1 - distances[i]!);
        });
      }
      const from = graph ? this.watermark : 0;
      for (let label = from; label < this.blocks.count; label++) {
        const rid = this.labelRid[label]!;
        if (rid >= 0 && (!inScope || inScope.has(rid)) && accept(label)) top.offer(label, this.blocks.dot(q, label));
      }
    }
    return top.sorted().map(({ label, score }) => ({ id: this.chunkIdOf(label), score }));
  }

  /** The live entries of these report ids, or null for "all reports". */
  private scopeEntries(reportIds: readonly string[] | null | undefined): Entry[] | null {
    if (!reportIds) return this.byRid.size <= this.lexicalMax || this.vectors.size <= this.exactMax ? [...this.byRid.values()] : null;
    return [...new Set(reportIds)].flatMap((id) => {
      const e = this.entries.get(id);
      return e ? [e] : [];
    });
  }

  private textFilter(text: string | null | undefined): (label: number) => boolean {
    if (!text) return () => true;
    return (label) => {
      const e = this.byRid.get(this.labelRid[label]!);
      const doc = e && this.handle.doc(e.rid);
      return !!doc && doc.report.chunks[label - e.firstLabel]!.norm.includes(text);
    };
  }

  private chunkIdOf(label: number): string {
    const e = this.byRid.get(this.labelRid[label]!)!;
    const doc = this.handle.doc(e.rid);
    if (!doc) throw new NianbaoError('INDEX_CORRUPT', `${path.join(this.storeDir, DB_FILE)}: report ${e.summary.id} has no stored text`);
    return doc.report.chunks[label - e.firstLabel]!.id;
  }

  // ── Lexical ───────────────────────────────────────────────────────────────

  private async lexicalSearch(terms: readonly string[], k: number, filter: StoreFilter = {}): Promise<ScoredId[]> {
    const tokens = [...new Set(terms.flatMap((t) => searchTokens(t)))];
    if (tokens.length === 0 || k < 1 || this.liveChunks === 0) return [];
    const idf = new Map(tokens.map((t) => [t, this.idf(t)] as const));
    const scored: { id: string; score: number; order: number }[] = [];
    const text = filter.textIncludes;
    const scoreChunk = (doc: Doc, i: number) => {
      const tf = doc.tf[i]!;
      let score = 0;
      let matched = 0;
      for (const t of tokens) {
        const f = tf.get(t);
        if (!f) continue;
        matched++;
        score += idf.get(t)! * (BM25.d + (f * (BM25.k + 1)) / (f + BM25.k * (1 - BM25.b + (BM25.b * doc.lengths[i]!) / this.avgLength)));
      }
      if (matched === 0) return;
      const chunk = doc.report.chunks[i]!;
      if (text && !chunk.norm.includes(text)) return;
      // MiniSearch's "quality": a chunk matching more distinct query terms ranks higher.
      scored.push({ id: chunk.id, score: score * matched, order: scored.length });
    };
    const scope = this.scopeEntries(filter.reportIds);
    if (scope && scope.length <= this.lexicalMax) {
      for (const e of scope) {
        const doc = this.handle.doc(e.rid);
        if (doc) for (let i = 0; i < doc.tf.length; i++) scoreChunk(doc, i);
      }
    } else if (filter.candidates) {
      const allowed = scope ? new Set(scope.map((e) => e.summary.id)) : null;
      for (const id of new Set(filter.candidates)) {
        const reportId = reportIdOf(id);
        const e = this.entries.get(reportId);
        if (!e || (allowed && !allowed.has(reportId))) continue;
        const doc = this.handle.doc(e.rid);
        const i = doc?.byId.get(id);
        if (doc && i !== undefined) scoreChunk(doc, i);
      }
    }
    scored.sort((a, b) => b.score - a.score || a.order - b.order);
    return scored.slice(0, Math.floor(k)).map(({ id, score }) => ({ id, score }));
  }

  /** BM25's inverse document frequency over the whole index's live chunks. */
  private idf(token: string): number {
    let df = this.df.get(token);
    if (df === undefined) {
      df = Number(this.dfStmt.get(token) ?? 0);
      this.df.set(token, df);
    }
    return Math.log(1 + (this.liveChunks - df + 0.5) / (df + 0.5));
  }

  private async reportsMentioning(place: string, limit: number): Promise<string[]> {
    const rids = this.mentionStmt.all(place) as number[];
    return rids.flatMap((rid) => {
      const e = this.byRid.get(rid);
      return e ? [e.summary.id] : [];
    }).slice(0, limit);
  }
}

/**
 * Starts loading a graph file in the background; see GraphEntry. The file reaches hnswlib only when its
 * bytes match the checksum the store recorded: hnswlib trusts what it reads, and a damaged file could
 * crash the process instead of failing.
 */
function loadGraph(name: string, file: string, dimension: number, meta: { watermark: number; sha256?: string }, efSearch: number): GraphEntry {
  const entry: GraphEntry = { file: name, graph: null, error: null, ready: Promise.resolve() };
  const { watermark } = meta;
  entry.ready = (async () => {
    try {
      const actual = await fileSha256(file);
      if (actual !== meta.sha256) throw new Error('the file fails its checksum');
      const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
      await graph.readIndex(file);
      if (graph.getCurrentCount() > watermark) throw new Error(`holds ${graph.getCurrentCount()} vectors, the store says at most ${watermark}`);
      graph.setEf(efSearch);
      entry.graph = graph;
    } catch (e) {
      entry.error = `${file}: ${e instanceof Error ? e.message : String(e)}; searches scan the vectors exactly until \`npm run index\` rebuilds it`;
    }
  })();
  return entry;
}

/** `<reportId>#p<n>` → `<reportId>`. */
export function reportIdOf(chunkId: string): string {
  const at = chunkId.lastIndexOf('#');
  return at < 0 ? chunkId : chunkId.slice(0, at);
}

/** The k best (label, score) pairs, ties by lower label. */
class TopK {
  private readonly items: { label: number; score: number }[] = [];
  constructor(private readonly k: number) {}

  offer(label: number, score: number): void {
    const items = this.items;
    if (items.length === this.k) {
      const last = items[items.length - 1]!;
      if (score < last.score || (score === last.score && label > last.label)) return;
    }
    let at = items.length;
    while (at > 0 && (items[at - 1]!.score < score || (items[at - 1]!.score === score && items[at - 1]!.label > label))) at--;
    items.splice(at, 0, { label, score });
    if (items.length > this.k) items.pop();
  }

  sorted(): { label: number; score: number }[] {
    return this.items;
  }
}

function parseInfo(meta: Map<string, string>, storeDir: string, dbFile: string): StoreInfo {
  try {
    const embedder = JSON.parse(meta.get('embedder') ?? 'null') as StoreInfo['embedder'] | null;
    if (!embedder || typeof embedder.id !== 'string' || !Number.isInteger(embedder.dimension)) throw new Error('meta.embedder is missing');
    const hnsw = JSON.parse(meta.get('hnsw') ?? 'null') as StoreInfo['vectors']['hnsw'];
    const rows = Number(meta.get('vectorRows') ?? 0);
    if (!Number.isSafeInteger(rows) || rows < 0) throw new Error(`meta.vectorRows is ${meta.get('vectorRows')}`);
    const blocks = JSON.parse(meta.get('vectorBlocks') ?? '[]') as string[];
    if (!Array.isArray(blocks) || blocks.some((b) => typeof b !== 'string')) throw new Error('meta.vectorBlocks is not a list of checksums');
    return {
      generation: `${path.basename(storeDir)}#${meta.get('generation')}`,
      builtAt: meta.get('builtAt') ?? '',
      embedder,
      vectors: { hnsw, rows, blocks },
      counts: { reports: Number(meta.get('liveReports') ?? 0), chunks: Number(meta.get('liveChunks') ?? 0) },
    };
  } catch (e) {
    throw corrupt(dbFile, e);
  }
}

function corrupt(file: string, e: unknown): NianbaoError {
  if (e instanceof NianbaoError) return e;
  return new NianbaoError('INDEX_CORRUPT', `${file}: ${e instanceof Error ? e.message : String(e)}; run \`npm run index\` to repair the index`, { cause: e });
}
