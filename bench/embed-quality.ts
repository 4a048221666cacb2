/**
 * `npx tsx bench/embed-quality.ts [questions.jsonl]`: how useful the derived offline model is as a
 * retrieval signal, measured on bare lines rather than through the whole engine (bench/retrieval.ts).
 * Every non-empty line of the seed reports is a candidate; for each answerable dev question the target
 * is the line containing its `evidence`. Prints recall@1/@5 and MRR for BM25 over jieba tokens, the
 * model's cosine ranking and their reciprocal-rank fusion, over all lines and within the source
 * report, for the dev questions and for a small paraphrase probe; then build time and throughput.
 */
import { readFile, readdir, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { buildLocalModel } from '../src/embed/local-model.js';
import { createTransformersEmbedder } from '../src/embed/transformers.js';
import { normalizeQuestionNumbers, normalizeText, stripPinyinGlosses, tokenize } from '../src/text/index.js';

interface Question { id: string; question: string; source: string; evidence: string }

const root = path.resolve(import.meta.dirname, '..');
const questionsFile = process.argv[2] ?? path.resolve(root, 'tests/fixtures/eval/dev.jsonl');
/**
 * Written for this check, not an evaluation set: the report's facts asked in other words than the
 * report uses (浏览 for 访问量, 收到申请 for 依申请公开, 书信 for 信函, 诉讼 for the 复议/诉讼 line).
 */
const PARAPHRASES: Question[] = [
  { id: 'p1', question: '赤峰市政府网站2012年有多少人次浏览', source: '004_4dd6e611894a30a9.txt', evidence: '市政府门户网站访问量达到179万余人次' },
  { id: 'p2', question: '芦淞区政府网站的浏览量是多少', source: '000_276f938339276f32.txt', evidence: '政府入口網站訪問量為180萬次' },
  { id: 'p3', question: '祥符区2018年收到多少件信息公开申请', source: '002_95e09199245b4244.txt', evidence: '全年共收到政务信息依申请公开15件' },
  { id: 'p4', question: '赤峰2012年收到的公开申请主要涉及哪些内容', source: '004_4dd6e611894a30a9.txt', evidence: '申请信息的内容主要涉及住房保障' },
  { id: 'p5', question: '赤峰市2012年有没有人就信息公开提起诉讼', source: '004_4dd6e611894a30a9.txt', evidence: '我市没有因政府信息公开申请行政复议' },
  { id: 'p6', question: '祥符区行政审批事项精简到了多少项', source: '002_95e09199245b4244.txt', evidence: '行政审批事项从171项精简至90' },
  { id: 'p7', question: '赤峰2012年以书信方式提出的申请有几件', source: '004_4dd6e611894a30a9.txt', evidence: '信函申请3件' },
  { id: 'p8', question: '芦淞区政务公开领导小组组长由谁担任', source: '000_276f938339276f32.txt', evidence: '由區長擔任組長' },
];

const compact = (s: string) => normalizeText(stripPinyinGlosses(s)).replace(/[\s\p{P}\p{S}]/gu, '');
const corpusDir = path.join(root, 'corpus');
const files = (await readdir(corpusDir)).filter((f) => f.endsWith('.txt')).sort();
const lines: { file: string; text: string }[] = [];
const texts: string[] = [];
for (const file of files) {
  const norm = (await readFile(path.join(corpusDir, file), 'utf8')).split('\n').map((l) => normalizeText(stripPinyinGlosses(l))).filter(Boolean);
  for (const text of norm) lines.push({ file, text });
  texts.push(norm.join('\n'));
}
const dev: Question[] = (await readFile(questionsFile, 'utf8')).split('\n').filter((l) => l.trim())
  .map((l) => JSON.parse(l) as Question & { kind: string }).filter((q) => q.kind !== 'none');

const outDir = path.join(os.tmpdir(), `nianbao-embed-quality-${process.pid}`);
let started = performance.now();
const model = await buildLocalModel({ texts, dim: 128, outDir });
const buildMs = performance.now() - started;
started = performance.now();
await buildLocalModel({ texts, dim: 128, outDir });
const skipMs = performance.now() - started;
started = performance.now();
const embedder = await createTransformersEmbedder({ model: model.dir, cacheDir: outDir, allowRemote: false, batchSize: 32 });
const loadMs = performance.now() - started;
started = performance.now();
const lineVectors = await embedder.embed(lines.map((l) => l.text), { kind: 'passage' });
const linesPerSec = lines.length / ((performance.now() - started) / 1000);
const joined = lines.map((l) => l.text).join('');
const synthetic = Array.from({ length: 512 }, (_, i) => joined.slice((i * 200) % (joined.length - 200)).slice(0, 200));
started = performance.now();
await embedder.embed(synthetic, { kind: 'passage' });
const passagesPerSec = synthetic.length / ((performance.now() - started) / 1000);

// BM25 (k1 1.2, b 0.75) over jieba search-mode tokens: the plain lexical baseline.
const docs = lines.map((l) => tokenize(l.text));
const df = new Map<string, number>();
for (const d of docs) for (const t of new Set(d)) df.set(t, (df.get(t) ?? 0) + 1);
const avgLen = docs.reduce((s, d) => s + d.length, 0) / docs.length;
function bm25(question: string): number[] {
  const terms = [...new Set(tokenize(question))];
  return docs.map((d) => terms.reduce((score, t) => {
    const f = d.filter((x) => x === t).length;
    if (!f) return score;
    const idf = Math.log(1 + (docs.length - df.get(t)! + 0.5) / (df.get(t)! + 0.5));
    return score + (idf * f * 2.2) / (f + 1.2 * (0.25 + (0.75 * d.length) / avgLen));
  }, 0));
}
const order = (scores: number[]) => scores.map((s, i) => [s, i] as const).sort((a, b) => b[0] - a[0] || a[1] - b[1]).map(([, i]) => i);
/** Reciprocal rank fusion (k = 60) of the top 50 of each ranking, the engine's default. */
function fuse(a: number[], b: number[]): number[] {
  const score = new Map<number, number>();
  for (const r of [a, b]) r.slice(0, 50).forEach((i, rank) => score.set(i, (score.get(i) ?? 0) + 1 / (60 + rank + 1)));
  return [...score].sort((x, y) => y[1] - x[1] || x[0] - y[0]).map(([i]) => i);
}

async function evaluate(name: string, questions: Question[]): Promise<void> {
  const asked = questions.map((q) => normalizeText(normalizeQuestionNumbers(q.question)));
  const qVectors = await embedder.embed(asked, { kind: 'query' });
  const targets = questions.map((q) => lines.flatMap((l, i) => (l.file === q.source && compact(l.text).includes(compact(q.evidence)) ? [i] : [])));
  const rows: string[] = [];
  for (const scope of ['all lines', 'source report'] as const) {
    const keep = (q: Question) => (i: number) => scope === 'all lines' || lines[i]!.file === q.source;
    const rankings = questions.map((q, n) => {
      const lexical = order(bm25(asked[n]!)).filter(keep(q));
      const vector = order(lineVectors.map((v) => v.reduce((s, x, c) => s + x * qVectors[n]![c]!, 0))).filter(keep(q));
      return { lexical, vector, hybrid: fuse(lexical, vector) };
    });
    for (const mode of ['lexical', 'vector', 'hybrid'] as const) {
      const pos = rankings.map((r, n) => r[mode].findIndex((i) => targets[n]!.includes(i)));
      const at = (k: number) => `${((100 * pos.filter((p) => p >= 0 && p < k).length) / pos.length).toFixed(1)}%`;
      const mrr = (pos.reduce((s, p) => s + (p >= 0 ? 1 / (p + 1) : 0), 0) / pos.length).toFixed(3);
      rows.push(`| ${scope.padEnd(13)} | ${mode.padEnd(7)} | ${at(1).padStart(6)} | ${at(5).padStart(6)} | ${mrr} |`);
    }
  }
  const missing = questions.filter((_, n) => targets[n]!.length === 0).map((q) => q.id);
  console.log(`\n${name}: ${questions.length} questions${missing.length ? ` (no target line: ${missing.join(', ')})` : ''}`);
  console.log('| candidates    | ranking | R@1    | R@5    | MRR   |\n|---------------|---------|--------|--------|-------|');
  console.log(rows.join('\n'));
}

console.log(`model ${embedder.id} (dim ${embedder.dimension}); ${lines.length} candidate lines from ${files.length} reports`);
await evaluate('dev questions', dev);
await evaluate('paraphrase probe', PARAPHRASES);
console.log(`\nbuild (cold, incl. jieba load): ${buildMs.toFixed(0)} ms; skipped rebuild: ${skipMs.toFixed(1)} ms; load: ${loadMs.toFixed(0)} ms`);
console.log(`throughput: ${linesPerSec.toFixed(0)} corpus lines/s; ${passagesPerSec.toFixed(0)} 200-char passages/s (batch 32)`);
await rm(outDir, { recursive: true, force: true });
