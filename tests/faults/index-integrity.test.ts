/**
 * Damage to every index file, done on purpose to a real index served by a real server process:
 * 4 KB of garbage in the database, the vectors, the graph and the model files, a truncated vector file,
 * a garbled manifest, and two edits a checksum-less index could not see (a stored figure changed from
 * 8件 to 9件, the vector rows of two reports swapped). For each: every question is answered exactly as
 * by the undamaged index or refused with 503 INDEX_CORRUPT naming the file, never with another answer,
 * a 500 or a dead process; /health reports the damage it found; then a plain `npm run index` (no flag)
 * repairs the index, a second run finds it verified, and every answer is the undamaged one again.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import { inflateRawSync, deflateRawSync } from 'node:zlib';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ROOT, ask, copyDir, overwrite, runCli, settled, startServer } from './proc.js';

const DEV = path.join(ROOT, 'tests/fixtures/eval/dev.jsonl');
// A graph at any size, so the graph file exists to be damaged.
const ENV = { NIANBAO_HNSW_TAIL_MAX: '0' };

let root: string;
let pristine: string;
let questions: string[];
let expected: Map<string, { answer: string; citations: string[] }>;

const indexDir = () => path.join(root, 'index');
async function storeDir(): Promise<string> {
  const manifest = JSON.parse(await fs.readFile(path.join(indexDir(), 'manifest.json'), 'utf8')) as { store: string };
  return path.join(indexDir(), manifest.store);
}
/** Where each citation points: report, section, paragraph, quote. */
const cited = (body: { citations?: { reportId: string; section: string; paragraph: number; quote: string }[] }) =>
  (body.citations ?? []).map((c) => `${c.reportId} § ${c.section} ¶${c.paragraph}: ${c.quote}`);

async function answers(): Promise<Map<string, { status: number; body: any }>> {
  const server = await startServer(root, ENV);
  try {
    await settled(server);
    const out = new Map<string, { status: number; body: any }>();
    for (const q of questions) out.set(q, await ask(server, q));
    expect(server.alive()).toBe(true);
    return out;
  } finally {
    await server.stop();
  }
}

beforeAll(async () => {
  root = await fs.mkdtemp(path.join(process.env.TMPDIR ?? '/tmp', 'nianbao-faults-'));
  await fs.mkdir(path.join(root, 'corpus'));
  for (const f of (await fs.readdir(path.join(ROOT, 'corpus'))).filter((f) => /^\d{3}_.*\.txt$/.test(f))) {
    await fs.copyFile(path.join(ROOT, 'corpus', f), path.join(root, 'corpus', f));
  }
  const built = await runCli(root, ['index'], ENV);
  expect(built.code, built.output).toBe(0);
  pristine = path.join(root, 'pristine-index');
  await copyDir(indexDir(), pristine);
  questions = (await fs.readFile(DEV, 'utf8')).split('\n').filter(Boolean).map((l) => (JSON.parse(l) as { question: string }).question);
  expected = new Map();
  for (const [q, r] of await answers()) {
    expect(r.status).toBe(200);
    expected.set(q, { answer: r.body.answer, citations: cited(r.body) });
  }
  expect([...expected.values()].some((e) => e.answer.startsWith('8件'))).toBe(true);
});

afterAll(() => fs.rm(root, { recursive: true, force: true }));

/** Rewrites one stored report's text in the database (as a disk error or a hand edit would), leaving its seal as it was. */
function editStoredText(dbFile: string, from: string, to: string): void {
  const db = new Database(dbFile);
  try {
    const rows = db.prepare('SELECT rid, doc FROM docs').all() as { rid: number; doc: Buffer }[];
    const row = rows.find((r) => inflateRawSync(r.doc).toString('utf8').includes(from));
    if (!row) throw new Error(`no stored report contains ${from}`);
    const edited = inflateRawSync(row.doc).toString('utf8').split(from).join(to);
    db.prepare('UPDATE docs SET doc = ? WHERE rid = ?').run(deflateRawSync(Buffer.from(edited)), row.rid);
  } finally {
    db.close();
  }
}

/** Swaps the vector rows two reports point at (what reversing labels.json did to the old layout). */
function swapVectorRows(dbFile: string): void {
  const db = new Database(dbFile);
  try {
    const rows = db.prepare('SELECT rid, first_label FROM reports WHERE removed_gen IS NULL ORDER BY rid LIMIT 2').all() as { rid: number; first_label: number }[];
    const update = db.prepare('UPDATE reports SET first_label = ? WHERE rid = ?');
    update.run(rows[1]!.first_label, rows[0]!.rid);
    update.run(rows[0]!.first_label, rows[1]!.rid);
  } finally {
    db.close();
  }
}

interface Case {
  name: string;
  /** Damages the index; returns the file name a refusal must name. */
  damage: (store: string) => Promise<string>;
}

