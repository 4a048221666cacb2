/**
 * Builds `local:nianbao-cooc`, a small Chinese embedding model derived from the corpus itself, for
 * machines with no model hub. Token vectors come from word and passage co-occurrence in the corpus
 * (`local/contexts.ts`, `local/vectors.ts`), the tokenizer segments Chinese by maximum matching
 * (`local/vocabulary.ts`, `local/model-files.ts`), and the result is a Hugging Face model directory
 * that @huggingface/transformers loads like any BERT encoder:
 *
 *   outDir/config.json, tokenizer.json, tokenizer_config.json, onnx/model.onnx, nianbao-model.json
 *
 * The build is deterministic (same texts and dimension → byte-identical files) and content-addressed:
 * `nianbao-model.json` records the input hash and a rebuild with the same inputs is skipped.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { z } from 'zod';
import { encodeEmbeddingGraph } from './local/onnx-graph.js';
import { configJson, tokenizerConfigJson, tokenizerJson } from './local/model-files.js';
import type { SegmentedCorpus } from './local/contexts.js';
import { deriveTokenVectors } from './local/vectors.js';
import { buildVocabulary, normalizeForModel, segmentText, vocabularyWords } from './local/vocabulary.js';

/** Bump whenever vocabulary, segmentation or vector derivation changes: it is part of the model id. */
export const LOCAL_MODEL_ALGORITHM = 'nianbao-cooc-v1';
/** Written last into the model directory; its presence with a matching hash means "already built". */
export const LOCAL_MODEL_STAMP = 'nianbao-model.json';

export interface LocalModelInput {
  /**
   * One normalized simplified text per report, paragraphs separated by `\n`. Lines are the units of
   * co-occurrence; reports matter too (token weights are IDFs within the reports using a token), so
   * pass whole reports, not chunks.
   */
  texts: string[];
  dim: number;
  outDir: string;
}

export interface LocalModel {
  /** `nianbao-cooc-v1-d<dim>-<hash>`: changes with any input text, the dimension or the algorithm. */
  id: string;
  dir: string;
  dimension: number;
}

const stampSchema = z.object({ id: z.string(), dimension: z.number().int(), inputHash: z.string(), vocabSize: z.number().int() });
type Stamp = z.infer<typeof stampSchema>;

/**
 * Derives the model from `texts` into `outDir` unless `outDir` already holds the model for exactly
 * these inputs. Files are written to a sibling temp directory and renamed into place, so a crash
 * never leaves a half-written model that a later run would trust.
 */
export async function buildLocalModel({ texts, dim, outDir }: LocalModelInput): Promise<LocalModel> {
  if (!Number.isInteger(dim) || dim < 2) throw new RangeError(`dim must be an integer ≥ 2, got ${dim}`);
  const dir = path.resolve(outDir);
  const inputHash = hashInputs(texts, dim);
  const id = `${LOCAL_MODEL_ALGORITHM}-d${dim}-${inputHash.slice(0, 16)}`;
  const existing = await readStamp(dir);
  if (existing?.inputHash === inputHash) return { id: existing.id, dir, dimension: existing.dimension };

  const vocab = buildVocabulary(texts);
  const corpus: SegmentedCorpus = { lines: [], lineTexts: [], textOf: [] };
  texts.forEach((text, t) => {
    for (const line of text.split(/\n+/)) {
      const ids = segmentText(vocab, line);
      if (ids.length === 0) continue;
      corpus.lines.push(ids);
      corpus.lineTexts.push(normalizeForModel(line));
      corpus.textOf.push(t);
    }
  });
  const vectors = deriveTokenVectors(vocab, corpus, dim);

  const tmp = `${dir}.tmp-${process.pid}-${randomBytes(4).toString('hex')}`;
  try {
    await mkdir(path.join(tmp, 'onnx'), { recursive: true });
    const json = (o: object) => `${JSON.stringify(o, null, 2)}\n`;
    await writeFile(path.join(tmp, 'onnx', 'model.onnx'), encodeEmbeddingGraph(vectors, vocab.tokens.length, dim));
    await writeFile(path.join(tmp, 'tokenizer.json'), json(tokenizerJson(vocab)));
    await writeFile(path.join(tmp, 'tokenizer_config.json'), json(tokenizerConfigJson()));
    await writeFile(path.join(tmp, 'config.json'), json(configJson(dim, vocab.tokens.length, id)));
    const stamp: Stamp = { id, dimension: dim, inputHash, vocabSize: vocab.tokens.length };
    await writeFile(path.join(tmp, LOCAL_MODEL_STAMP), json(stamp));
    await replaceDir(tmp, dir).catch(async (err: unknown) => {
      // Another process (server and CLI starting together) may have put the same model in place first.
      if ((await readStamp(dir))?.inputHash !== inputHash) throw err;
    });
  } finally {
    await rm(tmp, { recursive: true, force: true });
  }
  return { id, dir, dimension: dim };
}

/** sha256 over the algorithm version, the dimension and every text, length-prefixed so boundaries count. */
function hashInputs(texts: string[], dim: number): string {
  const h = createHash('sha256');
  h.update(`${LOCAL_MODEL_ALGORITHM}\0${dim}\0${texts.length}\0`);
  for (const t of texts) h.update(`${Buffer.byteLength(t)}\0`).update(t);
  return h.digest('hex');
}

/** The stamp of a complete model in `dir`, or null (no model, a damaged one, or weights deleted by hand). */
async function readStamp(dir: string): Promise<Stamp | null> {
  try {
    const stamp = stampSchema.parse(JSON.parse(await readFile(path.join(dir, LOCAL_MODEL_STAMP), 'utf8')));
    return (await stat(path.join(dir, 'onnx', 'model.onnx'))).size > 0 ? stamp : null;
  } catch {
    return null;
  }
}

/** Swaps `tmp` in as `dir`: the old directory is moved aside first because rename cannot replace a non-empty directory. */
async function replaceDir(tmp: string, dir: string): Promise<void> {
  await mkdir(path.dirname(dir), { recursive: true });
  const old = `${dir}.old-${process.pid}-${randomBytes(4).toString('hex')}`;
  const hadOld = await rename(dir, old).then(
    () => true,
    (e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? false : Promise.reject(e)),
  );
  await rename(tmp, dir);
  if (hadOld) await rm(old, { recursive: true, force: true });
}

/**
 * A measure of how far texts have drifted from the vocabulary of the model in `dir` (read once): of
 * their words (counted as the vocabulary counts them: jieba words of 2–4 Han characters), how many the
 * model does not know. Unknown words fall back to their characters, so a little drift costs little; a
 * lot means the model should be derived again.
 */
export async function vocabularyDrift(dir: string): Promise<(texts: string[]) => { unknown: number; total: number }> {
  const tokenizer = JSON.parse(await readFile(path.join(dir, 'tokenizer.json'), 'utf8')) as { model?: { vocab?: Record<string, number> } };
  const known = new Set(Object.keys(tokenizer.model?.vocab ?? {}));
  return (texts) => {
    let unknown = 0;
    let total = 0;
    for (const word of vocabularyWords(texts)) {
      total++;
      if (!known.has(word)) unknown++;
    }
    return { unknown, total };
  };
}
