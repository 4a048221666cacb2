/**
 * The lexical half of hybrid search: BM25 (MiniSearch's BM25+) over jieba tokens. Indexing and search
 * share `searchTokens` (jieba words + Han bigrams) from src/text, so a query and a chunk split the same way and numbers (`2012`, `7059`,
 * `49.14`) stay whole tokens that can be matched exactly. Prefix and fuzzy matching are off: on Chinese
 * tokens an edit distance of one turns `公开` into any two-character word ending in `开`.
 *
 * Only the chunk's `norm` is indexed. It already carries the heading path (see `Chunk.norm`), so a
 * separate heading field would count heading words twice.
 */
import MiniSearch, { type AsPlainObject } from 'minisearch';
import { z } from 'zod';
import { searchTokens } from '../text/index.js';
import type { Chunk } from '../types.js';

export interface LexicalHit {
  /** Chunk id. */
  id: string;
  /** BM25 score; only comparable within one query. */
  score: number;
}

/** What `toJSON` returns and `loadLexicalIndex` accepts: plain data, safe to JSON.stringify. */
export interface LexicalIndexData {
  formatVersion: typeof FORMAT_VERSION;
  engine: AsPlainObject;
}

export interface LexicalIndex {
  /** Number of indexed chunks. */
  readonly size: number;
  add(chunks: Iterable<Pick<Chunk, 'id' | 'norm'>>): void;
  /**
   * The `k` best chunks for a question (tokenized here) or for terms already chosen by query
   * understanding (each tokenized too, so a multi-word term matches the sub-words the index holds).
   * Terms are OR-combined: a chunk matching any term is a candidate and BM25 ranks them.
   * `filter` keeps only the chunk ids it accepts, e.g. one report's.
   */
  search(query: string | string[], k: number, filter?: (id: string) => boolean): LexicalHit[];
  toJSON(): LexicalIndexData;
}

const FORMAT_VERSION = 1;

interface LexicalDoc {
  id: string;
  norm: string;
}

const ENGINE_OPTIONS = {
  fields: ['norm'],
  storeFields: [],
  tokenize: (text: string) => searchTokens(text),
  // tokenize already lower-cases; MiniSearch's default processTerm would do it again.
  processTerm: (term: string) => term,
};

const dataSchema = z.object({
  formatVersion: z.literal(FORMAT_VERSION),
  engine: z.object({ documentCount: z.number(), serializationVersion: z.number(), index: z.array(z.unknown()) }).passthrough(),
});

/** A lexical index over the given chunks (none by default). Throws on duplicate chunk ids. */
export function createLexicalIndex(chunks: Iterable<Pick<Chunk, 'id' | 'norm'>> = []): LexicalIndex {
  const index = new MiniSearchLexicalIndex(new MiniSearch<LexicalDoc>(ENGINE_OPTIONS));
  index.add(chunks);
  return index;
}

/** Restores an index from `toJSON()` output; throws an Error saying what is wrong with the data. */
export function loadLexicalIndex(json: unknown): LexicalIndex {
  const parsed = dataSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw new Error(`lexical index ${issue.path.join('.') || 'data'}: ${issue.message}`);
  }
  return new MiniSearchLexicalIndex(MiniSearch.loadJS<LexicalDoc>(parsed.data.engine as AsPlainObject, ENGINE_OPTIONS));
}

class MiniSearchLexicalIndex implements LexicalIndex {
  constructor(private readonly engine: MiniSearch<LexicalDoc>) {}

  get size(): number {
    return this.engine.documentCount;
  }

  add(chunks: Iterable<Pick<Chunk, 'id' | 'norm'>>): void {
    this.engine.addAll([...chunks].map(({ id, norm }) => ({ id, norm })));
  }

  search(query: string | string[], k: number, filter?: (id: string) => boolean): LexicalHit[] {
    const terms = [...new Set(typeof query === 'string' ? searchTokens(query) : query.flatMap((t) => searchTokens(t)))];
    if (terms.length === 0 || k < 1) return [];
    const results = this.engine.search(
      { queries: terms, combineWith: 'OR' },
      {
        // The terms are tokens already: MiniSearch must not split them again.
        tokenize: (term) => [term],
        prefix: false,
        fuzzy: false,
        filter: filter && ((result) => filter(result.id as string)),
      },
    );
    return results.slice(0, Math.floor(k)).map((r) => ({ id: r.id as string, score: r.score }));
  }

  toJSON(): LexicalIndexData {
    return { formatVersion: FORMAT_VERSION, engine: this.engine.toJSON() };
  }
}
