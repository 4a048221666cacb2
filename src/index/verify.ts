/**
 * Checking a whole store against its checksums (`npm run index` does this before deciding what to
 * build): the model files against the manifest, the database page by page (SQLite's quick_check), every
 * report and text row against its seal, every vector block and the graph file against the checksums
 * their commit recorded. What it finds is repaired by the build that follows: a damaged graph alone is
 * rebuilt from the vectors in place; anything else means a new store built from the corpus files.
 *
 * A server does not run this at start-up (it reads 1–2 GB at 100,000 reports); it checks each part
 * when it first reads it, and reports what fails (snapshot.ts).
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileSha256Sync } from './checksum.js';
import { DB_FILE, STORE_FORMAT, openDb, readMeta, sealDoc, sealReport, type ReportRow } from './db.js';
import { modelChecksums } from './manifest.js';
import type { GraphMeta } from './update.js';
import { VECTORS_FILE, VECTOR_BLOCK_ROWS, blockChecksums } from './vector-file.js';

export interface Damage {
  /** The damaged file, relative to the index directory. */
  file: string;
  detail: string;
  /** `graph`: only the HNSW graph (rebuilt in place); `store`: anything else (a new store). */
  part: 'graph' | 'store';
}

/** Every damage found in the store `store` of index directory `dir` (empty when it verifies). */
export function verifyStore(dir: string, store: string, expectedModel: Record<string, string>): Damage[] {
  const storeDir = path.join(dir, store);
  const rel = (file: string) => path.relative(dir, file).split(path.sep).join('/');
  const damage: Damage[] = [];
  const found = (file: string, detail: string, part: Damage['part'] = 'store') => damage.push({ file: rel(file), detail, part });

  const actualModel = modelChecksums(storeDir);
  for (const [name, sha] of Object.entries(expectedModel)) {
    const file = path.join(storeDir, name);
    if (actualModel[name] === undefined) found(file, 'file is missing');
    else if (actualModel[name] !== sha) found(file, 'file fails its checksum');
  }

  const dbFile = path.join(storeDir, DB_FILE);
  let db;
  try {
    db = openDb(dbFile, { readonly: true });
  } catch (e) {
    found(dbFile, (e as Error).message);
    return damage;
  }
  try {
    const check = db.pragma('quick_check', { simple: true }) as string;
    if (check !== 'ok') {
      found(dbFile, `SQLite quick_check: ${check}`);
      return damage;
    }
    const meta = readMeta(db);
    if (Number(meta.get('formatVersion')) !== STORE_FORMAT) return damage; // another format: rebuilt as incompatible, not damaged
    const embedder = JSON.parse(meta.get('embedder') ?? 'null') as { dimension: number } | null;
    const rows = Number(meta.get('vectorRows') ?? NaN);
    const blocks = JSON.parse(meta.get('vectorBlocks') ?? 'null') as string[] | null;
    const hnsw = JSON.parse(meta.get('hnsw') ?? 'null') as GraphMeta | null;
    if (!embedder || !Number.isSafeInteger(rows) || !Array.isArray(blocks)) {
      found(dbFile, 'the store meta is incomplete');
      return damage;
    }

    let badRows = 0;
    let firstBad = '';
    for (const row of db.prepare('SELECT rid, id, source, checksum, added_gen, removed_gen, first_label, chunk_count, summary, seal FROM reports').iterate() as IterableIterator<ReportRow>) {
      if (sealReport(row) !== row.seal || row.first_label < 0 || row.first_label + row.chunk_count > rows) {
        badRows++;
        firstBad ||= `report ${row.id} (${row.source})`;
      }
    }
    for (const row of db.prepare('SELECT d.rid, d.doc, d.terms, d.seal, r.id FROM docs d LEFT JOIN reports r ON r.rid = d.rid').iterate() as IterableIterator<{ rid: number; doc: Buffer; terms: Buffer; seal: string; id: string | null }>) {
      if (row.id === null || sealDoc(row.rid, row.doc, row.terms) !== row.seal) {
        badRows++;
        firstBad ||= `the text of report ${row.id ?? `row ${row.rid}`}`;
      }
    }
    if (badRows) found(dbFile, `${badRows} rows fail their checksum, first ${firstBad}`);

    const vectorsFile = path.join(storeDir, VECTORS_FILE);
    const dimension = embedder.dimension;
    const size = fs.statSync(vectorsFile, { throwIfNoEntry: false })?.size ?? -1;
    if (rows > 0 && size < rows * dimension * 4) found(vectorsFile, size < 0 ? 'file is missing' : `${size} bytes, ${rows} vectors need ${rows * dimension * 4}`);
    else if (rows > 0) {
      const actual = blockChecksums(vectorsFile, dimension, rows, [], 0);
      const bad = actual.flatMap((sha, b) => (sha === blocks[b] ? [] : [b]));
      if (bad.length || blocks.length !== actual.length) found(vectorsFile, `vector blocks ${bad.join(', ') || '(count)'} of ${actual.length} (${VECTOR_BLOCK_ROWS} rows each) fail their checksum`);
    }

    if (hnsw) {
      const graphFile = path.join(storeDir, hnsw.file);
      if (!fs.existsSync(graphFile)) found(graphFile, 'file is missing', 'graph');
      else if (fileSha256Sync(graphFile) !== hnsw.sha256) found(graphFile, 'file fails its checksum', 'graph');
    }
  } catch (e) {
    found(dbFile, (e as Error).message);
  } finally {
    db.close();
  }
  return damage;
}
