/**
 * `npx tsx bench/lexical-engines.ts --reports N [--seed 1] [--repeat 3]`: lexical engines compared on
 * the synthetic scale corpus (bench/scale/generate.ts), each fed the SAME tokens — `searchTokens` of a
 * chunk's `norm` and of the query, joined by spaces and split on spaces by the engine — so only the
 * engines differ, not segmentation. For each engine: build time, heap held after the build (gc'd),
 * per-query p50/p95 restricted to the question's report and unrestricted, and recall@1 of the
 * evidence chunk (the eval's `citationMatches` rule) for the restricted search. Two query forms are
 * measured: the whole question, and the terms nianbao's retrieval actually sends.
 *
 * Engines: MiniSearch 7 (one global index, `filter` by report: how nianbao searched before), FlexSearch
 * 0.8 (Document; restricted by its tag, or by filtering all its hits), Orama 3 (`where: { reportId }`
 * on an enum), and the candidate-scoped BM25+ that src/index/snapshot.ts runs now, mirrored in memory.
 * Tokenizing the corpus and the questions is done once, before any engine, and is not timed.
 */
import path from 'node:path';
import { parseArgs } from 'node:util';
import v8 from 'node:v8';
import vm from 'node:vm';
import { create, insert, search as oramaSearch } from '@orama/orama';
import { Document as FlexDocument } from 'flexsearch';
import MiniSearch from 'minisearch';
import { z } from 'zod';
import { citationMatches } from '../src/eval/score.js';
import { ingestCorpus, summarizeReport } from '../src/ingest/index.js';
import { createCatalog } from '../src/retrieve/catalog.js';
import { parseQuery } from '../src/retrieve/query.js';
import { searchTokens } from '../src/text/index.js';
import { generateScaleCorpus, type ScaleQuestion } from './scale/generate.js';

/** Hits each engine returns; only the first counts for recall@1. */
const TOP_K = 10;
/** BM25+ as MiniSearch defines it and src/index/snapshot.ts copies it. */
const BM25 = { k: 1.2, b: 0.7, d: 0.5 };

const cliSchema = z.object({
  reports: z.coerce.number().int().min(10),
  seed: z.coerce.number().int(),
  repeat: z.coerce.number().int().min(1),
});

/** One chunk as every engine sees it: `text` is its tokens joined by single spaces. */
interface BenchDoc {
  id: string;
  /** Position in the corpus: FlexSearch is given numeric ids, the form it is tuned for. */
  n: number;
  reportId: string;
  text: string;
}

interface Corpus {
  docs: BenchDoc[];
  tokens: string[][];
  /** Per report id: positions of its chunks in `docs`. */
  byReport: Map<string, number[]>;
  /** Per chunk id: its report file and verbatim text, what the recall check compares with the evidence. */
  passages: Map<string, { source: string; quote: string }>;
}

interface Query {
  id: string;
  reportId: string;
  /** Distinct question tokens (duplicates would count twice in MiniSearch's OR). */
  tokens: string[];
  text: string;
  gold: ScaleQuestion;
}

/** A built engine: chunk ids, best first. */
interface Engine {
  restricted(q: Query): string[];
  unrestricted(q: Query): string[];
}

interface EngineSpec {
  name: string;
  build(corpus: Corpus): Engine;
}

