/**
 * Our loaded index as a LangChain `VectorStore`, so LangChain code (retrievers, chains, agents) can
 * search it: `new NianbaoVectorStore(index, embedder).asRetriever(5)`.
 *
 * Why an adapter rather than building on @langchain/community's `HNSWLib` store (read in
 * node_modules, v1.1): its `initIndex` always creates the graph with hnswlib's default M and
 * efConstruction, so our settings cannot reach it; it never sets efSearch, and since hnswlib does not
 * persist ef, a loaded store searches with ef = 10 (poor recall); its scores are cosine *distances*
 * (lower is better) where our contract and LangChain's own MemoryVectorStore give similarity; and it
 * saves every chunk a second time as a Document docstore next to our report store. hnswlib-node stays
 * behind our VectorIndex contract, and this file keeps the store swappable from the LangChain side.
 */
import { Document } from '@langchain/core/documents';
import type { EmbeddingsInterface } from '@langchain/core/embeddings';
import { VectorStore } from '@langchain/core/vectorstores';
import { embedMany, type Embedder } from '../embed/embedder.js';
import { NianbaoError } from '../errors.js';
import type { Chunk } from '../types.js';
import type { StoreFilter } from './ports.js';
import type { IndexSnapshot } from './snapshot.js';

/** What each returned Document carries besides the chunk text (its `pageContent`). */
export interface ChunkMetadata {
  chunkId: string;
  reportId: string;
  source: string;
  title: string;
  region: string | null;
  year: number | null;
  /** Heading path joined with ` > `. */
  section: string;
  paragraphs: number[];
}

/** Our Embedder in LangChain's shape: documents are embedded as passages, queries as queries. */
export function toLangChainEmbeddings(embedder: Embedder): EmbeddingsInterface {
  return {
    embedDocuments: (texts) => embedMany(embedder, texts, { kind: 'passage' }),
    embedQuery: async (text) => (await embedder.embed([text], { kind: 'query' }))[0]!,
  };
}

/**
 * A read-only LangChain vector store over a LoadedIndex. Scores are cosine similarities (higher is
 * better). A filter is data (`StoreFilter`: report ids, text), applied inside the store's search. Adding
 * documents is refused: the index is rebuilt from the corpus with `npm run index`.
 */
export class NianbaoVectorStore extends VectorStore {
  declare FilterType: StoreFilter;

  constructor(
    private readonly index: IndexSnapshot,
    embedder: Embedder,
  ) {
    super(toLangChainEmbeddings(embedder), {});
    if (embedder.id !== index.info.embedder.id) {
      throw new NianbaoError('INDEX_INCOMPATIBLE', `index embedder ${index.info.embedder.id}, store embedder ${embedder.id}`);
    }
  }

  _vectorstoreType(): string {
    return 'nianbao';
  }

  async addVectors(): Promise<void> {
    throw readOnly();
  }

  async addDocuments(): Promise<void> {
    throw readOnly();
  }

  async similaritySearchVectorWithScore(
    query: number[],
    k: number,
    filter?: this['FilterType'],
  ): Promise<[Document<ChunkMetadata>, number][]> {
    const hits = await this.index.vectors.search(query, k, filter);
    const chunks = await this.index.chunks(hits.map((h) => h.id));
    return chunks.map((chunk, i) => [this.toDocument(chunk), hits[i]!.score]);
  }

  private toDocument(chunk: Chunk): Document<ChunkMetadata> {
    const report = this.index.summariesById.get(chunk.reportId)!;
    return new Document<ChunkMetadata>({
      id: chunk.id,
      pageContent: chunk.text,
      metadata: {
        chunkId: chunk.id,
        reportId: chunk.reportId,
        source: report.source,
        title: report.title,
        region: report.region,
        year: report.year,
        section: chunk.headingPath.join(' > '),
        paragraphs: chunk.paragraphs,
      },
    });
  }
}

function readOnly(): NianbaoError {
  return new NianbaoError('INVALID_REQUEST', 'the nianbao vector store is read-only; rebuild the index with `npm run index`');
}
