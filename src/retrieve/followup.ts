/**
 * Conversation follow-ups. An elliptical question (`那2013年呢？`, `其中信函申请多少件？`, `他们有没有收费？`)
 * names no report of its own: it inherits region, body and year from the turns before it, and its measure
 * too when it names none. A question that names its own place starts afresh.
 */
import type { ParsedQuery } from '../types.js';
import type { Catalog } from './catalog.js';
import { parseQuery } from './query.js';

export interface PriorTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** How many earlier user turns may lend a follow-up what it leaves out. */
const LOOKBACK = 3;

/** The question as the conversation means it: `query` completed from earlier user turns where it is elliptical. */
export function resolveFollowUp(query: ParsedQuery, history: readonly PriorTurn[] | undefined, catalog: Catalog): ParsedQuery {
  // A question with its own place and its own measure stands alone; `芦淞区呢？` still borrows the measure.
  if (!history?.length || ((query.region || query.body) && query.terms.length > 0)) return query;
  const earlier = history.filter((t) => t.role === 'user').slice(-LOOKBACK).reverse();
  let merged = query;
  for (const turn of earlier) {
    const prior = parseQuery(turn.content, catalog);
    merged = {
      ...merged,
      region: merged.region ?? prior.region,
      regionPath: merged.region ? merged.regionPath : prior.regionPath,
      body: merged.body ?? prior.body,
      year: merged.year ?? prior.year,
      // A follow-up that names no measure (`那2013年呢？`) asks the earlier question again for its own year.
      ...(merged.terms.length === 0 ? { terms: prior.terms, norm: withYear(prior.norm, prior.year, merged.year) } : {}),
    };
    if ((merged.region || merged.body) && merged.terms.length > 0) break;
  }
  return merged;
}

/** `赤峰2012年依申请公开多少件` with 2013 → `赤峰2013年依申请公开多少件`. */
function withYear(norm: string, from: number | null, to: number | null): string {
  return from !== null && to !== null ? norm.split(String(from)).join(String(to)) : norm;
}
