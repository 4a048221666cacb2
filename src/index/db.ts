/**
 * The embedded database of one index store (SQLite through better-sqlite3, WAL mode): reports, their
 * corpus files, lexical statistics and place mentions. Reports are rows, never one corpus-wide JSON
 * string, so the store grows to 100,000 reports without meeting V8's string limit, and adding one
 * report writes one row.
 *
 * Rows are versioned so a reader on an older generation keeps seeing what it started with: a report row
 * carries the generation that added it and the one that removed it (a changed file is a new row plus a
 * removed old one). A generation is published by the commit that bumps `meta.generation`; rows removed
 * two generations ago are purged by the next build.
 *
 * Tables:
 *   meta(key, value)             formatVersion, generation, embedder, vector/HNSW state, lexical totals
 *   sources(source, fingerprint, checksum, report_id, skipped)
 *                                one row per corpus file: size + mtime (+ its sidecar's) and the sha256
 *                                of the bytes, so start-up checks freshness without reading unchanged files
 *   reports(rid, id, …, summary)  one small row per report version: start-up reads them all
 *   docs(rid, doc, terms)        `doc` is the deflated Report JSON, `terms` each chunk's search tokens;
 *                                apart from `reports` so that scanning summaries never pages through texts
 *   terms(term, df)              in how many live chunks each search token occurs (BM25's document frequency)
 *   mentions(place, rid)         place names a report's text mentions (for places no report is about)
 *
 * Integrity: every `reports` and `docs` row carries a seal, the sha256 of its content columns and its
 * rid (`sealReport`, `sealDoc`), checked whenever the row is read: a row edited, swapped or damaged on
 * disk is an INDEX_CORRUPT error naming it, never a changed answer or a citation of the wrong paragraph.
 * The checksums of the vector blocks and of the graph file are meta values of the same commit.
 */
