/**
 * `npm run bench:scale -- --reports N [--seed 1] [--questions 200] [--recipe-questions 100] [--reuse-index] [--workers 1]`
 *
 * The scale benchmark the project owns. It generates a synthetic corpus of N reports with known figures
 * and gold questions (`generate.ts`, seeded), then measures, each against the real programs in child
 * processes (the CLI build, the HTTP server):
 *   build time, peak RSS (GNU time), disk; cold start to a ready server; search p50/p95 over HTTP;
 *   recall@1/@5 of the evidence passage; answer accuracy (strict eval scoring); /api/chat throughput
 *   at 8 concurrent clients; adding one report until the running server answers a question about it;
 *   and the LangChain.js recipe (splitter + BM25) on the same questions, in the same run.
 * Data lives in bench/.scale/<N>-<seed>/ (ignored by git); results are printed and written as JSON there.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { citationMatches, goldSchema, scoreAnswer, type GoldQuestion } from '../../src/eval/score.js';
import type { Answer } from '../../src/types.js';
import { chatLoad } from '../chat-load.js';
import { createLangChainRecipe, RECIPE_NAME } from '../langchain-recipe.js';
import { startServer, type ChildServer } from '../spawn-server.js';
import { generateScaleCorpus, scaleReport } from './generate.js';

const { values } = parseArgs({
  options: {
    reports: { type: 'string' },
    seed: { type: 'string', default: '1' },
    questions: { type: 'string', default: '200' },
    'recipe-questions': { type: 'string', default: '100' },
    'reuse-index': { type: 'boolean', default: false },
    seconds: { type: 'string', default: '10' },
    workers: { type: 'string', default: '1' },
  },
});
const reports = Number(values.reports);
if (!Number.isInteger(reports) || reports < 10) {
  process.stderr.write('用法 (usage): npm run bench:scale -- --reports N (N ≥ 10) [--seed 1] [--questions 200] [--recipe-questions 100] [--reuse-index]\n');
  process.exit(2);
}
const seed = Number(values.seed);
const root = process.cwd();
const dataDir = path.join(root, 'bench', '.scale', `${reports}-${seed}`);
const corpusDir = path.join(dataDir, 'corpus');
const indexDir = path.join(dataDir, 'index');
const env = {
  NIANBAO_CORPUS_DIR: corpusDir,
  NIANBAO_INDEX_DIR: indexDir,
  NIANBAO_RATE_LIMIT_PER_MINUTE: '100000',
  NIANBAO_RELOAD_INTERVAL_MS: '500',
  NIANBAO_WORKERS: String(values.workers),
  // The build must fit the heap an ordinary machine gives Node.
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim(),
};
const log = (line: string) => process.stderr.write(`[bench:scale] ${line}\n`);
const results: Record<string, unknown> = { reports, seed, workers: Number(values.workers), machine: `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}` };

// ── corpus ────────────────────────────────────────────────────────────────
let started = performance.now();
const generated = await generateScaleCorpus({ reports, seed, outDir: dataDir, onProgress: (d, t) => d % 10_000 === 0 && log(`generate ${d}/${t}`) });
log(`corpus: ${generated.files.length} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`);
const allGold = generated.questions.map((q) => goldSchema.parse(q));
const gold = spreadPick(allGold, Number(values.questions));

// ── build ─────────────────────────────────────────────────────────────────
if (!values['reuse-index']) await rm(indexDir, { recursive: true, force: true });
const build = await timed(['src/cli/main.ts', 'index']);
results.build = { seconds: build.seconds, peakRssMb: build.peakRssMb, diskMb: await du(indexDir) };
log(`build: ${build.seconds.toFixed(1)} s, peak RSS ${build.peakRssMb} MB, disk ${(results.build as { diskMb: number }).diskMb} MB`);

// ── serve ─────────────────────────────────────────────────────────────────
started = performance.now();
const server = await startServer(env);
results.coldStartSeconds = round((performance.now() - started) / 1000);
await chat(server, gold[0]!.question);
results.coldStartToFirstAnswerSeconds = round((performance.now() - started) / 1000);
log(`cold start: ready ${results.coldStartSeconds} s, first answer ${results.coldStartToFirstAnswerSeconds} s`);
try {
  // Search latency and recall, over HTTP, after one warm-up pass.
  const search = async (q: string) => {
    const res = await fetch(`${server.url}/api/search?k=5&q=${encodeURIComponent(q)}`);
    return ((await res.json()) as { hits: { source: string; text: string }[] }).hits;
  };
  for (const q of gold.slice(0, 20)) await search(q.question);
  const times: number[] = [];
  let at1 = 0;
  let at5 = 0;
  for (const q of gold) {
    const t = performance.now();
    const hits = await search(q.question);
    times.push(performance.now() - t);
    const rank = hits.findIndex((h) => citationMatches({ source: h.source, quote: h.text }, q.source!, q.evidence!));
    if (rank === 0) at1++;
    if (rank >= 0) at5++;
  }
  times.sort((a, b) => a - b);
  results.search = { questions: gold.length, p50Ms: pct(times, 50), p95Ms: pct(times, 95), recallAt1: at1 / gold.length, recallAt5: at5 / gold.length };
  log(`search: p50 ${pct(times, 50)} ms, p95 ${pct(times, 95)} ms; recall@1 ${(100 * at1 / gold.length).toFixed(1)}% @5 ${(100 * at5 / gold.length).toFixed(1)}%`);

  // Answer accuracy with the eval's strict scoring (the figure must lead the answer, the citation must hold the evidence).
  let correct = 0;
  for (const q of gold) if (scoreAnswer(q, await chat(server, q.question)).both) correct++;
  results.answerAccuracy = correct / gold.length;
  log(`answers: ${correct}/${gold.length} correct`);

  // Chat throughput at 8 concurrent clients, and how long /health takes meanwhile (is the server responsive?).
  const health: number[] = [];
  let loading = true;
  const probe = (async () => {
    while (loading) {
      const t = performance.now();
      await fetch(`${server.url}/health`).then((r) => r.arrayBuffer());
      health.push(performance.now() - t);
      await new Promise((r) => setTimeout(r, 50));
    }
  })();
  const throughput = await chatLoadOf(server, gold.map((q) => q.question), 8, Number(values.seconds));
  loading = false;
  await probe;
  health.sort((a, b) => a - b);
  results.chat = { ...throughput, healthP50Ms: pct(health, 50), healthP95Ms: pct(health, 95) };
  log(`chat c=8: ${throughput.requestsPerSecond} req/s, p95 ${throughput.p95Ms} ms, errors ${throughput.errors}; /health meanwhile p50 ${pct(health, 50)} ms p95 ${pct(health, 95)} ms`);

  // Memory of the serving process (the cluster's first worker when there are several) after all of the above.
  results.serverPeakRssMb = peakRss(server.child.pid!);

  // One new report: written, indexed by the CLI, answered by the running server.
  results.addOne = await addOneReport(server);
  log(`add one report: index ${(results.addOne as { indexSeconds: number }).indexSeconds} s, answerable after ${(results.addOne as { answerableSeconds: number }).answerableSeconds} s`);
} finally {
  await server.stop();
}

// ── the LangChain recipe, same corpus, same questions ─────────────────────
const recipeGold = spreadPick(gold, Number(values['recipe-questions']));
started = performance.now();
const recipe = await createLangChainRecipe(corpusDir);
const recipeBuild = (performance.now() - started) / 1000;
const recipeTimes: number[] = [];
let r1 = 0;
let r5 = 0;
for (const q of recipeGold) {
  const t = performance.now();
  const hits = await recipe.retrieve(q.question);
  recipeTimes.push(performance.now() - t);
  const rank = hits.findIndex((h) => citationMatches({ source: h.source, quote: h.text }, q.source!, q.evidence!));
  if (rank === 0) r1++;
  if (rank >= 0) r5++;
}
recipeTimes.sort((a, b) => a - b);
results.recipe = { name: RECIPE_NAME, buildSeconds: round(recipeBuild), questions: recipeGold.length, p50Ms: pct(recipeTimes, 50), p95Ms: pct(recipeTimes, 95), recallAt1: r1 / recipeGold.length, recallAt5: r5 / recipeGold.length };
log(`recipe: build ${recipeBuild.toFixed(1)} s; p50 ${pct(recipeTimes, 50)} ms p95 ${pct(recipeTimes, 95)} ms; recall@1 ${(100 * r1 / recipeGold.length).toFixed(1)}% @5 ${(100 * r5 / recipeGold.length).toFixed(1)}%`);

await writeFile(path.join(dataDir, 'results.json'), `${JSON.stringify(results, null, 2)}\n`);
process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);

// ── helpers ───────────────────────────────────────────────────────────────

/** Evenly spaced picks, so a sample covers the whole corpus. */
function spreadPick<T>(items: T[], n: number): T[] {
  if (items.length <= n) return items;
  return Array.from({ length: n }, (_, i) => items[Math.floor((i * items.length) / n)]!);
}

