/**
 * The on-disk index: an embedded store per index directory (SQLite rows, an append-only vector file,
 * an HNSW graph) kept in step with the corpus (`prepareIndex`), read through async ports (`ports.ts`)
 * by a loaded generation (`IndexSnapshot`). The LangChain adapter is imported from
 * `./langchain-store.js` directly, so using the index does not load LangChain.
 */
export { buildIndex, type BuildIndexOptions } from './build.js';
export { prepareIndex, openEmbedder, type Prepared, type PrepareOptions, type PreparePhase, type BuildSummary } from './maintain.js';
export { IndexSnapshot, EXACT_MAX_VECTORS, LEXICAL_MAX_REPORTS, reportIdOf, type StoreInfo } from './snapshot.js';
export { applyChanges, HNSW_TAIL_MAX, type BuildPhase, type BuildStats, type StoreChanges } from './update.js';
export { FORMAT_VERSION, readManifest, acquireBuildLock, type IndexManifest } from './manifest.js';
export type { ChunkStore, LexicalStore, VectorStore, StoreFilter, ScoredId } from './ports.js';
export type { StoredSummary } from './db.js';
export { createVectorIndex, loadVectorIndex } from './vector-factory.js';
export { hnswParamsOf, type VectorIndex, type VectorHit, type VectorIndexKind, type VectorIndexOptions, type HnswParams } from './vector-index.js';
export { measureRecall, type RecallOptions, type RecallReport } from './recall.js';

import type { IndexSnapshot } from './snapshot.js';
/** A loaded index generation (the name the rest of the code uses). */
export type LoadedIndex = IndexSnapshot;
