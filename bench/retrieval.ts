/**
 * `npm run bench:retrieval [-- seed|realistic]`: for each dev set (default both), recall@1 and
 * recall@5 of the evidence passage for nianbao's lexical-only, vector-only and hybrid retrieval, side
 * by side with the plain LangChain.js recipe (bench/langchain-recipe.ts) on the same corpus; whether
 * `none` questions get the explicit "no such report" signal; cold index build time and warm hybrid
 * query latency (p50/p95). A hit counts when it comes from the gold `source` file and its text
 * contains the gold `evidence` (`citationMatches`, the eval's own rule); `none` questions are skipped.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadConfig } from '../src/config.js';
import { openEngine } from '../src/engine.js';
import { citationMatches, goldSchema, type GoldQuestion } from '../src/eval/score.js';
import type { SearchMode } from '../src/retrieve/search.js';
import { createLangChainRecipe, RECIPE_NAME } from './langchain-recipe.js';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');

/** The dev sets: questions and the corpus they are asked over (paths relative to the project root). */
const SETS: Record<string, { questions: string; corpus: string }> = {
  seed: { questions: 'tests/fixtures/eval/dev.jsonl', corpus: 'corpus' },
  realistic: { questions: 'tests/fixtures/eval/realistic/questions.jsonl', corpus: 'tests/fixtures/eval/realistic/corpus' },
};

/** A retrieved passage as the recall check sees it: its report file and its text. */
interface Passage {
  source: string;
  text: string;
}

interface RecallRow {
  system: string;
  at1: number;
  at5: number;
  missed: string[];
}

/** recall@1/@5 of one system: where, among its top 5 passages, the first one holding the evidence sits. */
async function recall(system: string, answerable: GoldQuestion[], search: (q: string) => Promise<Passage[]>): Promise<RecallRow> {
  const row: RecallRow = { system, at1: 0, at5: 0, missed: [] };
  for (const q of answerable) {
    const hits = (await search(q.question)).slice(0, 5);
    const rank = hits.findIndex((h) => citationMatches({ source: h.source, quote: h.text }, q.source!, q.evidence!));
    if (rank === 0) row.at1++;
    if (rank >= 0) row.at5++;
    else row.missed.push(q.id);
  }
  return row;
}

async function readQuestions(file: string): Promise<GoldQuestion[]> {
  return (await readFile(file, 'utf8'))
    .split('\n')
    .filter((l) => l.trim())
    .map((l) => goldSchema.parse(JSON.parse(l)));
}

function percentile(sorted: number[], p: number): string {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!.toFixed(2);
}

/** Benchmarks one set and returns its printed section. */
async function benchSet(name: string, set: { questions: string; corpus: string }): Promise<string> {
  const questions = await readQuestions(path.join(root, set.questions));
  const answerable = questions.filter((q) => q.kind !== 'none' && q.source && q.evidence);
  const none = questions.filter((q) => q.kind === 'none');

  // A fresh index and model dir per set: the build is cold and never touches the project's index/ or models/.
  const tmp = await mkdtemp(path.join(os.tmpdir(), `nianbao-bench-${name}-`));
  try {
    const config = loadConfig({ root, corpusDir: set.corpus, indexDir: path.join(tmp, 'index'), modelsDir: path.join(tmp, 'models') });
    let started = performance.now();
    const engine = await openEngine(config);
    const buildMs = performance.now() - started;

    const rows: RecallRow[] = [];
    const modes: SearchMode[] = ['lexical', 'vector', 'hybrid'];
    for (const mode of modes) {
      rows.push(
        await recall(`nianbao ${mode}`, answerable, async (q) =>
          (await engine.retrieve(q, { k: 5, mode })).hits.map((h) => ({ source: h.report.source, text: h.chunk.text })),
        ),
      );
    }

    started = performance.now();
    const recipe = await createLangChainRecipe(path.join(root, set.corpus));
    const recipeBuildMs = performance.now() - started;
    const recipeTimes: number[] = [];
    rows.push(
      await recall(RECIPE_NAME, answerable, async (q) => {
        const t = performance.now();
        const hits = await recipe.retrieve(q);
        recipeTimes.push(performance.now() - t);
        return hits;
      }),
    );
    recipeTimes.sort((a, b) => a - b);

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

    const pct = (n: number) => `${((100 * n) / answerable.length).toFixed(1)}%`;
    const width = Math.max(...rows.map((r) => r.system.length));
    const table = rows.map((r) => `| ${r.system.padEnd(width)} | ${pct(r.at1).padStart(8)} | ${pct(r.at5).padStart(8)} | ${r.missed.join(' ') || '-'} |`);
    return [
      `## ${name}: ${set.questions} over ${set.corpus}/`,
      `${answerable.length} answerable, ${none.length} none; embedder ${engine.embedder.id} (dim ${engine.embedder.dimension}); nianbao chunks ${engine.index.vectors.size}, recipe chunks ${recipe.chunkCount}`,
      '',
      `| ${'system'.padEnd(width)} | recall@1 | recall@5 | missed@5 |`,
      `|${'-'.repeat(width + 2)}|----------|----------|----------|`,
      ...table,
      '',
      `none questions with the NO_SUCH_REPORT signal: ${signalled}/${none.length}`,
      `index build (cold, incl. ingest + offline model): ${(buildMs / 1000).toFixed(2)} s; recipe build (decode + split + jieba): ${(recipeBuildMs / 1000).toFixed(2)} s`,
      `warm hybrid query latency over ${times.length} queries: p50 ${percentile(times, 50)} ms, p95 ${percentile(times, 95)} ms` +
        ` (recipe over ${recipeTimes.length} queries: p50 ${percentile(recipeTimes, 50)} ms, p95 ${percentile(recipeTimes, 95)} ms)`,
      '',
    ].join('\n');
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
}

const only = process.argv[2];
if (only !== undefined && !(only in SETS)) {
  process.stderr.write(`bench:retrieval: unknown set "${only}"; expected one of: ${Object.keys(SETS).join(', ')}\n`);
  process.exit(2);
}
for (const [name, set] of Object.entries(SETS)) {
  if (only && only !== name) continue;
  process.stdout.write(`${await benchSet(name, set)}\n`);
}
