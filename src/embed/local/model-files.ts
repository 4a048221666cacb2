/**
 * The JSON files of the derived model's Hugging Face layout. The tokenizer is a standard BERT
 * WordPiece tokenizer with two deliberate changes that turn it into Chinese word segmentation:
 * - a `Split` pre-tokenizer (`invert: true`, i.e. keep the matches) instead of `BertPreTokenizer`,
 *   whose `handle_chinese_chars` would cut text into single characters before WordPiece sees words;
 * - `continuing_subword_prefix: ""`, so WordPiece's greedy longest-match-first, applied to a run of
 *   Han characters, is forward maximum matching against the word vocabulary.
 * `vocabulary.ts` mirrors this behaviour for the build; a test checks the two agree.
 */
import type { Vocabulary } from './vocabulary.js';
import { MAX_RUN_CHARS, SPECIAL_TOKENS } from './vocabulary.js';

/** Longest token sequence the tokenizer returns; the model itself has no position limit. */
export const MODEL_MAX_LENGTH = 4096;

/** `config.json`: a BERT-typed encoder, so transformers.js picks its feature-extraction path. */
export function configJson(dim: number, vocabSize: number, id: string): object {
  return {
    model_type: 'bert',
    architectures: ['BertModel'],
    hidden_size: dim,
    vocab_size: vocabSize,
    max_position_embeddings: MODEL_MAX_LENGTH,
    num_hidden_layers: 0,
    pad_token_id: 0,
    nianbao_model_id: id,
  };
}

/** `tokenizer_config.json`. */
export function tokenizerConfigJson(): object {
  return {
    tokenizer_class: 'BertTokenizer',
    model_max_length: MODEL_MAX_LENGTH,
    do_lower_case: true,
    unk_token: '[UNK]',
    pad_token: '[PAD]',
    cls_token: '[CLS]',
    sep_token: '[SEP]',
    clean_up_tokenization_spaces: false,
  };
}

/** `tokenizer.json` for the given vocabulary. */
export function tokenizerJson(vocab: Vocabulary): object {
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIAL_TOKENS.map((content, id) => ({
      id,
      content,
      single_word: false,
      lstrip: false,
      rstrip: false,
      normalized: false,
      special: true,
    })),
    normalizer: { type: 'Sequence', normalizers: [{ type: 'NFKC' }, { type: 'Lowercase' }] },
    pre_tokenizer: { type: 'Split', pattern: { Regex: vocab.pattern }, behavior: 'Removed', invert: true },
    post_processor: { type: 'BertProcessing', sep: ['[SEP]', 3], cls: ['[CLS]', 2] },
    decoder: { type: 'WordPiece', prefix: '', cleanup: false },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '',
      max_input_chars_per_word: MAX_RUN_CHARS,
      vocab: Object.fromEntries(vocab.tokens.map((t, i) => [t, i])),
    },
  };
}
