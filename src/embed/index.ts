/**
 * The embedding stage's entry: pick and load the configured embedding model.
 */
import { access } from 'node:fs/promises';
import path from 'node:path';
import { resolveDir, type Config } from '../config.js';
import { NianbaoError } from '../errors.js';
import type { Embedder } from './embedder.js';
import { createTransformersEmbedder } from './transformers.js';

export type { Embedder, EmbedKind, EmbedOptions } from './embedder.js';
export { embedMany } from './embedder.js';
export { buildLocalModel, type LocalModel, type LocalModelInput } from './local-model.js';
export { createTransformersEmbedder, type TransformersEmbedderOptions } from './transformers.js';

/** `config.embedModel` value selecting the offline model derived from the corpus. */
export const LOCAL_MODEL_ID = 'local:nianbao-cooc';

export interface CreateEmbedderOptions {
  /** Directory of the derived model; required when `config.embedModel` is LOCAL_MODEL_ID. */
  localModelDir?: string;
}

/**
 * Creates the configured Embedder.
 *
 * - `local:nianbao-cooc` (default): the model derived from the corpus. It depends on the corpus, so
 *   the index builder owns it: it calls `buildLocalModel({ texts, dim: config.embedDim, outDir })`
 *   with one normalized simplified text per report (paragraphs joined by `\n`) and its `outDir`
 *   (the engine uses `<modelsDir>/nianbao-cooc`), then passes `model.dir` here as `localModelDir`.
 *   The build is skipped when the corpus is unchanged, and the index manifest records `embedder.id`
 *   (which hashes the model files), so a model derived from another corpus never reads an old index.
 * - a name under `config.modelsDir` (`Xenova/bge-small-zh-v1.5` → `models/Xenova/bge-small-zh-v1.5/`,
 *   where `npm run model:fetch` puts it); if absent there, a hub id downloaded into that place, but
 *   only when `config.allowRemoteModels` is set;
 * - a directory: absolute, or `./`-relative to `config.root`.
 *
 * Throws MODEL_UNAVAILABLE when the model cannot be loaded.
 */
export async function createEmbedder(config: Config, opts: CreateEmbedderOptions = {}): Promise<Embedder> {
  const cacheDir = resolveDir(config, 'modelsDir');
  const common = { cacheDir, batchSize: config.embedBatchSize };
  if (config.embedModel === LOCAL_MODEL_ID) {
    if (!opts.localModelDir) {
      const detail = `${LOCAL_MODEL_ID}: no model directory given (the index build derives it; run \`npm run index\`)`;
      throw new NianbaoError('MODEL_UNAVAILABLE', detail);
    }
    return createTransformersEmbedder({
      ...common,
      model: path.resolve(config.root, opts.localModelDir),
      name: LOCAL_MODEL_ID,
      allowRemote: false,
      // The derived model was trained on bare text: an instruction would only add noise.
      queryInstruction: config.embedQueryInstruction ?? '',
    });
  }
  const model = config.embedModel;
  return createTransformersEmbedder({
    ...common,
    model: await resolveModelDir(model, config.root, cacheDir) ?? model,
    name: model,
    allowRemote: config.allowRemoteModels,
    queryInstruction: config.embedQueryInstruction,
  });
}

/**
 * The absolute directory of a model given as a path (absolute, or `./`/`../` relative to the project
 * root) or as a name that exists under the models directory (`Xenova/bge-small-zh-v1.5` once fetched);
 * null for a hub id not present locally.
 */
async function resolveModelDir(model: string, root: string, modelsDir: string): Promise<string | null> {
  if (path.isAbsolute(model) || /^\.\.?[\\/]/.test(model)) return path.resolve(root, model);
  const underModels = path.join(modelsDir, model);
  return access(path.join(underModels, 'config.json')).then(
    () => underModels,
    () => null,
  );
}
