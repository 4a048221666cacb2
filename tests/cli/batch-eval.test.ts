/**
 * The batch and eval commands as a user runs them: a real process over the seed corpus with the real
 * offline model and index, built once into a temp directory (a few seconds) and reused by every run.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import type { BatchResult } from '../../src/eval/batch.js';
import type { EvalSummary } from '../../src/eval/evaluate.js';
import { ROOT, SEED_IDS } from '../helpers/corpus.js';

let tmp: string;

beforeAll(async () => {
  tmp = await mkdtemp(path.join(os.tmpdir(), 'nianbao-cli-'));
});

/** Runs `tsx src/cli/main.ts ...args` from the project root with the index and model in `tmp`. */
function cli(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(path.join(ROOT, 'node_modules/.bin/tsx'), ['src/cli/main.ts', ...args], {
      cwd: ROOT,
      // The model goes to tmp too, so the test neither reads nor rewrites the checkout's models/.
      env: { ...process.env, NIANBAO_INDEX_DIR: path.join(tmp, 'index'), NIANBAO_MODELS_DIR: path.join(tmp, 'models') },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

const GOLD = [
  { id: 'd01', question: '赤峰2012年依申请公开多少件', kind: 'fact', facts: [['8']], source: `${SEED_IDS.chifeng}.txt`, evidence: '全年受理依申请公开8件' },
  { id: 'd02', question: '祥符区2018年办结市长专线多少件', kind: 'fact', facts: [['906']], source: `${SEED_IDS.xiangfu}.txt`, evidence: '全年办结市长专线906件' },
  { id: 'd03', question: '赤峰市2030年依申请公开多少件', kind: 'none' },
];

describe('batch command', () => {
  it('answers in input order, exits with the number of bad lines, and resumes', async () => {
    const input = path.join(tmp, 'questions.jsonl');
    const lines = [JSON.stringify(GOLD[0]), '{broken', JSON.stringify(GOLD[1]), '{"id":"no-question"}', JSON.stringify(GOLD[2])];
    await writeFile(input, `${lines.join('\n')}\n`);
    const out = path.join(tmp, 'answers.jsonl');

    const first = await cli('batch', input, '--out', out, '--concurrency', '2');
    expect(first.stderr).toContain('questions.jsonl:2:');
    expect(first.stderr).toContain('questions.jsonl:4:');
    expect(first.code).toBe(2);
    const results = (await readFile(out, 'utf8')).trimEnd().split('\n').map((l) => JSON.parse(l) as BatchResult);
    expect(results.map((r) => r.id)).toEqual(['d01', 'd02', 'd03']);
    expect(results[0]!.answer).toContain('8件');
    expect(results[0]!.citations[0]!.source).toBe(`${SEED_IDS.chifeng}.txt`);
    expect(results[0]!.kind).toBe('fact');
    expect(results[2]!.refused).toBe(true);
    const written = await readFile(out, 'utf8');

    const second = await cli('batch', input, '--out', out);
    expect(second.code).toBe(2);
    expect(second.stderr).toContain('resuming');
    expect(second.stderr).toMatch(/完成 \(done\): 0 个问题/);
    expect(await readFile(out, 'utf8')).toBe(written);
  });
});

describe('eval command', () => {
  it('writes summary.json and index.html with --report and exits 1 when a threshold is not met', async () => {
    const input = path.join(tmp, 'gold.jsonl');
    await writeFile(input, GOLD.map((g) => JSON.stringify(g)).join('\n'));
    const report = path.join(tmp, 'report');

    const run = await cli('eval', input, '--report', report, '--min-both', '1.01');
    expect(run.code).toBe(1);
    expect(run.stderr).toContain('--min-both 1.01');
    expect(run.stdout).toMatch(/eval: \d+ passed, \d+ failed/);
    const saved = JSON.parse(await readFile(path.join(report, 'summary.json'), 'utf8')) as { summary: EvalSummary; results: unknown[] };
    expect(saved.summary.questions).toBe(3);
    expect(saved.results).toHaveLength(3);
    expect((await stat(path.join(report, 'index.html'))).size).toBeGreaterThan(0);
    expect(await readFile(path.join(report, 'index.html'), 'utf8')).toContain('评测报告');
  });
});

describe('ask and search commands', () => {
  it('`ask --json` answers the headline question with 8件 citing 004 under 三、依申请公开办理情况', async () => {
    const { code, stdout } = await cli('ask', '--json', '赤峰2012年依申请公开多少件');
    expect(code).toBe(0);
    const body = JSON.parse(stdout) as { answer: string; citations: { source: string; section: string; quote: string }[]; refused: boolean; grounded: boolean };
    expect(body.answer).toMatch(/^8件/);
    expect(body).toMatchObject({ refused: false, grounded: true });
    expect(body.citations[0]).toMatchObject({ source: `${SEED_IDS.chifeng}.txt`, section: '三、依申请公开办理情况' });
    expect(body.citations[0]!.quote).toContain('全年受理依申请公开8件');
  });

  it('`search --json --k 5` prints hits with source, section, paragraph, text and score', async () => {
    const { code, stdout } = await cli('search', '--json', '--k', '5', '祥符区2018年办结市长专线多少件');
    expect(code).toBe(0);
    const { hits } = JSON.parse(stdout) as { hits: { source: string; reportId: string; title: string; section: string; paragraph: number; text: string; score: number }[] };
    expect(hits).toHaveLength(5);
    expect(hits[0]).toMatchObject({ source: `${SEED_IDS.xiangfu}.txt`, reportId: SEED_IDS.xiangfu });
    expect(hits[0]!.text).toContain('全年办结市长专线906件');
    expect(hits[0]!.score).toBeGreaterThan(hits[4]!.score);
  });

  it('an empty question exits non-zero with one line naming the problem', async () => {
    const { code, stderr } = await cli('ask', '');
    expect(code).not.toBe(0);
    expect(stderr.trim().split('\n')).toHaveLength(1);
    expect(stderr).toContain('EMPTY_QUESTION');
  });
});