function pct(sorted: number[], p: number): number {
  return round(sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN);
}

function round(n: number): number {
  return Math.round(n * 100) / 100;
}

/** Runs a CLI command under GNU time: wall seconds and peak RSS of the whole process tree's largest process. */
function timed(args: string[], extraEnv: Record<string, string> = {}): Promise<{ seconds: number; peakRssMb: number; output: string }> {
  return new Promise((resolve, reject) => {
    const t = performance.now();
    const child = spawn('/usr/bin/time', ['-f', 'NIANBAO_TIME %M', process.execPath, '--import', 'tsx', ...args], { env: { ...process.env, ...env, ...extraEnv }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => {
      const s = c.toString();
      output += s;
      if (/build|embed|ingest|vectors|model/.test(s) && process.stderr.isTTY) process.stderr.write(s);
    });
    child.once('exit', (code) => {
      const seconds = (performance.now() - t) / 1000;
      const kb = Number(/NIANBAO_TIME (\d+)/.exec(output)?.[1] ?? NaN);
      if (code !== 0) reject(new Error(`${args.join(' ')} exited ${code}:\n${output.slice(-2000)}`));
      else resolve({ seconds: round(seconds), peakRssMb: Math.round(kb / 1024), output });
    });
  });
}

/** VmHWM of a process, or of its first child (a cluster primary's worker), in MB. */
function peakRss(pid: number): number {
  const read = (p: number) => Number(/VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${p}/status`, 'utf8'))?.[1] ?? 0);
  try {
    const children = readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').trim().split(/\s+/).filter(Boolean).map(Number);
    return Math.round(Math.max(read(pid), ...children.map(read)) / 1024);
  } catch {
    return NaN;
  }
}

async function du(dir: string): Promise<number> {
  const out = await new Promise<string>((resolve) => {
    const child = spawn('du', ['-sb', dir]);
    let s = '';
    child.stdout.on('data', (c: Buffer) => (s += c.toString()));
    child.once('exit', () => resolve(s));
  });
  return Math.round(Number(out.split(/\s/)[0]) / 2 ** 20);
}

async function chat(server: ChildServer, question: string): Promise<Answer> {
  const res = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
  return (await res.json()) as Answer;
}

async function chatLoadOf(server: ChildServer, questions: string[], connections: number, duration: number) {
  const { result, pct: at } = await chatLoad(server.url, questions, connections, duration);
  return { connections, seconds: duration, requestsPerSecond: round(result.requests.average), p50Ms: round(at(50)), p95Ms: round(at(95)), errors: result.errors + result.non2xx };
}

/**
 * Copies report N (the first the corpus does not have; the generator's reports do not depend on N) into
 * the corpus, runs `npm run index`, and asks the running server its gold question until the answer is
 * right. Restores the corpus and index afterwards.
 */
async function addOneReport(server: ChildServer): Promise<{ indexSeconds: number; answerableSeconds: number; question: string }> {
  const { file: name, text, question: q } = scaleReport(reports, seed);
  const goldQ: GoldQuestion = goldSchema.parse(q);
  const before = scoreAnswer(goldQ, await chat(server, q.question));
  if (before.answered) throw new Error(`"${q.question}" is answered before its report was added`);
  const file = path.join(corpusDir, name);
  const t = performance.now();
  await writeFile(file, text);
  try {
    const indexRun = timed(['src/cli/main.ts', 'index']);
    let answerable = NaN;
    for (;;) {
      if (scoreAnswer(goldQ, await chat(server, q.question)).both) {
        answerable = (performance.now() - t) / 1000;
        break;
      }
      if (performance.now() - t > 120_000) throw new Error('the new report was not answerable within 120 s');
      await new Promise((r) => setTimeout(r, 100));
    }
    const indexed = await indexRun;
    return { indexSeconds: indexed.seconds, answerableSeconds: round(answerable), question: q.question };
  } finally {
    await rm(file, { force: true });
    await timed(['src/cli/main.ts', 'index']);
  }
}

export {};
