/**
 * `npm run bench:server`: requests/s and latency (p50/p95/p99) of `POST /api/chat` (extractive, JSON)
 * on loopback over the seed corpus, warm, at concurrency 1 and 16, measured with autocannon against
 * the real server in a separate process. The questions rotate through the dev set.
 */
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { chatLoad } from './chat-load.js';
import { startServer } from './spawn-server.js';

const file = path.resolve(process.cwd(), process.argv[2] ?? 'tests/fixtures/eval/dev.jsonl');
const questions = (await readFile(file, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => (JSON.parse(l) as { question: string }).question);
const duration = Number(process.env.BENCH_SECONDS ?? 10);

const server = await startServer({ NIANBAO_RATE_LIMIT_PER_MINUTE: '100000' });
try {
  const run = async (connections: number) => {
    const { result, pct } = await chatLoad(server.url, questions, connections, duration);
    return { result, p50: pct(50), p95: pct(95), p99: pct(99) };
  };
  await run(4); // warm-up: JIT, model session, caches
  const rows: string[] = [];
  for (const c of [1, 16]) {
    const { result: r, p50, p95, p99 } = await run(c);
    const errors = r.errors + r.non2xx;
    const ms = (x: number) => x.toFixed(1).padStart(8);
    rows.push(`| ${String(c).padStart(11)} | ${r.requests.average.toFixed(1).padStart(10)} | ${ms(p50)} | ${ms(p95)} | ${ms(p99)} | ${String(errors).padStart(6)} |`);
  }
  process.stdout.write(`POST /api/chat, extractive, seed corpus, ${duration}s per run, ${questions.length} rotating questions\n\n`);
  process.stdout.write(`| concurrency | requests/s | p50 (ms) | p95 (ms) | p99 (ms) | errors |\n|-------------|------------|----------|----------|----------|--------|\n${rows.join('\n')}\n`);
} finally {
  await server.stop();
}
