/**
 * `npx tsx bench/stats.ts --reports 1000`: cross-report statistics at scale. Generates N reports with
 * figures known in advance (bench/stats-corpus.ts: ~N/10 real places × 2012–2023, prose and 2019+
 * tables, some reports stating no request figure), builds their index with `npm run index`, starts
 * `npm start`'s server in its own process, then times over HTTP on loopback, one client, sequentially:
 *
 * - `GET /api/stats?measure=依申请公开.收到` (every report), JSON and CSV;
 * - the same with `region=<city>` (rotating over the corpus's cities);
 * - `POST /api/chat` with the comparison question `哪个地区的依申请公开件数最多？`, and with a rotating
 *   mix of comparisons (a year's ranking, a difference of two years, a sum over a city's counties).
 *
 * Every response is checked against the generator's figures (values, missing reports, the leading
 * figure of a ranking), so the timings are of correct answers. Data in bench/.scale/stats-N-SEED/.
 */
import { spawn } from 'node:child_process';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { percentile } from './chat-load.js';
import { startServer } from './spawn-server.js';
import { generateStatsCorpus, type StatsBenchReport } from './stats-corpus.js';

const { values: args } = parseArgs({
  options: {
    reports: { type: 'string', default: '1000' },
    seed: { type: 'string', default: '1' },
    requests: { type: 'string', default: '200' },
    chats: { type: 'string', default: '50' },
    'reuse-index': { type: 'boolean', default: false },
  },
});
const reports = Number(args.reports);
const seed = Number(args.seed);
const requests = Number(args.requests);
const chats = Number(args.chats);
if (![reports, seed, requests, chats].every(Number.isInteger) || reports < 20) {
  process.stderr.write('用法 (usage): npx tsx bench/stats.ts --reports N (N ≥ 20) [--seed 1] [--requests 200] [--chats 50] [--reuse-index]\n');
  process.exit(2);
}

const RECEIVED = '依申请公开.收到';
const dataDir = path.join(process.cwd(), 'bench', '.scale', `stats-${reports}-${seed}`);
const corpusDir = path.join(dataDir, 'corpus');
const indexDir = path.join(dataDir, 'index');
const env = {
  NIANBAO_CORPUS_DIR: corpusDir,
  NIANBAO_INDEX_DIR: indexDir,
  NIANBAO_RATE_LIMIT_PER_MINUTE: '1000000000',
  NODE_OPTIONS: `${process.env.NODE_OPTIONS ?? ''} --max-old-space-size=4096`.trim(),
};
const log = (line: string) => process.stderr.write(`[bench:stats] ${line}\n`);
const machine = `${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, ${Math.round(os.totalmem() / 2 ** 30)} GB, Node ${process.version}`;

// ── corpus ────────────────────────────────────────────────────────────────
const corpus = generateStatsCorpus(reports, seed);
if (!args['reuse-index']) await rm(dataDir, { recursive: true, force: true });
await mkdir(corpusDir, { recursive: true });
for (const r of corpus) await writeFile(path.join(corpusDir, r.file), r.text);
const cities = [...new Set(corpus.map((r) => r.city))];
log(`corpus: ${corpus.length} reports, ${cities.length} cities, ${new Set(corpus.map((r) => r.city + (r.county ?? ''))).size} places, ${corpus.filter((r) => !r.received).length} without a request figure`);

// ── build ─────────────────────────────────────────────────────────────────
let t = performance.now();
await run(['src/cli/main.ts', 'index']);
const buildSeconds = (performance.now() - t) / 1000;
log(`build: ${buildSeconds.toFixed(1)} s`);

t = performance.now();
const server = await startServer(env);
log(`server ready in ${((performance.now() - t) / 1000).toFixed(1)} s at ${server.url}`);

interface StatsBody {
  values: { source: string; value: number; text: string; paragraph: number; quote: string }[];
  missing: { reportId: string }[];
}
interface AnswerBody {
  answer: string;
  citations: unknown[];
  meta?: { answerer?: string };
}

