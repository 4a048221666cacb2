/**
 * Heading numbering used by the reports, as data: `一、` (level 1), `(一)`/`（一）` (level 2),
 * `1.`/`1、` (level 3), `(1)` (level 4). Inline enumerations (`一是…二是…`) are not headings.
 */
export interface HeadingPattern {
  level: number;
  re: RegExp;
}

export const HEADING_PATTERNS: readonly HeadingPattern[] = [
  { level: 1, re: /^第[一二三四五六七八九十]{1,3}(?:部分|章)/ },
  { level: 1, re: /^[一二三四五六七八九十]{1,3}[、．]/ },
  { level: 2, re: /^[(（][一二三四五六七八九十]{1,3}[)）]/ },
  // `1.` but not a decimal (`2.5`) or a date; `1、`.
  { level: 3, re: /^\d{1,2}(?:、|[.．](?!\d))/ },
  { level: 4, re: /^[(（]\d{1,2}[)）]/ },
];

/** Level of a heading-numbered line, or null. */
export function headingLevel(line: string): number | null {
  for (const p of HEADING_PATTERNS) if (p.re.test(line)) return p.level;
  return null;
}

/** A heading line is short; longer numbered lines are paragraphs that start with a run-in heading. */
export const MAX_HEADING_CHARS = 40;
/** A run-in heading (`(一)领导重视,落实责任。根据…`) ends at its first full stop within this many characters. */
export const MAX_RUN_IN_HEADING_CHARS = 30;

/**
 * How one item of an enumeration begins: `一是…`, `二要…`, `（一）…`, `1.…`. A list answer whose best
 * sentence starts like this is one item of a list the section spells out item by item.
 */
export const ENUMERATION_ITEM = /^(?:[一二三四五六七八九十]{1,2}[是要]|[(（][一二三四五六七八九十]{1,2}[)）]|\d{1,2}[.、．](?!\d))/;
