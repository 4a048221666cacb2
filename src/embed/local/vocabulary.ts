/**
 * Vocabulary and segmentation of the derived offline model. The vocabulary is every Han character,
 * jieba word, short Latin word and year seen in the corpus; segmentation is forward maximum matching
 * over it. That is exactly what the model's `tokenizer.json` makes transformers.js do (see
 * `model-files.ts`): a regex pre-tokenizer cuts text into runs of known characters, and WordPiece
 * with an empty continuation prefix (its greedy longest-match-first) is maximum matching. The build
 * segments the corpus with `segmentText` so training and inference see the same tokens.
 */
import { getJieba } from '../../text/tokenize.js';

/** Fixed ids 0–3; `[CLS]`/`[SEP]` frame every sequence, `[UNK]` stands for characters never seen. */
export const SPECIAL_TOKENS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'] as const;
export const UNK_ID = 1;
export const CLS_ID = 2;

/**
 * Longest run handed to WordPiece at once. WordPiece tries every end position from the run's end, so
 * cost grows with the square of the run; unpunctuated reports have runs of hundreds of characters.
 * A cut at 24 characters rarely falls inside a word.
 */
export const MAX_RUN_CHARS = 24;
/**
 * Words that only make a question a question. They are always in the vocabulary, so maximum matching
 * keeps `多少` whole instead of leaving `多`+`少` (which mean something elsewhere), and the model gives
 * them zero vectors (see `vectors.ts`). Simplified forms.
 */
export const QUESTION_WORDS = [
  '多少', '几个', '几项', '几件', '几次', '哪些', '哪个', '什么', '是否',
  '有没有', '有无', '吗', '呢', '请问', '怎么', '怎样', '如何',
];

/** Longer jieba words are compounds (`中华人民共和国政府`); their parts carry the meaning. */
const MAX_WORD_CHARS = 4;

const HAN = /^\p{Script=Han}+$/u;
const LATIN = /^[a-z]{2,12}$/;
const YEAR = /^(19|20)\d\d$/;

export interface Vocabulary {
  /** Token by id; ids 0–3 are `SPECIAL_TOKENS`. */
  tokens: string[];
  ids: Map<string, number>;
  /** Source of the pre-tokenizer regex: runs of known Han characters, digits, Latin letters, or one unknown Han character. */
  pattern: string;
  /** `pattern` compiled once (global, unicode), as transformers.js compiles it. */
  matcher: RegExp;
}

/** The normalization the tokenizer applies before splitting (`NFKC` then `Lowercase` in tokenizer.json). */
export function normalizeForModel(text: string): string {
  return text.normalize('NFKC').toLowerCase();
}

/**
 * Collects the vocabulary from normalized simplified texts: single Han characters, jieba words of
 * 2–4 Han characters, Latin words, four-digit years, and the single digits and letters every other
 * number or name falls back to. Tokens are sorted, so ids depend only on the set of texts' words.
 */
export function buildVocabulary(texts: string[]): Vocabulary {
  const jieba = getJieba();
  // Question words and their characters are always known, so `哪些` is one (silent) token even when
  // the corpus never uses `哪`, instead of an [UNK] next to a stray `些`.
  const words = new Set<string>([...'0123456789abcdefghijklmnopqrstuvwxyz', ...QUESTION_WORDS, ...[...QUESTION_WORDS.join('')]]);
  for (const text of texts) {
    const norm = normalizeForModel(text);
    for (const ch of norm) if (HAN.test(ch)) words.add(ch);
  }
  for (const w of vocabularyWords(texts)) words.add(w);
  const sorted = [...words].sort();
  const tokens = [...SPECIAL_TOKENS, ...sorted];
  const hanChars = sorted.filter((w) => HAN.test(w) && [...w].length === 1);
  const pattern = piecePattern(hanChars);
  return { tokens, ids: new Map(tokens.map((t, i) => [t, i])), pattern, matcher: new RegExp(pattern, 'gu') };
}

/**
 * The words of `texts` the vocabulary takes, one per occurrence: jieba search-mode words of 2–4 Han
 * characters (search mode adds the dictionary words inside longer ones, `绥芬河` in `绥芬河市`, which
 * questions often use on their own), Latin words and four-digit years.
 */
export function* vocabularyWords(texts: Iterable<string>): Generator<string> {
  const jieba = getJieba();
  for (const text of texts) {
    for (const w of jieba.cutForSearch(normalizeForModel(text), true)) {
      const chars = [...w].length;
      if ((HAN.test(w) && chars <= MAX_WORD_CHARS) || LATIN.test(w) || YEAR.test(w)) yield w;
    }
  }
}

/**
 * The pre-tokenizer regex. Known Han characters form runs that maximum matching can always segment
 * (every single character is a token); an unknown Han character stands alone and becomes `[UNK]`
 * instead of turning its whole run into `[UNK]`, which is what WordPiece does to a run it cannot
 * finish. Punctuation and other symbols match nothing and are dropped.
 */
function piecePattern(hanChars: string[]): string {
  return `[${charClass(hanChars)}]{1,${MAX_RUN_CHARS}}|[0-9]{1,${MAX_RUN_CHARS}}|[a-z]{1,${MAX_RUN_CHARS}}|\\p{Script=Han}`;
}

/** Code points as a compact character-class body (`一-丁丈` style ranges). */
function charClass(chars: string[]): string {
  const points = chars.map((c) => c.codePointAt(0)!).sort((a, b) => a - b);
  let out = '';
  for (let i = 0; i < points.length; ) {
    let j = i;
    while (j + 1 < points.length && points[j + 1] === points[j]! + 1) j++;
    out += String.fromCodePoint(points[i]!);
    if (j > i) out += `${j > i + 1 ? '-' : ''}${String.fromCodePoint(points[j]!)}`;
    i = j + 1;
  }
  return out;
}

/**
 * Token ids of one text, without `[CLS]`/`[SEP]`: the same ids the model's tokenizer produces for it.
 * Mirrors transformers.js: NFKC + lowercase, regex pieces, then longest match first within each piece.
 */
export function segmentText(vocab: Vocabulary, text: string): number[] {
  const out: number[] = [];
  const pieces = normalizeForModel(text).match(vocab.matcher) ?? [];
  for (const piece of pieces) {
    const chars = [...piece];
    for (let start = 0; start < chars.length; ) {
      let end = chars.length;
      let id: number | undefined;
      for (; end > start; end--) {
        id = vocab.ids.get(chars.slice(start, end).join(''));
        if (id !== undefined) break;
      }
      if (id === undefined) {
        // Only an unknown lone Han character gets here; WordPiece turns its piece into [UNK] too.
        out.push(UNK_ID);
        break;
      }
      out.push(id);
      start = end;
    }
  }
  return out;
}