const rows: string[] = [];
try {
  // ── GET /api/stats ──────────────────────────────────────────────────────
  const statsUrl = (params: Record<string, string>) => `${server.url}/api/stats?${new URLSearchParams({ measure: RECEIVED, ...params }).toString()}`;
  const expectStats = (body: StatsBody, scope: StatsBenchReport[], what: string) => {
    const bySource = new Map(scope.map((r) => [r.file, r]));
    const stating = scope.filter((r) => r.received);
    check(body.values.length === stating.length, `${what}: ${body.values.length} values, expected ${stating.length}`);
    check(body.missing.length === scope.length - stating.length, `${what}: ${body.missing.length} missing, expected ${scope.length - stating.length}`);
    for (const v of body.values) {
      const r = bySource.get(v.source);
      check(r?.received?.value === v.value && v.quote.includes(v.text) && v.paragraph > 0, `${what}: ${v.source} = ${v.value} (${v.text}), expected ${r?.received?.value}`);
    }
  };
  const all = (await getJson(statsUrl({}))) as StatsBody;
  expectStats(all, corpus, 'all reports');
  for (const city of cities) expectStats((await getJson(statsUrl({ region: city }))) as StatsBody, corpus.filter((r) => r.city === city), city);
  log(`checked: ${all.values.length} values + ${all.missing.length} missing over all reports, and each of ${cities.length} cities`);

  for (let i = 0; i < 20; i++) await getJson(statsUrl({})); // warm-up
  const allTimes = await timeGets(requests, () => statsUrl({}));
  const csvTimes = await timeGets(requests, () => statsUrl({ format: 'csv' }));
  const regionTimes = await timeGets(requests, (i) => statsUrl({ region: cities[i % cities.length]!.replace(/市$/, '') }));
  const bytes = (await fetchText(statsUrl({}))).length;
  const regionValues = Math.round(corpus.filter((r) => r.received).length / cities.length);
  rows.push(row(`GET /api/stats?measure=${RECEIVED} (all ${reports} reports: ${all.values.length} values, ${all.missing.length} missing; ${Math.round(bytes / 1024)} KB JSON)`, requests, allTimes));
  rows.push(row('the same, `format=csv`', requests, csvTimes));
  rows.push(row(`the same with \`region=<city>\` (${cities.length} cities in turn, ~${regionValues} values each)`, requests, regionTimes));

  // ── POST /api/chat, comparison questions ───────────────────────────────
  const max = Math.max(...corpus.filter((r) => r.received).map((r) => r.received!.value));
  const ask = async (question: string): Promise<AnswerBody> => {
    const res = await fetch(`${server.url}/api/chat`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ question }) });
    check(res.ok, `${question}: HTTP ${res.status}`);
    return (await res.json()) as AnswerBody;
  };
  const headline = '哪个地区的依申请公开件数最多？';
  const first = await ask(headline);
  check(first.meta?.answerer === 'stats', `${headline}: answered by ${first.meta?.answerer}, not the statistics answerer:\n${first.answer.slice(0, 300)}`);
  check(new RegExp(`：${max}件?\\[1\\]`).test(first.answer.split('\n')[0]!), `${headline}: the lead is not the largest figure ${max}:\n${first.answer.slice(0, 300)}`);
  const mix = mixedQuestions(corpus);
  for (const q of mix) check((await ask(q)).meta?.answerer === 'stats', `${q}: not answered by the statistics answerer`);
  log(`checked: the headline question leads with ${max}件; ${mix.length} mixed comparison questions answered by the statistics answerer`);
  for (let i = 0; i < 10; i++) await ask(headline); // warm-up
  const headTimes = await timeAll(chats, () => ask(headline));
  const mixTimes = await timeAll(chats, (i) => ask(mix[i % mix.length]!));
  rows.push(row(`POST /api/chat \`${headline}\` (ranking over every report; answer lists the top 15, names the missing)`, chats, headTimes));
  rows.push(row(`POST /api/chat, ${mix.length} rotating comparisons (a year's ranking, a city's 2-year difference, a city's sum over its counties)`, chats, mixTimes));
} finally {
  await server.stop();
}

process.stdout.write(`\nStatistics, ${reports} reports (seed ${seed}), one client over loopback, sequential; ${machine}; index build ${buildSeconds.toFixed(1)} s\n\n`);
process.stdout.write(`| request | n | p50 (ms) | p95 (ms) | max (ms) |\n|---|---|---|---|---|\n${rows.join('\n')}\n`);

// ── helpers ───────────────────────────────────────────────────────────────

/** Questions over the corpus that the statistics answerer takes: rankings of a year, differences, sums. */
function mixedQuestions(list: readonly StatsBenchReport[]): string[] {
  const out: string[] = [];
  for (const year of [2014, 2017, 2020, 2023]) out.push(`${year}年哪个地区的依申请公开件数最多？`);
  for (const city of cities.slice(0, 4)) {
    const own = list.filter((r) => r.city === city && !r.county).map((r) => r.year);
    const pair = own.find((y) => own.includes(y - 1));
    if (pair) out.push(`${city}${pair}年比${pair - 1}年主动公开多了多少条？`);
    const year = [2016, 2017, 2018, 2015].find((y) => list.filter((r) => r.city === city && r.county && r.year === y && r.received).length >= 2);
    if (year) out.push(`${city}各区县${year}年依申请公开合计多少件？`);
  }
  return out;
}

function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(`bench:stats check failed: ${message}`);
}

async function fetchText(url: string): Promise<string> {
  const res = await fetch(url);
  const text = await res.text();
  check(res.ok, `${url}: HTTP ${res.status} ${text.slice(0, 200)}`);
  return text;
}

async function getJson(url: string): Promise<unknown> {
  return JSON.parse(await fetchText(url));
}

/** `n` sequential GETs (body read in full); response times in ms, sorted. */
function timeGets(n: number, url: (i: number) => string): Promise<number[]> {
  return timeAll(n, (i) => fetchText(url(i)));
}

async function timeAll(n: number, call: (i: number) => Promise<unknown>): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < n; i++) {
    const start = performance.now();
    await call(i);
    times.push(performance.now() - start);
  }
  return times.sort((a, b) => a - b);
}

function row(name: string, n: number, times: number[]): string {
  const f = (x: number) => x.toFixed(1);
  return `| ${name} | ${n} | ${f(percentile(times, 50))} | ${f(percentile(times, 95))} | ${f(times.at(-1)!)} |`;
}

/** A CLI command in its own process with the bench's environment. */
function run(cmd: string[]): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', ...cmd], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (c: Buffer) => (output += c.toString()));
    child.stderr.on('data', (c: Buffer) => (output += c.toString()));
    child.once('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${cmd.join(' ')} exited ${code}:\n${output.slice(-2000)}`))));
  });
}
