/**
 * `npm run batch` with question files that carry no ids, run in process over the seed corpus (index and
 * model built once into a temp folder): ids are the JSONL line numbers and the CSV data row numbers,
 * a bad line is skipped with a message naming its line and field, and a second run resumes by those ids.
 */
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/batch.js';
import type { BatchResult } from '../../src/eval/batch.js';
import { SEED_IDS } from '../helpers/corpus.js';

let tmp: string;
const saved = { index: process.env.NIANBAO_INDEX_DIR, models: process.env.NIANBAO_MODELS_DIR };

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'nianbao-batch-ids-'));
  // The index and model go to tmp, so the test neither reads nor rewrites the checkout's index/ or models/.
  process.env.NIANBAO_INDEX_DIR = path.join(tmp, 'index');
  process.env.NIANBAO_MODELS_DIR = path.join(tmp, 'models');
});

afterAll(() => {
  for (const [key, value] of [['NIANBAO_INDEX_DIR', saved.index], ['NIANBAO_MODELS_DIR', saved.models]] as const) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
});

afterEach(() => vi.restoreAllMocks());

/** Runs `batch ...args` with stdout and stderr captured. */
async function batch(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = '';
  let stderr = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation((chunk: string | Uint8Array) => ((stderr += String(chunk)), true));
  try {
    return { code: await run(args), stdout, stderr };
  } finally {
    vi.restoreAllMocks();
  }
}

describe('batch without ids', () => {
  it('JSONL: ids are line numbers, a line without a question is skipped naming line 4 and the field, and a rerun resumes', async () => {
    const input = path.join(tmp, 'no-ids.jsonl');
    const lines = [
      JSON.stringify({ question: '赤峰2012年依申请公开多少件', kind: 'fact' }),
      '',
      JSON.stringify({ question: '祥符区2018年办结市长专线多少件' }),
      JSON.stringify({ kind: 'fact' }),
    ];
    await writeFile(input, `${lines.join('\n')}\n`);
    const out = path.join(tmp, 'answers.jsonl');

    const first = await batch(input, '--out', out);
    expect(first.code).toBe(1);
    expect(first.stderr).toContain(`${input}:4: 已跳过 (skipped) 第 4 行 (line 4): question: 必填 (required)`);
    expect(first.stderr).not.toContain('Invalid input');
    const results = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as BatchResult);
    expect(results.map((r) => r.id)).toEqual(['1', '3']);
    expect(results[0]!.answer).toContain('8件');
    expect(results[0]!.citations[0]!.source).toBe(`${SEED_IDS.chifeng}.txt`);
    expect(results[0]!.kind).toBe('fact');
    expect(results[1]!.answer).toContain('906');

    const second = await batch(input, '--out', out);
    expect(second.stderr).toContain('resuming');
    expect(second.stderr).toMatch(/完成 \(done\): 0 个问题/);
  });

  it('CSV without an id column: ids are data row numbers (header not counted), written to a CSV', async () => {
    const input = path.join(tmp, 'no-ids.csv');
    await writeFile(input, 'question,note\n赤峰2012年依申请公开多少件,第一\n祥符区2018年办结市长专线多少件,第二\n');
    const out = path.join(tmp, 'answers.csv');
    const { code, stderr } = await batch(input, '--out', out);
    expect(code).toBe(0);
    expect(stderr).not.toContain('已跳过');
    // The answers file starts with a BOM, for Excel.
    const rows = parseCsv(await readFile(out, 'utf8'), { columns: true, bom: true }) as Record<string, string>[];
    expect(rows.map((r) => [r.id, r.note])).toEqual([
      ['1', '第一'],
      ['2', '第二'],
    ]);
    expect(rows[0]!.answer).toContain('8件');
    expect(rows[1]!.answer).toContain('906');
  });

  it('without --out, results go to stdout as JSONL with the numbered ids', async () => {
    const input = path.join(tmp, 'one.jsonl');
    await writeFile(input, `${JSON.stringify({ question: '赤峰2012年依申请公开多少件' })}\n`);
    const { code, stdout } = await batch(input);
    expect(code).toBe(0);
    expect(JSON.parse(stdout.trim())).toMatchObject({ id: '1', question: '赤峰2012年依申请公开多少件' });
  });
});
