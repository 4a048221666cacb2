/**
 * Hybrid retrieval: query understanding → report constraint from the corpus catalogue → lexical (BM25
 * over jieba tokens) and vector (HNSW over the embedder) rankings → reciprocal rank fusion. RRF is
 * used because BM25 scores and cosine similarities live on different scales; ranks do not. When the
 * question names a region/year the corpus has no report for, the result carries a NO_SUCH_REPORT
 * notice and no hits, so the answer can say so instead of answering from another report.
 */
import type { Config } from '../config.js';
import type { Embedder } from '../embed/embedder.js';
import { reportIdOf, type LoadedIndex, type StoreFilter } from '../index/index.js';
import type { Hit, ReportSummary, RetrievalResult } from '../types.js';
import { matchReports, sortedYears, startsWith, type Catalog } from './catalog.js';
import { resolveFollowUp, type PriorTurn } from './followup.js';
import { parseQuery } from './query.js';

export type SearchMode = 'hybrid' | 'lexical' | 'vector';

export interface SearchDeps {
  index: LoadedIndex;
  /** Null when only lexical search is possible (e.g. the model failed to load). */
  embedder: Embedder | null;
  catalog: Catalog;
  config: Pick<Config, 'topK' | 'candidates' | 'rrfK'>;
}

export interface SearchOptions {
  k?: number;
  mode?: SearchMode;
  /** Restrict to these reports (e.g. from the API's `filters.reportIds`), on top of what the question implies. */
  reportIds?: string[];
  /** Earlier turns: an elliptical follow-up inherits the report and measure it leaves out. */
  history?: PriorTurn[];
  signal?: AbortSignal;
}

interface Ranked {
  id: string;
  rank: number;
}

/** Retrieves the passages for a question. */
export async function retrieve(question: string, deps: SearchDeps, options: SearchOptions = {}): Promise<RetrievalResult> {
  const { index, catalog, config } = deps;
  const k = options.k ?? config.topK;
  const mode = deps.embedder ? (options.mode ?? 'hybrid') : 'lexical';
  let query = resolveFollowUp(parseQuery(question, catalog), options.history, catalog);
  const yearStated = (reportId: string, year: number) => index.summariesById.get(reportId)?.statedYears.includes(year) ?? false;
  let match = matchReports(query, catalog, yearStated);
  /** A place named only inside reports: every passage used must name it too, or a city-wide figure would answer for it. */
  let place: string | null = null;
  if (match.notice && match.notice.region && match.notice.availableYears.length === 0) {
    // A place no report is *about* may still be reported on inside one (`翁牛特旗` in the 赤峰市 report),
    // but only inside a report of a place that contains it: a town's report never answers for its province.
    const within = (r: ReportSummary) => !query.regionPath || (!!r.regionPath && r.regionPath.length < query.regionPath.length && startsWith(query.regionPath, r.regionPath));
    const inBody = (await index.lexical.reportsMentioning(match.notice.region, config.candidates)).filter((id) => within(index.summariesById.get(id)!));
    if (inBody.length && !match.notice.body) {
      const reports = inBody.map((id) => index.summariesById.get(id)!);
      const dated = query.year === null ? reports : reports.filter((r) => r.year === query.year || r.year === null);
      place = match.notice.region;
      query = { ...query, terms: [...new Set([place, ...query.terms])] };
      match = dated.length
        ? { reportIds: dated.map((r) => r.id) }
        : { reportIds: [], notice: { ...match.notice, availableYears: sortedYears(reports) } };
    }
  }
  if (match.notice) return { query, hits: [], notice: match.notice };

  const allowed = intersect(match.reportIds, options.reportIds ?? null);
  // The filter is data: the stores decide how to apply it (an exact scan of a few reports' rows, or
  // the HNSW graph over everything), and each still yields `candidates` hits inside it.
  const filter: StoreFilter = { reportIds: allowed ? [...allowed] : null, textIncludes: place };
  let vector: Ranked[] = [];
  if (mode !== 'lexical' && deps.embedder && index.vectors.size > 0) {
    options.signal?.throwIfAborted();
    const [q] = await deps.embedder.embed([query.norm], { kind: 'query', signal: options.signal });
    vector = (await index.vectors.search(q!, Math.min(index.vectors.size, config.candidates), filter)).map((h, i) => ({ id: h.id, rank: i + 1 }));
  }
  // The lexical query is the terms alone: the region, body and year are already a filter, and as
  // search words they would favour title-like chunks that repeat them. Over a scope too large to
  // score whole, BM25 ranks the vector search's candidates.
  const lexical: Ranked[] =
    mode === 'vector'
      ? []
      : (await index.lexical.search(query.terms.length ? query.terms : [query.norm], config.candidates, { ...filter, candidates: vector.map((v) => v.id) })).map((h, i) => ({
          id: h.id,
          rank: i + 1,
        }));
  const fused = fuseRankings({ lexical, vector }, config.rrfK);
  // A question that names no report must not silently become one report's: the best passage of each
  // of the next reports joins the first hits, so the answerer can see that several reports answer it.
  const unconstrained = !allowed && !query.region && !query.body && query.year === null && index.summaries.length > 1;
  const ordered = (unconstrained ? diversify(fused, reportIdOf, DIVERSE_REPORTS) : fused).slice(0, k);
  const chunks = await index.chunks(ordered.map((h) => h.id));
  const hits = chunks.map((chunk, i): Hit => {
    const { score, ranks } = ordered[i]!;
    return { chunk, report: index.summariesById.get(chunk.reportId)!, score, ranks };
  });
  return { query, hits };
}

