/**
 * Token vectors of the derived model, learned from the corpus alone:
 * 1. a truncated SVD of the token × context matrix (`contexts.ts`): word and passage co-occurrence;
 * 2. each word's vector blended with its characters' vectors, so a word seen once, or `访问量` next
 *    to `浏览量`, leans on what its characters mean;
 * 3. scaled by a weight: the model mean-pools and then normalizes, so a token's length is its say in
 *    the sentence vector. The weight is an IDF computed within the reports that use the token: a
 *    region name fills many lines of its own report, so it says little about which passage answers,
 *    while `市长专线` is rare even inside its report and says a lot. Question words get zero.
 */
import { contextMatrix, type SegmentedCorpus } from './contexts.js';
import { truncatedSvd } from './svd.js';
import { CLS_ID, QUESTION_WORDS, SPECIAL_TOKENS, type Vocabulary } from './vocabulary.js';

const SEED = 20240601;
/** Singular values enter as s^0.5, the usual symmetric split between token and context side. */
const SINGULAR_POWER = 0.5;
/** Weight of the characters' mean vector added to a word's own (unit) vector. */
const CHAR_BLEND = 0.5;
/** Weight floor: frequent tokens fade but never vanish, so a text of common words still has a direction. */
const MIN_WEIGHT = 0.1;

/**
 * The embedding matrix, row-major `tokens × dim` in float32: row `id` is the vector of token `id`.
 * Special tokens are zero except `[CLS]`, which gets a tiny generic vector: negligible beside any real
 * token, but it keeps an empty or all-unknown text from mean-pooling to zero (which normalizes to NaN).
 */
export function deriveTokenVectors(vocab: Vocabulary, corpus: SegmentedCorpus, dim: number): Float32Array {
  const n = vocab.tokens.length;
  const chars = vocab.tokens.map((t, id) => (id < SPECIAL_TOKENS.length ? [] : constituentChars(vocab, t)));
  const svd = truncatedSvd(contextMatrix(corpus, chars, n), dim, SEED);
  const own = new Float64Array(n * dim);
  for (let id = 0; id < n; id++) {
    for (let c = 0; c < svd.k; c++) own[id * dim + c] = svd.u[id * svd.k + c]! * svd.s[c]! ** SINGULAR_POWER;
    normalize(own.subarray(id * dim, (id + 1) * dim));
  }

  const weight = withinReportIdf(vocab, corpus);
  const silent = new Set(QUESTION_WORDS.map((w) => vocab.ids.get(w)));
  const out = new Float32Array(n * dim);
  const mean = new Float64Array(dim);
  for (let id = SPECIAL_TOKENS.length; id < n; id++) {
    if (silent.has(id)) continue;
    const row = own.slice(id * dim, (id + 1) * dim);
    const parts = chars[id]!;
    for (const ch of parts) for (let c = 0; c < dim; c++) row[c] += (CHAR_BLEND / parts.length) * own[ch * dim + c]!;
    normalize(row);
    for (let c = 0; c < dim; c++) {
      out[id * dim + c] = row[c]! * weight[id]!;
      mean[c] += row[c]!;
    }
  }
  normalize(mean);
  for (let c = 0; c < dim; c++) out[CLS_ID * dim + c] = mean[c]! * 1e-3;
  return out;
}

/** Ids of the single-character tokens a multi-character word is made of (empty for characters). */
function constituentChars(vocab: Vocabulary, token: string): number[] {
  const cs = [...token];
  if (cs.length < 2) return [];
  return cs.map((c) => vocab.ids.get(c)).filter((id): id is number => id !== undefined);
}

/**
 * `log((N + 1) / (df + 0.5))` where df counts the lines whose text contains the token and N the lines
 * of the texts that contain it at all (every line for a token the corpus never uses), floored at
 * MIN_WEIGHT. Containment, not segmentation: `绥芬河` is never a token of the corpus (maximum matching
 * takes `绥芬河市`), yet it is no rarer than `绥芬河市`, and a question that says `绥芬河` should not
 * weigh it as if it were unheard of.
 */
function withinReportIdf(vocab: Vocabulary, corpus: SegmentedCorpus): Float64Array {
  const n = vocab.tokens.length;
  const longest = Math.max(...vocab.tokens.map((t) => [...t].length));
  const linesPerText = new Map<number, number>();
  for (const t of corpus.textOf) linesPerText.set(t, (linesPerText.get(t) ?? 0) + 1);
  const df = new Float64Array(n);
  const texts = Array.from({ length: n }, () => new Set<number>());
  corpus.lineTexts.forEach((line, i) => {
    const chars = [...line];
    const seen = new Set<number>();
    for (let start = 0; start < chars.length; start++) {
      for (let end = start + 1; end <= Math.min(chars.length, start + longest); end++) {
        const id = vocab.ids.get(chars.slice(start, end).join(''));
        if (id !== undefined) seen.add(id);
      }
    }
    for (const id of seen) {
      df[id]++;
      texts[id]!.add(corpus.textOf[i]!);
    }
  });
  const weight = new Float64Array(n);
  for (let id = 0; id < n; id++) {
    let lines = 0;
    for (const t of texts[id]!) lines += linesPerText.get(t)!;
    weight[id] = Math.max(MIN_WEIGHT, Math.log(((lines || corpus.lines.length) + 1) / (df[id]! + 0.5)));
  }
  return weight;
}

function normalize(v: Float64Array): void {
  let norm = 0;
  for (const x of v) norm += x * x;
  if (norm === 0) return;
  const inv = 1 / Math.sqrt(norm);
  for (let c = 0; c < v.length; c++) v[c] *= inv;
}
