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

/** Search-mode segmentation of normalized text: words plus their sub-words, punctuation dropped. */
export function tokenize(text: string): string[] {
  const norm = normalizeText(text).toLowerCase();
  if (!norm) return [];
  return getJieba()
    .cutForSearch(norm, true)
    .map((t) => t.trim())
    .filter((t) => t && !DROP.test(t));
}

/** Precise-mode segmentation (one token per word, no sub-words), punctuation dropped. */
export function segment(text: string): string[] {
  const norm = normalizeText(text).toLowerCase();
  if (!norm) return [];
  return getJieba()
    .cut(norm, true)
    .map((t) => t.trim())
    .filter((t) => t && !DROP.test(t));
}
