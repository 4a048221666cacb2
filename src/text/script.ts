/**
 * Script conversion (traditional ⇄ simplified) and width normalization. Character-level OpenCC
 * (`t` → `cn`, `cn` → `tw`) is used on purpose: phrase-level conversion rewrites mainland terms that were merely
 * written in traditional characters (`檔案館` would become `文件馆`), which corrupts search and quotes.
 */
import * as OpenCC from 'opencc-js';
import { UNCONVERTED_CHARS } from '../lang/zh/regions.js';
import type { Script } from '../types.js';

const KEEP = new RegExp(`[${[...UNCONVERTED_CHARS].join('')}]`);

type Convert = (s: string) => string;
const converter = OpenCC as unknown as { Converter(o: { from: string; to: string }): Convert };

let t2s: Convert | undefined;
let s2t: Convert | undefined;

/** Traditional → simplified, character by character (OpenCC `t`, which also maps Taiwan variants like 裡, and leaves 著 alone: `显著` stays `显著`). */
export function toSimplified(text: string): string {
  t2s ??= converter.Converter({ from: 't', to: 'cn' });
  const out = t2s(text);
  if (!KEEP.test(text)) return out;
  // Conversion is one UTF-16 unit for one, so positions line up.
  return out
    .split('')
    .map((c, i) => (UNCONVERTED_CHARS.has(text[i]!) ? text[i]! : c))
    .join('');
}

/** Simplified → traditional (Taiwan standard characters). */
export function toTraditional(text: string): string {
  s2t ??= converter.Converter({ from: 'cn', to: 'tw' });
  return s2t(text);
}

/**
 * Guesses the script: traditional when a noticeable share of the Han characters change under
 * traditional→simplified conversion. Short strings with no distinguishing character count as simplified.
 */
export function detectScript(text: string): Script {
  const simplified = toSimplified(text);
  let han = 0;
  let changed = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0x4e00 && c <= 0x9fff) {
      han++;
      if (simplified.charCodeAt(i) !== c) changed++;
    }
  }
  if (han === 0) return 'simplified';
  // A simplified text has ~0 changed characters; a traditional one typically 10–30 %.
  return changed >= 1 && changed / han >= 0.03 ? 'traditional' : 'simplified';
}

/** Full-width ASCII → half-width, ideographic space → space, common full-width punctuation kept as is. */
export function normalizeWidth(text: string): string {
  return text.replace(/[\uff01-\uff5e]/g, (ch) => String.fromCharCode(ch.charCodeAt(0) - 0xfee0)).replace(/\u3000/g, ' ');
}

/** The search form of any text: simplified, half-width, thousands separators dropped, whitespace collapsed. */
export function normalizeText(text: string): string {
  // `7,059` → `7059`, so a number is one search token however it was written.
  return normalizeWidth(toSimplified(text))
    .replace(/(\d)[,，](?=\d{3}(?!\d))/g, '$1')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Writes `text` (simplified) in the given script. */
export function inScript(text: string, script: Script): string {
  return script === 'traditional' ? toTraditional(text) : text;
}
