/**
 * `Embedder` over @huggingface/transformers' `feature-extraction` pipeline: a hub model (cached under
 * `cacheDir`, e.g. `models/Xenova/bge-small-zh-v1.5/`) or a model directory, such as the derived
 * `local:nianbao-cooc` model. Every failure to load becomes MODEL_UNAVAILABLE naming the model and why.
 */
import { createHash } from 'node:crypto';
import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { env, pipeline, type FeatureExtractionPipeline } from '@huggingface/transformers';
import { NianbaoError } from '../errors.js';
import type { Embedder, EmbedOptions } from './embedder.js';

export type Pooling = 'mean' | 'cls';
export type ModelDtype = 'fp32' | 'fp16' | 'q8' | 'int8' | 'uint8' | 'q4' | 'bnb4' | 'q4f16';

export interface TransformersEmbedderOptions {
  /** Hub id (`Xenova/bge-small-zh-v1.5`) or an absolute path of a model directory. */
  model: string;
  /** Where hub models are looked up and downloaded to (`<cacheDir>/<org>/<name>/`). */
  cacheDir: string;
  /** Allow downloading from the hub; when false only local files are read. */
  allowRemote: boolean;
  /** Prefix for query texts; `undefined` = the model's known default (see MODEL_DEFAULTS), `''` = none. */
  queryInstruction?: string;
  /** Texts per forward pass. */
  batchSize: number;
  /** Weight variant; `fp32` reads `onnx/model.onnx`, `q8` reads `onnx/model_quantized.onnx`. */
  dtype?: ModelDtype;
  /** `undefined` = the model's known default (see MODEL_DEFAULTS), else mean pooling. */
  pooling?: Pooling;
  /** Name used in `id` instead of `model` (e.g. `local:nianbao-cooc` for a derived model directory). */
  name?: string;
}

/**
 * Known model families, as data. bge models are trained with CLS pooling, and the Chinese ones with
 * an instruction prefixed to queries (passages go in bare).
 */
const MODEL_DEFAULTS: { match: RegExp; queryInstruction: string; pooling: Pooling }[] = [
  { match: /bge-[a-z0-9-]*zh/i, queryInstruction: '为这个句子生成表示以用于检索相关文章：', pooling: 'cls' },
  { match: /bge-[a-z0-9-]*en/i, queryInstruction: 'Represent this sentence for searching relevant passages: ', pooling: 'cls' },
];

/** `pipeline` narrowed to the one task we use: its full overloaded type is too complex for tsc (TS2590). */
const loadFeatureExtraction = pipeline as unknown as (
  task: 'feature-extraction',
  model: string,
  options: { dtype: ModelDtype; local_files_only: boolean; cache_dir: string },
) => Promise<FeatureExtractionPipeline>;

const DTYPE_SUFFIX: Record<ModelDtype, string> = {
  fp32: '', fp16: '_fp16', q8: '_quantized', int8: '_int8', uint8: '_uint8', q4: '_q4', bnb4: '_bnb4', q4f16: '_q4f16',
};

/** The files whose bytes determine the vectors, relative to the model directory. */
function modelFiles(dtype: ModelDtype): string[] {
  return ['config.json', 'tokenizer.json', 'tokenizer_config.json', `onnx/model${DTYPE_SUFFIX[dtype]}.onnx`];
}

/**
 * Loads the model and returns an Embedder whose `id` is `<name>@<hash of the model files>+<pooling>`,
 * so an index built with other weights is recognised. Queries get the instruction prefix; passages
 * never do. Throws MODEL_UNAVAILABLE when the directory or the hub model cannot be loaded.
 */
export async function createTransformersEmbedder(options: TransformersEmbedderOptions): Promise<Embedder> {
  if (!Number.isInteger(options.batchSize) || options.batchSize < 1) {
    throw new NianbaoError('INVALID_CONFIG', `batchSize must be a positive integer, got ${options.batchSize}`);
  }
  const dtype = options.dtype ?? 'fp32';
  const name = options.name ?? options.model;
  const known = MODEL_DEFAULTS.find((d) => d.match.test(name));
  const instruction = options.queryInstruction ?? known?.queryInstruction ?? '';
  const pooling = options.pooling ?? known?.pooling ?? 'mean';
  const isDir = path.isAbsolute(options.model);
  const dir = isDir ? options.model : path.join(options.cacheDir, options.model);
  if (isDir && !(await exists(path.join(dir, 'config.json')))) {
    throw new NianbaoError('MODEL_UNAVAILABLE', `${options.model}: no model directory here (config.json is missing)`);
  }

  // transformers.js settings are process-global; they matter only while the pipeline loads below.
  env.allowLocalModels = true;
  env.allowRemoteModels = options.allowRemote;
  env.localModelPath = options.cacheDir;
  env.cacheDir = options.cacheDir;
  let extractor: FeatureExtractionPipeline;
  try {
    extractor = await loadFeatureExtraction('feature-extraction', options.model, {
      dtype,
      local_files_only: !options.allowRemote,
      cache_dir: options.cacheDir,
    });
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    const hint =
      isDir || options.allowRemote
        ? ''
        : ` (not found under ${dir}; run \`npm run model:fetch\` where the hub is reachable, or copy the model there)`;
    throw new NianbaoError('MODEL_UNAVAILABLE', `${options.model}: ${reason}${hint}`, { cause: err });
  }

  const hash = await hashFiles(dir, modelFiles(dtype));
  const id = `${name}${hash ? `@${hash}` : ''}+${pooling}`;
  const dimension = await probeDimension(extractor, pooling);
  const batchSize = options.batchSize;

  return {
    id,
    dimension,
    maxEmbeddingsPerCall: batchSize,
    async embed(texts: string[], { kind, signal }: EmbedOptions): Promise<number[][]> {
      const inputs = kind === 'query' && instruction ? texts.map((t) => instruction + t) : texts;
      const out: number[][] = [];
      for (let i = 0; i < inputs.length; i += batchSize) {
        signal?.throwIfAborted();
        const tensor = await extractor(inputs.slice(i, i + batchSize), { pooling, normalize: true });
        out.push(...(tensor.tolist() as number[][]));
      }
      return out;
    },
  };
}

/** Width of the pooled output, read by embedding one short text (config fields differ between models). */
async function probeDimension(extractor: FeatureExtractionPipeline, pooling: Pooling): Promise<number> {
  const tensor = await extractor(['年报'], { pooling, normalize: true });
  return tensor.dims[tensor.dims.length - 1]!;
}

/** First 16 hex digits of sha256 over the files that exist (name and bytes); '' when none is local. */
async function hashFiles(dir: string, files: string[]): Promise<string> {
  const h = createHash('sha256');
  let found = 0;
  for (const f of files) {
    const bytes = await readFile(path.join(dir, f)).catch(() => null);
    if (!bytes) continue;
    found++;
    h.update(`${f}\0${bytes.length}\0`).update(bytes);
  }
  return found ? h.digest('hex').slice(0, 16) : '';
}

async function exists(p: string): Promise<boolean> {
  return access(p).then(
    () => true,
    () => false,
  );
}
