/**
 * The eval command's --corpus / --index / --models flags, run in process: a question set with its own
 * corpus is evaluated against its own index and derived model, and a bad folder fails with one
 * INVALID_REQUEST naming the flag before anything is built.
 */
import { copyFile, mkdir, mkdtemp, readFile, readdir, rm, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { run } from '../../src/cli/eval.js';
import { ROOT } from '../helpers/corpus.js';

const REALISTIC = path.join(ROOT, 'tests/fixtures/eval/realistic/corpus');
const GOLD = {
  id: 'v14',
  question: '宜兴市教育局2020年主动公开多少条',
  kind: 'fact',
  facts: [['758']],
  source: 'r04_yixing-edu-2020.txt',
  evidence: '全年主动公开政府信息758条',
};

let tmp: string;
let questions: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'nianbao-eval-folders-'));
  questions = path.join(tmp, 'gold.jsonl');
  await writeFile(questions, `${JSON.stringify(GOLD)}\n`);
});

afterAll(async () => {
  await rm(tmp, { recursive: true, force: true });
});

afterEach(() => {
  vi.restoreAllMocks();
});

/** Runs the command with stdout and stderr captured. */
async function evalCli(...args: string[]): Promise<{ code: number; stdout: string }> {
  let stdout = '';
  vi.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => ((stdout += String(chunk)), true));
  vi.spyOn(process.stderr, 'write').mockImplementation(() => true);
  const code = await run(args);
  return { code, stdout };
}

describe('eval --corpus / --index / --models', () => {
  it.each([
    ['--corpus', 'no-such-corpus'],
    ['--index', 'no-such-parent/index'],
    ['--models', 'no-such-parent/models'],
    ['--corpus', ''],
  ])('%s %j fails with INVALID_REQUEST naming the flag', async (flag, value) => {
    const target = value ? path.join(tmp, value) : value;
    await expect(run([questions, flag, target])).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining(flag) });
  });

  it('refuses an index folder that is a file', async () => {
    await expect(run([questions, '--index', questions])).rejects.toMatchObject({ code: 'INVALID_REQUEST', message: expect.stringContaining('--index') });
  });

  it('evaluates against the given corpus, building its index (and the model derived into it) in the given folder', async () => {
    const corpus = path.join(tmp, 'corpus');
    await mkdir(corpus);
    await copyFile(path.join(REALISTIC, GOLD.source), path.join(corpus, GOLD.source));
    const index = path.join(tmp, 'index');
    const models = path.join(tmp, 'models');

    const { code, stdout } = await evalCli(questions, '--corpus', corpus, '--index', index, '--models', models, '--min-both', '1');
    expect(code).toBe(0);
    expect(stdout).toContain('eval: 1 passed, 0 failed');
    expect((await stat(path.join(index, 'manifest.json'))).isFile()).toBe(true);
    // The offline model is derived into the index's store, frozen with the vectors made by it.
    const { store } = JSON.parse(await readFile(path.join(index, 'manifest.json'), 'utf8')) as { store: string };
    expect(await readdir(path.join(index, store, 'model'))).toContain('config.json');
  });
});
