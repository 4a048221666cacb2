/**
 * Chinese word segmentation with jieba (@node-rs/jieba, its bundled dictionary). Tokens are used by the
 * lexical index and by query understanding; numbers stay whole tokens (`2012`, `7059`, `49.14`).
 */
import { Jieba } from '@node-rs/jieba';
import { dict } from '@node-rs/jieba/dict.js';
import { normalizeText } from './script.js';

let jieba: Jieba | undefined;

/** The shared segmenter; loading the dictionary takes ~0.3 s, so it is built once per process. */
export function getJieba(): Jieba {
  jieba ??= Jieba.withDict(dict);
  return jieba;
}

const DROP = /^[\s\p{P}\p{S}]+$/u;

const HAN_RUN = /[\u4e00-\u9fff]{2,}/g;

/** Search-mode segmentation of normalized text: words plus their sub-words, punctuation dropped. */
export function tokenize(text: string): string[] {
  return jiebaWords(normalizeText(text).toLowerCase());
}

/**
 * Lexical-index tokens: `tokenize`'s words plus the character bigrams of every Han run. Bigrams make
 * phrases match across jieba's word boundaries (`主动公开` is cut `主动`/`公开`, but its bigram `动公`
 * only occurs in that phrase), the usual remedy for segmentation mismatches between a short question
 * and a long passage. Punctuation is dropped.
 */
export function searchTokens(text: string): string[] {
  const norm = normalizeText(text).toLowerCase();
  const bigrams: string[] = [];
  for (const run of norm.match(HAN_RUN) ?? []) for (let i = 0; i + 2 <= run.length; i++) bigrams.push(`${run[i]}${run[i + 1]}`);
  return [...jiebaWords(norm), ...bigrams];
}

/** jieba search-mode words of already-normalized text. */
function jiebaWords(norm: string): string[] {
  if (!norm) return [];
  return getJieba()
    .cutForSearch(norm, true)
    .map((t) => t.trim())
    .filter((t) => t && !DROP.test(t));
}
