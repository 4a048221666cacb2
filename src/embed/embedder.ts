/**
 * The embedding model contract, kept apart from the helper that batches and reports progress
 * (`embedMany`), as vercel/ai separates `EmbeddingModel.doEmbed` from `embedMany`.
 */

export type EmbedKind = 'query' | 'passage';

export interface EmbedOptions {
  kind: EmbedKind;
  signal?: AbortSignal;
}

export interface Embedder {
  /** Stable id written into the index manifest; changes whenever the vectors would change. */
  readonly id: string;
  readonly dimension: number;
  /** The most texts one `embed` call accepts. */
  readonly maxEmbeddingsPerCall: number;
  /** One unit-length vector per text, in order. */
  embed(texts: string[], options: EmbedOptions): Promise<number[][]>;
}

/**
 * Embeds any number of texts in batches of `embedder.maxEmbeddingsPerCall` (or `batchSize` if smaller),
 * calling `onProgress(done, total)` after each batch; stops with the signal's reason when aborted.
 */
export async function embedMany(
  embedder: Embedder,
  texts: string[],
  options: EmbedOptions & { batchSize?: number; onProgress?: (done: number, total: number) => void },
): Promise<number[][]> {
  const size = Math.max(1, Math.min(options.batchSize ?? embedder.maxEmbeddingsPerCall, embedder.maxEmbeddingsPerCall));
  const out: number[][] = [];
  for (let i = 0; i < texts.length; i += size) {
    options.signal?.throwIfAborted();
    const batch = texts.slice(i, i + size);
    out.push(...(await embedder.embed(batch, { kind: options.kind, signal: options.signal })));
    options.onProgress?.(Math.min(i + size, texts.length), texts.length);
  }
  return out;
}
