/**
 * A deterministic, fast fake `Embedder` for tests that need vectors but not a model: each text is a
 * bag of hashed character bigrams (and single characters, so one-character texts differ) in `dim`
 * buckets with ±1 signs, L2-normalized. Texts sharing characters get similar vectors, which is enough
 * for retrieval plumbing tests; no files, no native code, no network.
 */
import type { Embedder, EmbedOptions } from '../../src/embed/embedder.js';

export interface HashEmbedderOptions {
  dim?: number;
  maxEmbeddingsPerCall?: number;
  /** Prefix added to query texts, to let tests see that query and passage kinds are told apart. */
  queryPrefix?: string;
}

/** Creates the fake; the id names the dimension so index-compatibility checks can be exercised. */
export function createHashEmbedder(options: HashEmbedderOptions = {}): Embedder & { calls: number } {
  const dim = options.dim ?? 64;
  const queryPrefix = options.queryPrefix ?? '';
  const fake = {
    id: `test:hash-bigram-${dim}`,
    dimension: dim,
    maxEmbeddingsPerCall: options.maxEmbeddingsPerCall ?? 64,
    calls: 0,
    async embed(texts: string[], { kind, signal }: EmbedOptions): Promise<number[][]> {
      signal?.throwIfAborted();
      fake.calls++;
      return texts.map((t) => hashVector(kind === 'query' ? queryPrefix + t : t, dim));
    },
  };
  return fake;
}

/** The vector of one text; the empty text maps to a fixed unit vector rather than to zero. */
export function hashVector(text: string, dim: number): number[] {
  const v = new Array<number>(dim).fill(0);
  const chars = [...text.replace(/\s+/g, '')];
  const grams = chars.length === 0 ? [''] : [...chars, ...chars.slice(1).map((c, i) => chars[i] + c)];
  for (const g of grams) {
    const h = fnv1a(g);
    v[h % dim] += h & 0x80000000 ? -1 : 1;
  }
  let norm = Math.hypot(...v);
  if (norm === 0) {
    v[0] = 1;
    norm = 1;
  }
  return v.map((x) => x / norm);
}

/** 32-bit FNV-1a over UTF-16 code units. */
function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