const ENGINES: EngineSpec[] = [
  {
    name: 'MiniSearch 7.2 (global index + filter)',
    build({ docs }) {
      const index = new MiniSearch<BenchDoc>({ fields: ['text'], storeFields: [], tokenize: (s) => s.split(' '), processTerm: (t) => t });
      index.addAll(docs);
      // As src/index/lexical.ts did before the SQLite store: OR of the tokens, filter on the chunk id.
      const run = (q: Query, filter?: (r: { id: string }) => boolean) =>
        index
          .search({ queries: q.tokens, combineWith: 'OR' }, { tokenize: (t) => [t], prefix: false, fuzzy: false, filter })
          .slice(0, TOP_K)
          .map((r) => r.id as string);
      return {
        restricted: (q) => run(q, (r) => r.id.startsWith(`${q.reportId}#`)),
        unrestricted: (q) => run(q),
      };
    },
  },
  { name: 'FlexSearch 0.8.212 (Document, tag)', build: (corpus) => buildFlexSearch(corpus, 'tag') },
  { name: 'FlexSearch 0.8.212 (all hits, post-filter)', build: (corpus) => buildFlexSearch(corpus, 'post-filter') },
  {
    name: 'Orama 3.1.18 (where reportId)',
    build({ docs }) {
      // Orama's radix tree matches a query token as a prefix unless `exact`, and `exact` re-checks every
      // term with a \b regex, which never matches between Han characters. A terminator after every token
      // makes the prefix match an exact one. Tokens are de-duplicated per field as Orama's own tokenizer does.
      const END = '\u0001';
      const db = create({
        schema: { text: 'string', reportId: 'enum' } as const,
        components: { tokenizer: { language: 'english', normalizationCache: new Map(), tokenize: (raw: string) => [...new Set(raw.split(' '))].map((t) => t + END) } },
      });
      for (const d of docs) {
        if (typeof insert(db, { id: d.id, text: d.text, reportId: d.reportId }) !== 'string') throw new Error('Orama insert went async');
      }
      const run = (q: Query, reportId?: string) => {
        const results = oramaSearch(db, { term: q.text, limit: TOP_K, relevance: BM25, ...(reportId ? { where: { reportId: { eq: reportId } } } : {}) });
        if (results instanceof Promise) throw new Error('Orama search went async');
        return results.hits.map((h) => h.id);
      };
      return { restricted: (q) => run(q, q.reportId), unrestricted: (q) => run(q) };
    },
  },
  { name: 'candidate-scoped BM25+ (nianbao now)', build: buildCandidateBm25 },
];

/**
 * FlexSearch restricted to a report two ways. `tag`: its own filter, which searches the field with
 * FlexSearch's default limit of 100 (the Document passes limit 0, and Index.search turns 0 into 100)
 * and intersects those hits with the tag — chunks of the report ranked below the global 100th are never
 * seen. `post-filter`: every hit of the global search (limit = corpus size), filtered here; the cost
 * of seeing all of FlexSearch's in-report ranking.
 */
function buildFlexSearch({ docs }: Corpus, restrict: 'tag' | 'post-filter'): Engine {
  const index = new FlexDocument<{ n: number; text: string; reportId: string }>({
    document: { id: 'n', index: [{ field: 'text', tokenize: 'strict', encode: (s: string) => s.split(' ') }], tag: 'reportId' },
  });
  for (const d of docs) index.add({ n: d.n, text: d.text, reportId: d.reportId });
  // `suggest` makes a multi-token query an OR (FlexSearch intersects terms by default).
  const run = (q: Query, limit: number, tag?: { reportId: string }) =>
    index.search(q.text, { limit, suggest: true, tag }).flatMap((field) => field.result.map((n) => docs[n as number]!));
  return {
    restricted: (q) =>
      restrict === 'tag'
        ? run(q, TOP_K, { reportId: q.reportId }).map((d) => d.id)
        : run(q, docs.length)
            .filter((d) => d.reportId === q.reportId)
            .slice(0, TOP_K)
            .map((d) => d.id),
    unrestricted: (q) => run(q, TOP_K).map((d) => d.id),
  };
}

/**
 * What src/index/snapshot.ts `lexicalSearch` does, in memory: per chunk a token → frequency map and its
 * number of distinct tokens, global document frequencies, and BM25+ over the chunks of the scope only,
 * times the number of matched query tokens (MiniSearch's "quality"). "Unrestricted" scores every chunk,
 * which nianbao itself does only up to LEXICAL_MAX_REPORTS (400) reports.
 */
function buildCandidateBm25({ docs, tokens, byReport }: Corpus): Engine {
  const tf = tokens.map((list) => {
    const m = new Map<string, number>();
    for (const t of list) m.set(t, (m.get(t) ?? 0) + 1);
    return m;
  });
  const lengths = Float64Array.from(tf, (m) => m.size);
  const df = new Map<string, number>();
  for (const m of tf) for (const t of m.keys()) df.set(t, (df.get(t) ?? 0) + 1);
  const avgLength = lengths.reduce((a, b) => a + b, 0) / docs.length;
  const all = Array.from(docs, (_, i) => i);
  const run = (q: Query, scope: readonly number[]) => {
    const idf = q.tokens.map((t) => {
      const f = df.get(t) ?? 0;
      return Math.log(1 + (docs.length - f + 0.5) / (f + 0.5));
    });
    const scored: { i: number; score: number }[] = [];
    for (const i of scope) {
      const m = tf[i]!;
      let score = 0;
      let matched = 0;
      for (let j = 0; j < q.tokens.length; j++) {
        const f = m.get(q.tokens[j]!);
        if (!f) continue;
        matched++;
        score += idf[j]! * (BM25.d + (f * (BM25.k + 1)) / (f + BM25.k * (1 - BM25.b + (BM25.b * lengths[i]!) / avgLength)));
      }
      if (matched) scored.push({ i, score: score * matched });
    }
    // Stable sort: ties keep corpus order, as in snapshot.ts.
    scored.sort((a, b) => b.score - a.score);
    return scored.slice(0, TOP_K).map((s) => docs[s.i]!.id);
  };
  return { restricted: (q) => run(q, byReport.get(q.reportId) ?? []), unrestricted: (q) => run(q, all) };
}

