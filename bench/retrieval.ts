/**
 * `npm run bench:retrieval [-- path/to/questions.jsonl]`: recall@1 and recall@5 of the evidence passage
 * for lexical-only, vector-only and hybrid retrieval, side by side; whether `none` questions get the
 * explicit "no such report" signal; index build time and warm query latency (p50/p95).
 */
import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { loadConfig } from '../src/config.js';
import { openEngine } from '../src/engine.js';
import { citationMatches, goldSchema, type GoldQuestion } from '../src/eval/score.js';
import type { SearchMode } from '../src/retrieve/search.js';

const file = process.argv[2] ?? path.resolve(process.cwd(), '../shared/eval/dev.jsonl');
const questions: GoldQuestion[] = (await readFile(file, 'utf8'))
  .split('\n')
  .filter((l) => l.trim())
  .map((l) => goldSchema.parse(JSON.parse(l)));

// A fresh index in a temp dir, so the build time is a cold build of the corpus.
const indexDir = path.join(os.tmpdir(), `nianbao-bench-${process.pid}`);
const config = loadConfig({ indexDir });
let started = performance.now();
const engine = await openEngine(config);
const buildMs = performance.now() - started;

const answerable = questions.filter((q) => q.kind !== 'none' && q.source && q.evidence);
const modes: SearchMode[] = ['lexical', 'vector', 'hybrid'];
const rows: string[] = [];
for (const mode of modes) {
  let at1 = 0;
  let at5 = 0;
  const misses: string[] = [];
  for (const q of answerable) {
    const { hits } = await engine.retrieve(q.question, { k: 5, mode });
    const rank = hits.findIndex((h) => citationMatches({ source: h.report.source, quote: h.chunk.text }, q.source!, q.evidence!));
    if (rank === 0) at1++;
    if (rank >= 0) at5++;
    else misses.push(q.id);
  }
  const pct = (n: number) => `${((100 * n) / answerable.length).toFixed(1)}%`;
  rows.push(`| ${mode.padEnd(7)} | ${pct(at1).padStart(8)} | ${pct(at5).padStart(8)} | ${misses.join(' ') || '-'} |`);
}

const none = questions.filter((q) => q.kind === 'none');
let signalled = 0;
for (const q of none) if ((await engine.retrieve(q.question)).notice?.code === 'NO_SUCH_REPORT') signalled++;

// Warm latency: every question once to warm up, then 10 rounds.
for (const q of questions) await engine.retrieve(q.question);
const times: number[] = [];
for (let round = 0; round < 10; round++)
  for (const q of questions) {
    started = performance.now();
    await engine.retrieve(q.question);
    times.push(performance.now() - started);
  }
times.sort((a, b) => a - b);
const pctl = (p: number) => times[Math.min(times.length - 1, Math.floor((p / 100) * times.length))]!.toFixed(2);

process.stdout.write(`questions: ${file} (${answerable.length} answerable, ${none.length} none)\n`);
process.stdout.write(`embedder: ${engine.embedder.id} (dim ${engine.embedder.dimension}); chunks: ${engine.index.chunkList.length}\n\n`);
process.stdout.write(`| mode    | recall@1 | recall@5 | missed@5 |\n|---------|----------|----------|----------|\n${rows.join('\n')}\n\n`);
process.stdout.write(`none questions with the NO_SUCH_REPORT signal: ${signalled}/${none.length}\n`);
process.stdout.write(`index build (cold, incl. ingest + offline model): ${(buildMs / 1000).toFixed(2)} s\n`);
process.stdout.write(`warm hybrid query latency over ${times.length} queries: p50 ${pctl(50)} ms, p95 ${pctl(95)} ms\n`);
await rm(indexDir, { recursive: true, force: true });