import { createHash } from 'node:crypto';
import { deflateRawSync, inflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { NianbaoError } from '../errors.js';
import type { Report, ReportSummary } from '../types.js';
import type { StoredMeasure } from '../stats/stored.js';

export type Db = Database.Database;

/** Bump when a table's shape or a stored value's meaning changes: older stores are then rebuilt, not misread. */
export const STORE_FORMAT = 4;
export const DB_FILE = 'nianbao.db';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS sources (
  source TEXT PRIMARY KEY,
  fingerprint TEXT NOT NULL,
  checksum TEXT,
  report_id TEXT,
  skipped TEXT
) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS reports (
  rid INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL,
  source TEXT NOT NULL,
  checksum TEXT NOT NULL,
  added_gen INTEGER NOT NULL,
  removed_gen INTEGER,
  first_label INTEGER NOT NULL,
  chunk_count INTEGER NOT NULL,
  summary TEXT NOT NULL,
  seal TEXT NOT NULL DEFAULT ''
);
CREATE TABLE IF NOT EXISTS docs (rid INTEGER PRIMARY KEY, doc BLOB NOT NULL, terms BLOB NOT NULL, seal TEXT NOT NULL DEFAULT '');
CREATE INDEX IF NOT EXISTS reports_added ON reports(added_gen);
CREATE INDEX IF NOT EXISTS reports_removed ON reports(removed_gen);
CREATE INDEX IF NOT EXISTS reports_id ON reports(id);
CREATE TABLE IF NOT EXISTS terms (term TEXT PRIMARY KEY, df INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS mentions (place TEXT NOT NULL, rid INTEGER NOT NULL);
CREATE INDEX IF NOT EXISTS mentions_place ON mentions(place);
CREATE INDEX IF NOT EXISTS mentions_rid ON mentions(rid);
`;

/** Opens (creating when asked) the database of a store; readers open it read-only. */
export function openDb(file: string, options: { create?: boolean; readonly?: boolean } = {}): Db {
  const db = new Database(file, { readonly: options.readonly ?? false, fileMustExist: !options.create });
  if (!options.readonly) {
    db.pragma('journal_mode = WAL');
    // A commit is durable once the WAL is synced; the checkpoint into the main file can come later.
    db.pragma('synchronous = NORMAL');
    db.exec(SCHEMA);
  }
  db.pragma('busy_timeout = 5000');
  db.pragma('cache_size = -65536');
  return db;
}

export function readMeta(db: Db): Map<string, string> {
  const rows = db.prepare('SELECT key, value FROM meta').all() as { key: string; value: string }[];
  return new Map(rows.map((r) => [r.key, r.value]));
}

export function writeMeta(db: Db, values: Record<string, string | number>): void {
  const put = db.prepare('INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value');
  for (const [key, value] of Object.entries(values)) put.run(key, String(value));
}

/** What the store keeps about a report beyond its summary: the years its text states (routing of undated reports). */
export interface StoredSummary extends ReportSummary {
  statedYears: number[];
  /** Where each metadata value came from (`title`, `header`, …), as the API lists reports. */
  metaSources: { region: string; body: string; year: string; title: string };
  paragraphs: number;
  chunks: number;
  /** The standard measures the report states (src/stats/stored.ts): statistics read these, not the text. */
  measures?: StoredMeasure[];
}

export interface ReportRow {
  rid: number;
  id: string;
  source: string;
  checksum: string;
  added_gen: number;
  removed_gen: number | null;
  first_label: number;
  chunk_count: number;
  summary: string;
  seal: string;
}

/** The seal of a `reports` row: what it says about a report, bound to its rid (removed_gen is not sealed: it is set later). */
export function sealReport(row: Omit<ReportRow, 'seal' | 'removed_gen'>): string {
  return createHash('sha256')
    .update(JSON.stringify([row.rid, row.id, row.source, row.checksum, row.added_gen, row.first_label, row.chunk_count]))
    .update('\n')
    .update(row.summary)
    .digest('hex');
}

/** The seal of a `docs` row: its two blobs, bound to its rid. */
export function sealDoc(rid: number, doc: Buffer, terms: Buffer): string {
  return createHash('sha256').update(`${rid}\n${doc.length}\n`).update(doc).update(terms).digest('hex');
}

/** Throws INDEX_CORRUPT naming the row when a `docs` row does not match its seal. */
export function checkDoc(file: string, row: { rid: number; doc: Buffer; terms: Buffer; seal: string }, what = `report row ${row.rid}`): void {
  if (sealDoc(row.rid, row.doc, row.terms) !== row.seal) {
    throw new NianbaoError('INDEX_CORRUPT', `${file}: the stored text of ${what} fails its checksum; run \`npm run index\` to repair the index`);
  }
}

/** Throws INDEX_CORRUPT naming the row when a `reports` row does not match its seal. */
export function checkReportRow(file: string, row: ReportRow): void {
  if (sealReport(row) !== row.seal) {
    throw new NianbaoError('INDEX_CORRUPT', `${file}: the row of report ${row.id} (${row.source}) fails its checksum; run \`npm run index\` to repair the index`);
  }
}

/** sha256 of bytes, hex. */
export function sha256(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

/** Report JSON, deflated: about a fifth of the bytes, and inflating one report takes well under a millisecond. */
export function packReport(report: Report): Buffer {
  return deflateRawSync(Buffer.from(JSON.stringify(report)), { level: 1 });
}

export function unpackReport(blob: Buffer): Report {
  return JSON.parse(inflateRawSync(blob).toString('utf8')) as Report;
}

/** Each chunk's search tokens, one line per chunk, tokens separated by spaces (tokens never contain spaces). */
export function packTerms(terms: string[][]): Buffer {
  return deflateRawSync(Buffer.from(terms.map((t) => t.join(' ')).join('\n')), { level: 1 });
}

export function unpackTerms(blob: Buffer, chunks: number): string[][] {
  const lines = inflateRawSync(blob).toString('utf8').split('\n');
  return Array.from({ length: chunks }, (_, i) => (lines[i] ? lines[i]!.split(' ') : []));
}