/** A gc'd heap reading; `--expose-gc` is switched on here so the plain `npx tsx` command works. */
const gc: () => void = (() => {
  v8.setFlagsFromString('--expose-gc');
  return vm.runInNewContext('gc') as () => void;
})();

/** Waits for pending timers first: FlexSearch's encoder cache holds its index until a 50 ms timer fires. */
async function heapUsed(): Promise<number> {
  await new Promise((resolve) => setTimeout(resolve, 200));
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)]!;
}

/** One untimed warm-up pass, then `repeat` timed passes; the top hits of the last pass are returned. */
function timeQueries(search: (q: Query) => string[], queries: Query[], repeat: number): { p50: number; p95: number; hits: string[][] } {
  let hits = queries.map(search);
  const times: number[] = [];
  for (let r = 0; r < repeat; r++) {
    hits = queries.map((q) => {
      const started = performance.now();
      const out = search(q);
      times.push(performance.now() - started);
      return out;
    });
  }
  times.sort((a, b) => a - b);
  return { p50: percentile(times, 50), p95: percentile(times, 95), hits };
}

/** Share of queries whose first hit is a chunk of the question's report quoting its evidence. */
function recallAt1(corpus: Corpus, queries: Query[], hits: string[][]): number {
  const found = queries.filter((q, i) => {
    const top = hits[i]![0];
    const chunk = top === undefined ? undefined : corpus.passages.get(top);
    return !!chunk && citationMatches(chunk, q.gold.source, q.gold.evidence);
  });
  return found.length / queries.length;
}

interface Latency {
  p50: number;
  p95: number;
}

interface FormResult {
  restricted: Latency;
  unrestricted: Latency;
  recall: number;
  /** Restricted top-1 chunk id per query ('' for none). */
  top1: string[];
  noHit: number;
}

/**
 * Builds one engine and times it on every query form. A function of its own so that nothing of the
 * engine outlives the call: the next engine's heap baseline must not include this one.
 */
