/**
 * `npm run bench:server`: requests/s and latency (p50/p95/p99) of `POST /api/chat` (extractive, JSON)
 * on loopback over the seed corpus, warm, at concurrency 1 and 16, measured with autocannon against
 * the real server in a separate process. The questions rotate through the dev set.
 *
 * Then the overload run (`npm run bench:server -- --overload` runs only this): 64 clients sending chat
 * questions back to back (ignoring Retry-After, the worst case) against the server's default load
 * limits, with `/health` probed every 10 ms from a worker thread meanwhile. It prints how many were
 * answered and how fast, how many were refused 503 OVERLOADED and how fast, timeouts, and /health's
 * latency, and checks the acceptance: /health p99 ≤ 100 ms, every answer within 2 s, nothing else.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chatLoad, percentile, probeHealth } from './chat-load.js';
import { startServer } from './spawn-server.js';

const args = process.argv.slice(2);
const overloadOnly = args.includes('--overload');
const file = path.resolve(process.cwd(), args.find((a) => !a.startsWith('--')) ?? 'tests/fixtures/eval/dev.jsonl');
const questions = (await readFile(file, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { question: string }).question);
const duration = Number(process.env.BENCH_SECONDS ?? 10);
const ms = (x: number) => (Number.isFinite(x) ? x.toFixed(1) : '–').padStart(8);

// The rate limit would count all of autocannon's connections as one client (one address).
const server = await startServer({ NIANBAO_RATE_LIMIT_PER_MINUTE: '1000000000' });
try {
  await chatLoad(server.url, questions, 4, duration); // warm-up: JIT, model session, caches
  if (!overloadOnly) await throughput();
  await overload();
} finally {
  await server.stop();
}

async function throughput(): Promise<void> {
  const rows: string[] = [];
  for (const c of [1, 16]) {
    const { result: r, pct } = await chatLoad(server.url, questions, c, duration);
    const errors = r.errors + r.non2xx;
    rows.push(`| ${String(c).padStart(11)} | ${r.requests.average.toFixed(1).padStart(10)} | ${ms(pct(50))} | ${ms(pct(95))} | ${ms(pct(99))} | ${String(errors).padStart(6)} |`);
  }
  process.stdout.write(`POST /api/chat, extractive, seed corpus, ${duration}s per run, ${questions.length} rotating questions\n\n`);
  process.stdout.write(`| concurrency | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |\n|-------------|------------|----------|----------|----------|--------|\n${rows.join('\n')}\n\n`);
}

async function overload(): Promise<void> {
  const clients = 64;
  const health = probeHealth(server.url, 10);
  const { result: r, byStatus } = await chatLoad(server.url, questions, clients, duration, { timeoutSeconds: 10 });
  const probe = await health.stop();
  const answered = byStatus.get(200) ?? [];
  const shed = byStatus.get(503) ?? [];
  const other = [...byStatus].filter(([s]) => s !== 200 && s !== 503).map(([s, l]) => `${s}×${l.length}`);
  const row = (name: string, list: number[]) =>
    `| ${name.padEnd(24)} | ${String(list.length).padStart(7)} | ${ms(percentile(list, 50))} | ${ms(percentile(list, 95))} | ${ms(percentile(list, 99))} | ${ms(list.at(-1) ?? NaN)} |`;
  process.stdout.write(`Overload: ${clients} clients, POST /api/chat back to back for ${duration}s, default load limits; /health every 10 ms from a worker thread\n\n`);
  process.stdout.write(`|                          |   count | p50 (ms) | p95 (ms) | p99 (ms) | max (ms) |\n|--------------------------|---------|----------|----------|----------|----------|\n`);
  process.stdout.write(`${row('chat answered (200)', answered)}\n${row('chat 503 OVERLOADED', shed)}\n${row('/health (200)', probe.latencies)}\n\n`);
  process.stdout.write(`chat: ${(answered.length / duration).toFixed(1)} answers/s, ${(shed.length / duration).toFixed(1)} refusals/s; other statuses: ${other.join(', ') || 'none'}; timeouts: ${r.timeouts}; socket errors: ${r.errors}; /health failures: ${probe.failures}\n`);
  const healthOk = percentile(probe.latencies, 99) <= 100 && probe.failures === 0;
  const chatOk = (answered.at(-1) ?? 0) <= 2000 && other.length === 0 && r.timeouts === 0 && r.errors === 0;
  process.stdout.write(`acceptance: /health p99 ≤ 100 ms: ${healthOk ? 'met' : 'NOT met'}; every chat answered within 2 s or 503 OVERLOADED: ${chatOk ? 'met' : 'NOT met'}\n`);
}
