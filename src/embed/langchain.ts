/**
 * Adapter from our `Embedder` to LangChain's `Embeddings`, so LangChain vector stores (HNSWLib,
 * MemoryVectorStore, …) embed with exactly the model and query/passage conventions of the index.
 */
import { Embeddings, type EmbeddingsParams } from '@langchain/core/embeddings';
import { embedMany, type Embedder } from './embedder.js';

export interface EmbedderEmbeddingsOptions extends EmbeddingsParams {
  /** Texts per `embed` call when embedding documents (capped by the embedder's maxEmbeddingsPerCall). */
  batchSize?: number;
}

/**
 * LangChain `Embeddings` backed by an `Embedder`: `embedDocuments` embeds passages, `embedQuery`
 * embeds a query (so bge-style query instructions apply to queries only). Calls go through
 * LangChain's AsyncCaller, which adds its retry and concurrency settings from `options`.
 */
export class EmbedderEmbeddings extends Embeddings {
  readonly embedder: Embedder;
  private readonly batchSize?: number;

  constructor(embedder: Embedder, options: EmbedderEmbeddingsOptions = {}) {
    const { batchSize, ...params } = options;
    super(params);
    this.embedder = embedder;
    this.batchSize = batchSize;
  }

  override async embedDocuments(documents: string[]): Promise<number[][]> {
    return this.caller.call(() => embedMany(this.embedder, documents, { kind: 'passage', batchSize: this.batchSize }));
  }

  override async embedQuery(document: string): Promise<number[]> {
    const [vector] = await this.caller.call(() => this.embedder.embed([document], { kind: 'query' }));
    return vector!;
  }
}

/** Shorthand for `new EmbedderEmbeddings(embedder, options)`. */
export function toLangChainEmbeddings(embedder: Embedder, options?: EmbedderEmbeddingsOptions): EmbedderEmbeddings {
  return new EmbedderEmbeddings(embedder, options);
}