async function measureEngine(spec: EngineSpec, corpus: Corpus, forms: { queries: Query[] }[], repeat: number): Promise<{ buildS: number; heapMb: number; forms: FormResult[] }> {
  const before = await heapUsed();
  const started = performance.now();
  const engine = spec.build(corpus);
  const buildS = (performance.now() - started) / 1000;
  const heapMb = ((await heapUsed()) - before) / 2 ** 20;
  return {
    buildS,
    heapMb,
    forms: forms.map(({ queries }) => {
      const restricted = timeQueries((q) => engine.restricted(q), queries, repeat);
      const unrestricted = timeQueries((q) => engine.unrestricted(q), queries, repeat);
      const { hits } = restricted;
      const stray = queries.findIndex((q, i) => hits[i]!.some((id) => !id.startsWith(`${q.reportId}#`)));
      if (stray >= 0) throw new Error(`${spec.name}: a restricted search for ${queries[stray]!.id} returned a chunk of another report`);
      return {
        restricted: { p50: restricted.p50, p95: restricted.p95 },
        unrestricted: { p50: unrestricted.p50, p95: unrestricted.p95 },
        recall: recallAt1(corpus, queries, hits),
        top1: hits.map((h) => h[0] ?? ''),
        noHit: hits.filter((h) => h.length === 0).length,
      };
    }),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { reports: { type: 'string' }, seed: { type: 'string', default: '1' }, repeat: { type: 'string', default: '3' } } });
  const parsed = cliSchema.safeParse(values);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    console.error(`--${issue.path.join('.')}: ${issue.message} (usage: npx tsx bench/lexical-engines.ts --reports N [--seed 1] [--repeat 3])`);
    process.exit(2);
  }
  const { reports: reportCount, seed, repeat } = parsed.data;
  const log = (line: string) => process.stderr.write(`[lexical-engines] ${line}\n`);
  const root = process.cwd();
  const outDir = path.join(root, 'bench', '.scale', `${reportCount}-${seed}`);

  const { questions } = await generateScaleCorpus({ reports: reportCount, seed, outDir });
  let started = performance.now();
  const { reports } = await ingestCorpus(path.join(outDir, 'corpus'), root, (done, total) => done % 200 === 0 && log(`ingest ${done}/${total}`));
  log(`ingested ${reports.length} reports in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  started = performance.now();
  const corpus: Corpus = { docs: [], tokens: [], byReport: new Map(), passages: new Map() };
  for (const report of reports) {
    const positions: number[] = [];
    for (const chunk of report.chunks) {
      const tokens = searchTokens(chunk.norm);
      if (tokens.some((t) => t.includes(' '))) throw new Error(`${chunk.id}: a token holds a space, so space-joined text would split it`);
      positions.push(corpus.docs.length);
      corpus.docs.push({ id: chunk.id, n: corpus.docs.length, reportId: chunk.reportId, text: tokens.join(' ') });
      corpus.tokens.push(tokens);
      corpus.passages.set(chunk.id, { source: report.source, quote: chunk.text });
    }
    corpus.byReport.set(report.id, positions);
  }
  // Two query forms: the whole question (the comparison asked for), and the terms nianbao's retrieval
  // sends (src/retrieve/search.ts): the question minus region, body, year and question words, plus
  // metric synonyms, each tokenized as lexicalSearch does. As search words the region, body and year
  // favour the report's title chunk, which repeats them.
  const catalog = createCatalog(reports.map(summarizeReport));
  const toQuery = (gold: ScaleQuestion, words: string[]): Query => {
    const tokens = [...new Set(words.flatMap((w) => searchTokens(w)))];
    return { id: gold.id, reportId: path.basename(gold.source, '.txt'), tokens, text: tokens.join(' '), gold };
  };
  const forms: { name: string; queries: Query[] }[] = [
    { name: 'whole question: searchTokens(question)', queries: questions.map((g) => toQuery(g, [g.question])) },
    {
      name: "nianbao's query terms: searchTokens of parseQuery(question).terms",
      queries: questions.map((g) => {
        const parsed = parseQuery(g.question, catalog);
        return toQuery(g, parsed.terms.length ? parsed.terms : [parsed.norm]);
      }),
    },
  ];
  const reachable = questions.filter((g) =>
    (corpus.byReport.get(path.basename(g.source, '.txt')) ?? []).some((i) => citationMatches(corpus.passages.get(corpus.docs[i]!.id)!, g.source, g.evidence)),
  ).length;
  log(`tokenized ${corpus.docs.length} chunks and ${questions.length} questions in ${((performance.now() - started) / 1000).toFixed(1)} s`);

  const results: { name: string; buildS: number; heapMb: number; forms: FormResult[] }[] = [];
  for (const spec of ENGINES) {
    const measured = await measureEngine(spec, corpus, forms, repeat);
    log(`${spec.name}: built in ${measured.buildS.toFixed(2)} s`);
    results.push({ name: spec.name, ...measured });
  }

  const ms = ({ p50, p95 }: Latency) => `${p50.toFixed(2)} / ${p95.toFixed(2)}`;
  console.log(
    `${reports.length} reports, ${corpus.docs.length} chunks, ${questions.length} questions (${reachable} with an evidence chunk in their report); ` +
      `latency over ${repeat} timed passes after one warm-up, tokenizing excluded; Node ${process.version}`,
  );
  const reference = results.at(-1)!;
  forms.forEach(({ name, queries }, f) => {
    const tokens = queries.reduce((n, q) => n + q.tokens.length, 0) / queries.length;
    console.log(`\nQuery = ${name} (${tokens.toFixed(1)} distinct tokens on average)\n`);
    console.log('| engine | build s | heap MB | restricted p50/p95 ms | unrestricted p50/p95 ms | recall@1 (restricted) |');
    console.log('|---|---|---|---|---|---|');
    for (const r of results) {
      const form = r.forms[f]!;
      console.log(`| ${r.name} | ${r.buildS.toFixed(2)} | ${r.heapMb.toFixed(1)} | ${ms(form.restricted)} | ${ms(form.unrestricted)} | ${(form.recall * 100).toFixed(1)}% |`);
    }
    console.log(`\nrestricted searches with no hit: ${results.map((r) => `${r.name} ${r.forms[f]!.noHit}`).join('; ')}`);
    const same = (r: (typeof results)[number]) => r.forms[f]!.top1.filter((id, i) => id === reference.forms[f]!.top1[i]).length;
    console.log(`restricted top-1 identical to ${reference.name}'s: ${results.slice(0, -1).map((r) => `${r.name} ${same(r)}/${queries.length}`).join('; ')}`);
  });
}

await main();
