/**
 * The index directory and its manifest.
 *
 *   index/manifest.json        names the current store: `{"formatVersion":2,"store":"store-…","files":{…}}`
 *                              with the sha256 of the store's fixed files (its model); what changes with
 *                              each generation (vector blocks, graph, rows) is checksummed in the store's
 *                              database by the commit that publishes it
 *   index/store-<stamp>/        one store: nianbao.db (SQLite), vectors.f32, hnsw-<gen>.bin, model/
 *   index/.build.lock.db        locked by the one build running (an OS lock: released when it exits)
 *   index/.build.lock           that build's pid, for the message another build prints
 *
 * Day-to-day builds change the current store in place, one committed generation at a time (see
 * update.ts). A build that cannot (first build, another embedder, a rebuilt model, `--force`) writes a
 * new store beside it and switches manifest.json with one rename, the atomic step POSIX offers; a crash
 * before the rename leaves the old store serving and its half-built successor is deleted next time.
 */
import fs from 'node:fs';
import path from 'node:path';
import { fileSha256Sync } from './checksum.js';
import Database from 'better-sqlite3';
import { z } from 'zod';
import { NianbaoError } from '../errors.js';

/** Bump when the directory layout changes; older indexes are then rebuilt, not misread. */
export const FORMAT_VERSION = 2;
export const MANIFEST_FILE = 'manifest.json';
export const LOCK_FILE = '.build.lock';
export const LOCK_DB = '.build.lock.db';
/** Store directory names; checked on load so a manifest cannot point outside the index directory. */
export const STORE_PATTERN = /^store-[0-9A-Za-z-]+$/;

const manifestSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    store: z.string().regex(STORE_PATTERN),
    /** The store this one replaced: servers may still read it until their next reload, so it is kept. */
    previous: z.string().regex(STORE_PATTERN).nullable().default(null),
    createdAt: z.string(),
    /** sha256 of the store's fixed files, by path inside the store (`model/tokenizer.json`). */
    files: z.record(z.string(), z.string().regex(/^[0-9a-f]{64}$/)).default({}),
  })
  .strict();
export type IndexManifest = z.infer<typeof manifestSchema>;

const REBUILD = 'run `npm run index` to rebuild it';

/** Reads and checks manifest.json; throws INDEX_NOT_READY (none), INDEX_INCOMPATIBLE (other format) or INDEX_CORRUPT. */
export function readManifest(dir: string): IndexManifest {
  const file = path.join(dir, MANIFEST_FILE);
  let text: string;
  try {
    text = fs.readFileSync(file, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') throw new NianbaoError('INDEX_NOT_READY', `no index at ${dir} (${file} is missing); run \`npm run index\` to build it`);
    throw new NianbaoError('INDEX_CORRUPT', `${file}: ${(e as Error).message}`, { cause: e });
  }
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    throw new NianbaoError('INDEX_CORRUPT', `${file}: ${(e as Error).message}; ${REBUILD}`);
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    throw new NianbaoError('INDEX_INCOMPATIBLE', `${file}: format version ${version}, this program reads ${FORMAT_VERSION}; run \`npm run index\` to rebuild it`);
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new NianbaoError('INDEX_CORRUPT', `${file}: ${issue.path.join('.')}: ${issue.message}; ${REBUILD}`);
  }
  const storeDir = path.join(dir, parsed.data.store);
  if (!fs.existsSync(storeDir)) throw new NianbaoError('INDEX_CORRUPT', `${file}: store ${storeDir} is missing; ${REBUILD}`);
  return parsed.data;
}

/** `removeStaleStores` for the stores the manifest names, when there is a readable manifest. */
export function cleanUpStores(dir: string): void {
  try {
    const { store, previous } = readManifest(dir);
    removeStaleStores(dir, store, previous);
  } catch {
    // No usable manifest: the build that follows writes one and cleans up then.
  }
}

