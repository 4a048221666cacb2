/**
 * The token × context matrix the derived model's vectors are cut from. Each token row has two blocks:
 * - word contexts: PPMI of the tokens seen within a window around it (Levy, Goldberg & Dagan 2015,
 *   context counts smoothed by ^0.75). This makes `访问量`/`浏览量` or `复议`/`诉讼` neighbours;
 * - passage contexts: its TF-IDF weight in every corpus line, i.e. latent semantic indexing. This
 *   keeps the words of one passage together, which is what retrieval of that passage needs.
 * Each block is scaled to unit Frobenius norm, then the passage block is weighted `PASSAGE_WEIGHT`.
 * A multi-character word also credits its characters with `CHAR_CREDIT` of each of its counts, so a
 * character carries the meaning of the words it builds and an unseen word, which the tokenizer
 * spells out in characters, still lands near its meaning.
 */
import type { SparseMatrix } from './svd.js';

/** The corpus line by line: token ids, the normalized line itself, and the text (report) it came from. */
export interface SegmentedCorpus {
  lines: number[][];
  lineTexts: string[];
  textOf: number[];
}

const WINDOW = 5;
const CHAR_CREDIT = 0.5;
/** Tuned on the dev set: passage contexts twice as strong as word contexts ranked evidence lines best. */
const PASSAGE_WEIGHT = 2;

/**
 * Builds the `tokens × (tokens + lines)` context matrix. `chars[id]` lists the single-character
 * token ids of token `id` when it is a multi-character word.
 */
export function contextMatrix(corpus: SegmentedCorpus, chars: number[][], n: number): SparseMatrix {
  const words = wordContexts(corpus.lines, chars, n);
  const passages = passageContexts(corpus.lines, chars, n);
  return concatColumns(words, passages, PASSAGE_WEIGHT);
}

/** Windowed co-occurrence counts turned into PPMI. */
function wordContexts(lines: number[][], chars: number[][], n: number): SparseMatrix {
  const counts = new Map<number, number>();
  const add = (row: number, col: number, w: number) => counts.set(row * n + col, (counts.get(row * n + col) ?? 0) + w);
  for (const seq of lines) {
    for (let i = 0; i < seq.length; i++) {
      const w = seq[i]!;
      for (let j = Math.max(0, i - WINDOW); j <= Math.min(seq.length - 1, i + WINDOW); j++) {
        if (j === i) continue;
        add(w, seq[j]!, 1);
        for (const ch of chars[w]!) add(ch, seq[j]!, CHAR_CREDIT);
      }
    }
  }
  const rowSum = new Float64Array(n);
  const colSum = new Float64Array(n);
  for (const [key, v] of counts) {
    rowSum[Math.floor(key / n)] += v;
    colSum[key % n] += v;
  }
  let smoothedTotal = 0;
  for (let i = 0; i < n; i++) {
    colSum[i] = colSum[i]! ** 0.75;
    smoothedTotal += colSum[i]!;
  }
  // PMI = log(P(w,c) / (P(w)·P_α(c))) = log(count · Σ_α / (row(w) · col_α(c))); keep the positive part.
  return toSparse(counts, n, n, (row, col, count) => Math.log((count * smoothedTotal) / (rowSum[row]! * colSum[col]!)));
}

/** TF-IDF of each token in each line, lines scaled to unit length so long paragraphs do not dominate. */
function passageContexts(lines: number[][], chars: number[][], n: number): SparseMatrix {
  const df = new Float64Array(n);
  for (const seq of lines) for (const id of new Set(seq)) df[id]++;
  const cells = new Map<number, number>();
  const cols = lines.length;
  lines.forEach((seq, line) => {
    const tf = new Map<number, number>();
    for (const id of seq) {
      tf.set(id, (tf.get(id) ?? 0) + 1);
      for (const ch of chars[id]!) tf.set(ch, (tf.get(ch) ?? 0) + CHAR_CREDIT);
    }
    // Sublinear TF: a repeated word counts less than twice; a character credited 0.5 gets 1 + ln 0.5 ≈ 0.31.
    const weighted = [...tf].map(([id, f]) => [id, (1 + Math.log(f)) * Math.log((cols + 1) / (df[id]! + 0.5))] as const);
    const norm = Math.sqrt(weighted.reduce((s, [, v]) => s + v * v, 0)) || 1;
    for (const [id, v] of weighted) cells.set(id * cols + line, v / norm);
  });
  return toSparse(cells, n, cols, (_r, _c, v) => v);
}

/** Sorted CSR from `row * cols + col` keys, keeping only positive values of `value(row, col, raw)`. */
function toSparse(
  cells: Map<number, number>,
  rows: number,
  cols: number,
  value: (row: number, col: number, raw: number) => number,
): SparseMatrix {
  const keys = [...cells.keys()].sort((a, b) => a - b);
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  for (const key of keys) {
    const r = Math.floor(key / cols);
    const c = key % cols;
    const v = value(r, c, cells.get(key)!);
    if (!(v > 0)) continue;
    colIdx.push(c);
    values.push(v);
    rowPtr[r + 1]++;
  }
  for (let i = 0; i < rows; i++) rowPtr[i + 1] += rowPtr[i]!;
  return { rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
}

/** `[a / ‖a‖ | weight · b / ‖b‖]`: both blocks on the same scale before weighting. */
function concatColumns(a: SparseMatrix, b: SparseMatrix, weight: number): SparseMatrix {
  const frobenius = (m: SparseMatrix) => Math.sqrt(m.values.reduce((s, v) => s + v * v, 0)) || 1;
  const fa = frobenius(a);
  const fb = frobenius(b) / weight;
  const rowPtr = new Int32Array(a.rows + 1);
  const colIdx = new Int32Array(a.values.length + b.values.length);
  const values = new Float64Array(colIdx.length);
  let p = 0;
  for (let i = 0; i < a.rows; i++) {
    for (let q = a.rowPtr[i]!; q < a.rowPtr[i + 1]!; q++, p++) {
      colIdx[p] = a.colIdx[q]!;
      values[p] = a.values[q]! / fa;
    }
    for (let q = b.rowPtr[i]!; q < b.rowPtr[i + 1]!; q++, p++) {
      colIdx[p] = a.cols + b.colIdx[q]!;
      values[p] = b.values[q]! / fb;
    }
    rowPtr[i + 1] = p;
  }
  return { rows: a.rows, cols: a.cols + b.cols, rowPtr, colIdx, values };
}
