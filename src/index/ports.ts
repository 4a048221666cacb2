/**
 * The ports retrieval and answering talk to. They are async and take string ids and filters as plain
 * data (never callbacks), so a store on another machine or engine (PostgreSQL + pgvector for
 * multi-replica deployments) can implement them as well as the embedded store (`snapshot.ts`).
 */
import type { Chunk, Report } from '../types.js';

/** Restricts a search. Every field narrows; absent fields do not. */
export interface StoreFilter {
  /** Only chunks of these reports. */
  reportIds?: readonly string[] | null;
  /** Only chunks whose normalized text contains this string (a place named only inside reports). */
  textIncludes?: string | null;
  /**
   * Chunks to score when the scope is too large to score whole (an unconstrained question over a big
   * corpus): typically the vector search's candidates. Ignored when the scope is small enough.
   */
  candidates?: readonly string[] | null;
}

export interface ScoredId {
  /** Chunk id. */
  id: string;
  /** Higher is better; comparable within one result list only. */
  score: number;
}

export interface ChunkStore {
  /** The whole report, or null when the index has no such report. */
  report(id: string): Promise<Report | null>;
  /** The chunks of these ids, in the order given; unknown ids are left out. */
  chunks(ids: readonly string[]): Promise<Chunk[]>;
  /** The chunks of one section of a report (same heading path), in report order. */
  sectionChunks(reportId: string, headingPath: readonly string[]): Promise<Chunk[]>;
}

export interface LexicalStore {
  /**
   * BM25 over the search tokens of `terms` (each tokenized like the indexed text), OR-combined, best
   * first. Document frequencies are the whole index's, whatever the filter.
   */
  search(terms: readonly string[], k: number, filter?: StoreFilter): Promise<ScoredId[]>;
  /** Ids of reports whose text mentions a place name (the gazetteer's names found at ingest). */
  reportsMentioning(place: string, limit: number): Promise<string[]>;
}

export interface VectorStore {
  readonly dimension: number;
  /** Stored vectors, live ones only. */
  readonly size: number;
  /** Nearest chunks by cosine similarity, best first. */
  search(vector: ArrayLike<number>, k: number, filter?: StoreFilter): Promise<ScoredId[]>;
}