/** Points manifest.json at `store` (recording the one it replaces) with a synced temp file and one rename. */
export function switchManifest(dir: string, store: string, previous: string | null, files: Record<string, string> = modelChecksums(path.join(dir, store))): void {
  const manifest: IndexManifest = { formatVersion: FORMAT_VERSION, store, previous, createdAt: new Date().toISOString(), files };
  const file = path.join(dir, MANIFEST_FILE);
  const tmp = `${file}.${process.pid}.tmp`;
  const fd = fs.openSync(tmp, 'w');
  try {
    fs.writeFileSync(fd, `${JSON.stringify(manifest, null, 2)}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  fs.renameSync(tmp, file);
  const dirFd = fs.openSync(dir, 'r');
  fs.fsyncSync(dirFd);
  fs.closeSync(dirFd);
}

/**
 * Builds a whole new store beside the current one (`replaced`, or null) and publishes it: `build` fills
 * the new directory, then manifest.json switches to it and stale stores are deleted. If `build` fails,
 * the half-built directory is removed and the manifest still names the old store.
 */
export async function intoNewStore<T>(dir: string, replaced: string | null, build: (storeDir: string) => Promise<T>): Promise<{ storeDir: string; result: T }> {
  const store = newStoreName();
  const storeDir = path.join(dir, store);
  let result: T;
  try {
    fs.mkdirSync(storeDir, { recursive: true });
    result = await build(storeDir);
    switchManifest(dir, store, replaced);
  } catch (e) {
    fs.rmSync(storeDir, { recursive: true, force: true });
    throw e;
  }
  removeStaleStores(dir, store, replaced);
  return { storeDir, result };
}

/** sha256 of every file under the store's `model/` directory, by path inside the store. */
export function modelChecksums(storeDir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (rel: string) => {
    for (const entry of fs.readdirSync(path.join(storeDir, rel), { withFileTypes: true })) {
      const name = `${rel}/${entry.name}`;
      if (entry.isDirectory()) walk(name);
      else if (entry.isFile()) out[name] = fileSha256Sync(path.join(storeDir, name));
    }
  };
  if (fs.existsSync(path.join(storeDir, 'model'))) walk('model');
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => (a < b ? -1 : 1)));
}

/**
 * Throws INDEX_CORRUPT naming the first model file of `storeDir` that is missing or differs from the
 * checksum the manifest recorded (checked when the model is loaded; a store the manifest no longer
 * names is not checked).
 */
export function checkModelFiles(storeDir: string): void {
  const dir = path.dirname(storeDir);
  let manifest: IndexManifest;
  try {
    manifest = readManifest(dir);
  } catch {
    return;
  }
  if (manifest.store !== path.basename(storeDir)) return;
  const actual = modelChecksums(storeDir);
  for (const [name, sha] of Object.entries(manifest.files)) {
    if (actual[name] !== sha) {
      throw new NianbaoError('INDEX_CORRUPT', `${path.join(storeDir, name)}: ${actual[name] === undefined ? 'file is missing' : 'file fails its checksum'}; run \`npm run index\` to repair the index`);
    }
  }
}

/** A new store directory name, sortable by time. */
export function newStoreName(): string {
  return `store-${new Date().toISOString().replace(/[:.]/g, '-')}-${process.pid}`;
}

/**
 * Deletes stores other than the current one and `keep` (the one it replaced: a server may still be
 * serving it until its next reload): with the build lock held, any other store is what a killed build
 * left half-written. Also temp files of killed builds; every other file is left alone.
 */
export function removeStaleStores(dir: string, current: string, keep: string | null): void {
  for (const name of fs.readdirSync(dir)) {
    // `gen-*` directories are the layout of format 1, replaced by stores.
    const stale = (STORE_PATTERN.test(name) && name !== current && name !== keep) || /^manifest\.json\.\d+\.tmp$/.test(name) || /^gen-[0-9A-Za-z-]+$/.test(name);
    if (stale) fs.rmSync(path.join(dir, name), { recursive: true, force: true });
  }
}

/**
 * Takes the build lock of an index directory: one build at a time. The lock is an exclusive SQLite
 * transaction on `.build.lock.db`, a lock the operating system holds for the process and releases when
 * it ends, however it ends: a killed build never leaves a lock behind, and two builds can never both
 * win it (a lock file with a pid in it can: both see it stale, both take it over). `.build.lock` names
 * the owner's pid for the message. Throws INDEX_BUSY naming it.
 */
export function acquireBuildLock(dir: string): () => void {
  fs.mkdirSync(dir, { recursive: true });
  const pidFile = path.join(dir, LOCK_FILE);
  const db = new Database(path.join(dir, LOCK_DB), { timeout: 0 });
  try {
    db.exec('BEGIN EXCLUSIVE');
  } catch (e) {
    db.close();
    if ((e as { code?: string }).code !== 'SQLITE_BUSY') throw e;
    const pid = fs.readFileSync(pidFile, { encoding: 'utf8', flag: 'a+' }).trim();
    throw new NianbaoError('INDEX_BUSY', `另一个索引构建正在进行 (another build is running${pid ? `: pid ${pid}` : ''}, lock ${pidFile}); wait for it to finish`);
  }
  fs.writeFileSync(pidFile, `${process.pid}\n`);
  return () => {
    fs.rmSync(pidFile, { force: true });
    db.exec('ROLLBACK');
    db.close();
  };
}
