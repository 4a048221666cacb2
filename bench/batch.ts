/**
 * `npm run bench:batch`: a 1,000-question batch (the dev set repeated with fresh ids) through the real
 * CLI, at concurrency 1 and 4 (questions/s), and a run killed halfway (SIGKILL) then resumed, checking
 * that the output ends with every id exactly once, in input order.
 */
import { spawn } from 'node:child_process';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

const source = path.resolve(process.cwd(), process.argv[2] ?? 'tests/fixtures/eval/dev.jsonl');
const base = (await readFile(source, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Record<string, unknown>);
const dir = await mkdtemp(path.join(os.tmpdir(), 'nianbao-batch-'));
const input = path.join(dir, 'questions-1000.jsonl');
const ids = Array.from({ length: 1000 }, (_, i) => `q${String(i + 1).padStart(4, '0')}`);
await writeFile(input, ids.map((id, i) => JSON.stringify({ ...base[i % base.length], id })).join('\n') + '\n');

/** Runs the batch CLI; resolves with its exit code and wall time. `killAfterLines` SIGKILLs it mid-run. */
function runBatch(out: string, concurrency: number, killAfterLines?: number): Promise<{ code: number | null; seconds: number; answerRate: string }> {
  const started = performance.now();
  const child = spawn(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'batch', input, '--out', out, '--concurrency', String(concurrency)], { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  let poll: NodeJS.Timeout | undefined;
  if (killAfterLines)
    poll = setInterval(async () => {
      const size = (await stat(out).catch(() => null))?.size ?? 0;
      if (size === 0) return;
      const lines = (await readFile(out, 'utf8')).split('\n').length - 1;
      if (lines >= killAfterLines) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 20);
  return new Promise((resolve) =>
    child.once('exit', (code) => {
      clearInterval(poll);
      if (code !== 0 && !killAfterLines) process.stderr.write(stderr);
      // The CLI's own closing line times the answering alone: `完成 (done): 1000 个问题, 1.2 秒, 833.3 题/秒`.
      const answerRate = /([\d.]+) 题\/秒; 失败/.exec(stderr)?.[1] ?? '-';
      resolve({ code, seconds: (performance.now() - started) / 1000, answerRate });
    }),
  );
}

const rows: string[] = [];
for (const c of [1, 4]) {
  const out = path.join(dir, `answers-c${c}.jsonl`);
  const { code, seconds, answerRate } = await runBatch(out, c);
  const lines = (await readFile(out, 'utf8')).trim().split('\n').length;
  rows.push(`| ${c} | ${lines} | ${seconds.toFixed(1)} s | ${(1000 / seconds).toFixed(1)} | ${answerRate} | ${code} |`);
}
process.stdout.write(`1,000 questions (${path.basename(source)} × ${Math.ceil(1000 / base.length)}), wall time incl. process start and index load\n\n`);
process.stdout.write(`| concurrency | answers | wall time | questions/s (wall) | questions/s (answering) | exit |\n|---|---|---|---|---|---|\n${rows.join('\n')}\n\n`);

const out = path.join(dir, 'answers-resume.jsonl');
const killed = await runBatch(out, 4, 500);
const before = (await readFile(out, 'utf8')).split('\n').filter(Boolean).length;
const resumed = await runBatch(out, 4);
const written = (await readFile(out, 'utf8'))
  .split('\n')
  .filter(Boolean)
  .map((l) => (JSON.parse(l) as { id: string }).id);
const inOrder = written.length === ids.length && written.every((id, i) => id === ids[i]);
process.stdout.write(`kill halfway: killed by ${killed.code === null ? 'SIGKILL' : `exit ${killed.code}`} with ${before} answers written; resume exit ${resumed.code}, ${resumed.seconds.toFixed(1)} s\n`);
process.stdout.write(`after resume: ${written.length} answers, ${new Set(written).size} distinct ids, input order kept: ${inOrder}\n`);
if (!inOrder) process.exitCode = 1;
