/**
 * Cleaning: drops website chrome (per the data tables in data/boilerplate.ts), trailing tag clouds and
 * pinyin glosses, and trims lines. The result keeps the report's own script and every line of its own
 * content: cleaning only ever removes whole chrome lines or glosses, never parts of sentences.
 */
import { normalizeText, stripPinyinGlosses } from '../text/index.js';
import { BOILERPLATE_LINES, BOILERPLATE_PATTERNS, FOOTER_MARKERS } from '../lang/zh/index.js';

export interface CleanResult {
  text: string;
  /** Lines removed, for diagnostics and tests. */
  removed: string[];
  /** For each line of `text`, the 0-based number of the input line it comes from (to carry page numbers). */
  origins: number[];
}

const LINE_SET = new Set(BOILERPLATE_LINES.map((l) => l.toLowerCase()));

/** True when a (trimmed) line is site chrome rather than report content. */
export function isBoilerplateLine(line: string): boolean {
  const norm = normalizeText(line).toLowerCase();
  if (!norm) return false;
  if (LINE_SET.has(norm)) return true;
  return BOILERPLATE_PATTERNS.some((re) => re.test(norm));
}

/**
 * A tag cloud: many short space-separated phrases with no sentence punctuation and no digits, e.g.
 * `社區工作總結 社區工作意見 社區考察報告 …` at the end of republished pages.
 */
export function isTagCloud(line: string): boolean {
  const items = line.trim().split(/\s+/);
  if (items.length < 5) return false;
  if (/[，。,;；:：!！?？\d|]/.test(line)) return false;
  return items.every((w) => w.length >= 2 && w.length <= 10);
}

/** Cleans a decoded report text. */
export function cleanText(raw: string): CleanResult {
  const removed: string[] = [];
  const lines = stripPinyinGlosses(raw)
    .split('\n')
    .map((l) => l.replace(/[\u00a0\u3000\t]/g, ' ').replace(/ {2,}/g, ' ').trim());

  const kept: string[] = [];
  const origins: number[] = [];
  lines.forEach((line, i) => {
    if (!line) return;
    if (isBoilerplateLine(line)) removed.push(line);
    else {
      kept.push(line);
      origins.push(i);
    }
  });
  // Footers and tag clouds follow the last paragraph; walk back from the end while lines look like chrome.
  const footer = new Set(FOOTER_MARKERS);
  while (kept.length) {
    const last = kept[kept.length - 1]!;
    if (isTagCloud(last) || footer.has(normalizeText(last))) {
      removed.push(kept.pop()!);
      origins.pop();
    } else break;
  }
  return { text: kept.join('\n'), removed, origins };
}