const middle = async (file: string) => (await overwrite(file, Math.floor((await fs.stat(file)).size / 2)), path.basename(file));

const CASES: Case[] = [
  { name: 'vectors.f32: 4 KB of garbage in the middle', damage: (s) => middle(path.join(s, 'vectors.f32')) },
  {
    name: 'vectors.f32: truncated to half',
    damage: async (s) => {
      const file = path.join(s, 'vectors.f32');
      await fs.truncate(file, Math.floor((await fs.stat(file)).size / 2));
      return 'vectors.f32';
    },
  },
  {
    name: 'the HNSW graph: 4 KB of garbage at offset 40000 (or its middle)',
    damage: async (s) => {
      const graph = (await fs.readdir(s)).find((f) => /^hnsw-\d+\.bin$/.test(f));
      expect(graph).toBeTruthy();
      const file = path.join(s, graph!);
      await overwrite(file, Math.min(40_000, Math.floor((await fs.stat(file)).size / 2)));
      return graph!;
    },
  },
  { name: 'nianbao.db: 4 KB of garbage in the middle', damage: (s) => middle(path.join(s, 'nianbao.db')) },
  { name: 'nianbao.db: 4 KB of garbage at its second page', damage: async (s) => (await overwrite(path.join(s, 'nianbao.db'), 4096), 'nianbao.db') },
  { name: 'model/tokenizer.json: 4 KB of garbage', damage: (s) => middle(path.join(s, 'model', 'tokenizer.json')) },
  {
    name: 'the model weights (model/onnx/*)',
    damage: async (s) => {
      const onnx = (await fs.readdir(path.join(s, 'model', 'onnx')))[0]!;
      return middle(path.join(s, 'model', 'onnx', onnx));
    },
  },
  {
    name: 'manifest.json garbled',
    damage: async () => {
      await overwrite(path.join(indexDir(), 'manifest.json'), 10, 20);
      return 'manifest.json';
    },
  },
  {
    name: 'a stored figure edited: 依申请公开8件 → 9件',
    damage: async (s) => {
      editStoredText(path.join(s, 'nianbao.db'), '依申请公开8件', '依申请公开9件');
      return 'nianbao.db';
    },
  },
  {
    name: 'the vector rows of two reports swapped',
    damage: async (s) => {
      swapVectorRows(path.join(s, 'nianbao.db'));
      return 'nianbao.db';
    },
  },
];

describe('a damaged index never answers wrongly or crashes, and `npm run index` repairs it', () => {
  for (const c of CASES) {
    it(c.name, { timeout: 300_000 }, async () => {
      await copyDir(pristine, indexDir());
      const file = await c.damage(await storeDir());

      const served = await answers();
      let refused = 0;
      for (const [q, r] of served) {
        if (r.status === 200) {
          expect({ q, answer: r.body.answer, citations: cited(r.body) }).toEqual({ q, ...expected.get(q)! });
        } else {
          expect({ q, status: r.status, code: r.body.error?.code }).toEqual({ q, status: 503, code: 'INDEX_CORRUPT' });
          expect(r.body.error.message).toContain(file);
          refused++;
        }
      }
      expect(served.get('赤峰2012年依申请公开多少件')!.body.answer ?? '').not.toMatch(/^9件/);

      const repair = await runCli(root, ['index'], ENV);
      expect(repair.code, repair.output).toBe(0);
      if (refused) expect(repair.output).toMatch(/索引损坏|index damaged/);
      const again = await runCli(root, ['index'], ENV);
      expect(again.code, again.output).toBe(0);
      expect(again.output).toContain('校验无误');
      for (const [q, r] of await answers()) {
        expect(r.status).toBe(200);
        expect({ q, answer: r.body.answer, citations: cited(r.body) }).toEqual({ q, ...expected.get(q)! });
      }
    });
  }

  it('/health reports damage found while serving (503 INDEX_CORRUPT naming the file), and no process dies', { timeout: 300_000 }, async () => {
    await copyDir(pristine, indexDir());
    await middle(path.join(await storeDir(), 'vectors.f32'));
    const server = await startServer(root, ENV);
    try {
      // The vector blocks are checked as they load in the background, before any question.
      let health = await settled(server);
      for (let i = 0; i < 100 && health.status === 200; i++) {
        await new Promise((r) => setTimeout(r, 100));
        health = await settled(server);
      }
      expect(health.status).toBe(503);
      expect(health.body).toMatchObject({ status: 'corrupt', error: { code: 'INDEX_CORRUPT', message: expect.stringContaining('vectors.f32') } });
      const r = await ask(server, '赤峰2012年依申请公开多少件');
      expect(r).toMatchObject({ status: 503, body: { error: { code: 'INDEX_CORRUPT' } } });
      expect(server.alive()).toBe(true);
    } finally {
      await server.stop();
    }
  });
});