/** How many reports an unconstrained question's first hits should span, when that many match at all. */
const DIVERSE_REPORTS = 3;

/**
 * Keeps the fused order, except that the best hit of each of the first `reports` distinct reports is
 * moved up to follow the overall best: `[A1, A2, B1, A3, C1]` → `[A1, B1, C1, A2, A3]`.
 */
export function diversify<T extends { id: string }>(ranked: readonly T[], reportOf: (id: string) => string, reports: number): T[] {
  const heads: T[] = [];
  const seen = new Set<string>();
  for (const r of ranked) {
    const report = reportOf(r.id);
    if (seen.has(report)) continue;
    seen.add(report);
    heads.push(r);
    if (heads.length >= reports) break;
  }
  const headSet = new Set(heads);
  return [...heads, ...ranked.filter((r) => !headSet.has(r))];
}

/**
 * Reciprocal rank fusion: score = Σ 1 / (k + rank) over the rankings a chunk appears in.
 * Ties keep the lexical order, which is the more precise signal for figures and names.
 */
export function fuseRankings(rankings: { lexical: Ranked[]; vector: Ranked[] }, k: number): { id: string; score: number; ranks: Hit['ranks'] }[] {
  const fused = new Map<string, { id: string; score: number; ranks: Hit['ranks']; order: number }>();
  let order = 0;
  for (const [name, list] of Object.entries(rankings) as ['lexical' | 'vector', Ranked[]][]) {
    for (const { id, rank } of list) {
      const entry = fused.get(id) ?? { id, score: 0, ranks: {}, order: order++ };
      entry.score += 1 / (k + rank);
      entry.ranks[name] = rank;
      fused.set(id, entry);
    }
  }
  return [...fused.values()].sort((a, b) => b.score - a.score || a.order - b.order).map(({ id, score, ranks }) => ({ id, score, ranks }));
}

function intersect(a: string[] | null, b: string[] | null): Set<string> | null {
  if (!a && !b) return null;
  if (!a) return new Set(b);
  if (!b) return new Set(a);
  const bs = new Set(b);
  return new Set(a.filter((x) => bs.has(x)));
}
