/**
 * Citations: the numbered passages an answer points at with `[n]` markers. Every answerer builds its
 * list from the retrieval hits here, so a citation always names report → section → paragraph and
 * quotes the passage verbatim (at most `MAX_QUOTE_CHARS`); `pruneUnused` then trims the list to what
 * the answer actually cites.
 */
import { cutPoint } from '../ingest/chunks.js';
import { normalizeWidth } from '../text/index.js';
import type { Citation, Hit } from '../types.js';

/**
 * The longest quote a citation (or an answer quoting a passage) carries, in characters. Longer than
 * any chunk the chunker makes (`chunkCeiling`, 601), so only passages of a store built by an older or
 * foreign parser are clipped, and an answer can never carry a whole report.
 */
export const MAX_QUOTE_CHARS = 800;

/** The text cut to at most `max` characters at a sentence or clause end where one is near, marked `…`. */
export function clipQuote(text: string, max = MAX_QUOTE_CHARS): string {
  if (text.length <= max) return text;
  return `${text.slice(0, cutPoint(text, 0, max - 1)).trimEnd()}…`;
}

/**
 * A citation marker: `[1]`, `[1,3]`, `[1、2]`, full-width `［２］` — the forms models write when told to
 * cite with [n]. At most three digits, so a bracketed year such as `[2012]` stays a number to check.
 * Full-width forms are matched rather than normalized away, because normalizing would also rewrite the
 * answer's Chinese punctuation (`，` → `,`).
 */
export const MARKER_PATTERN = '[[［]([0-9０-９]{1,3}(?:\\s*[,，、]\\s*[0-9０-９]{1,3})*)[\\]］]';
const MARKER_RE = new RegExp(MARKER_PATTERN, 'g');

/**
 * Numbered citations (1..n) for retrieval hits, in hit order. The same chunk retrieved twice (or two
 * chunks of one report with identical text) is cited once, so numbers never point at duplicates.
 */
export function buildCitations(hits: Hit[]): Citation[] {
  const seen = new Set<string>();
  const citations: Citation[] = [];
  for (const { chunk, report } of hits) {
    const sameText = `${chunk.reportId}\u0000${chunk.text}`;
    if (seen.has(chunk.id) || seen.has(sameText)) continue;
    seen.add(chunk.id).add(sameText);
    const paragraph = chunk.anchor ?? chunk.paragraphs[0]!;
    citations.push({
      n: citations.length + 1,
      reportId: chunk.reportId,
      source: report.source,
      title: report.title,
      region: report.region,
      year: report.year,
      section: chunk.headingPath.join(' > '),
      paragraph,
      ...(chunk.page ? { page: chunk.page } : {}),
      quote: clipQuote(chunk.text),
      ...(chunk.context ? { context: clipQuote(chunk.context) } : {}),
      url: `/reports/${encodeURIComponent(chunk.reportId)}#p${paragraph}`,
    });
  }
  return citations;
}

/** Every citation number the text's markers mention, in order of first mention, without repeats. */
export function citedNumbers(text: string): number[] {
  const out: number[] = [];
  for (const m of text.matchAll(MARKER_RE)) {
    for (const n of markerNumbers(m[1]!)) if (!out.includes(n)) out.push(n);
  }
  return out;
}

/** The text with its citation markers removed, e.g. to read numbers or a refusal without them. */
export function stripMarkers(text: string): string {
  return text.replace(MARKER_RE, '');
}

/** The citations renumbered 1..n in their current order. */
export function renumber(citations: Citation[]): Citation[] {
  return citations.map((c, i) => ({ ...c, n: i + 1 }));
}

/**
 * Keeps only the citations the answer references and renumbers both together: citations are numbered
 * by first mention (so the reader meets `[1]` first), and every marker is rewritten to the new
 * numbers. A marker that points at no citation is dropped rather than left dangling; grounding checks
 * report such markers before this runs.
 */
export function pruneUnused(answerText: string, citations: Citation[]): { text: string; citations: Citation[] } {
  const byNumber = new Map(citations.map((c) => [c.n, c]));
  const used = citedNumbers(answerText).filter((n) => byNumber.has(n));
  const newNumber = new Map(used.map((old, i) => [old, i + 1]));
  const text = answerText.replace(MARKER_RE, (_m, list: string) => {
    const kept = [...new Set(markerNumbers(list).filter((n) => newNumber.has(n)))];
    return kept.map((n) => `[${newNumber.get(n)}]`).join('');
  });
  return { text, citations: used.map((old) => ({ ...byNumber.get(old)!, n: newNumber.get(old)! })) };
}

function markerNumbers(list: string): number[] {
  return normalizeWidth(list).split(/\s*[,，、]\s*/).map(Number);
}
