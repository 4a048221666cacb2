/**
 * The on-disk index: build (`buildIndex`), load (`loadIndex`), staleness (`isIndexStale`), and the
 * swappable parts it is made of (VectorIndex implementations, the BM25 lexical index). The LangChain
 * adapter is imported from `./langchain-store.js` directly, so using the index does not load LangChain.
 */
export { buildIndex, type BuildIndexOptions, type BuildPhase, type BuildStats } from './build.js';
export {
  loadIndex,
  isIndexStale,
  summarizeReport,
  readManifest,
  type LoadedIndex,
  type LoadIndexOptions,
  type Staleness,
} from './store.js';
export { FORMAT_VERSION, corpusChecksum, type IndexManifest, type SourceChecksum } from './manifest.js';
export { createLexicalIndex, loadLexicalIndex, type LexicalIndex, type LexicalHit, type LexicalIndexData } from './lexical.js';
export { createVectorIndex, loadVectorIndex } from './vector-factory.js';
export { hnswParamsOf, type VectorIndex, type VectorHit, type VectorIndexKind, type VectorIndexOptions, type HnswParams } from './vector-index.js';
export { measureRecall, type RecallOptions, type RecallReport } from './recall.js';
