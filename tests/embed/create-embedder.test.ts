/** Choosing and loading the configured model; every failure is MODEL_UNAVAILABLE naming the model. */
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import { NianbaoError } from '../../src/errors.js';
import { createEmbedder, LOCAL_MODEL_ID } from '../../src/embed/index.js';
import { buildLocalModel, type LocalModel } from '../../src/embed/local-model.js';
import { createTransformersEmbedder } from '../../src/embed/transformers.js';
import { seedTexts, tempDir } from './seed-corpus.js';

const root = tempDir('create');
const config = (over: Record<string, unknown> = {}) => loadConfig({ root, modelsDir: 'models', ...over }, {});

async function modelUnavailable(promise: Promise<unknown>): Promise<NianbaoError> {
  const err = await promise.then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(NianbaoError);
  expect((err as NianbaoError).code).toBe('MODEL_UNAVAILABLE');
  return err as NianbaoError;
}

describe('createEmbedder', () => {
  let model: LocalModel;
  beforeAll(async () => {
    model = await buildLocalModel({ texts: seedTexts(), dim: 32, outDir: path.join(root, 'index', 'model') });
  });

  it('loads the derived model from the directory the index builder made', async () => {
    const embedder = await createEmbedder(config(), { localModelDir: model.dir });
    expect(embedder.id).toMatch(new RegExp(`^${LOCAL_MODEL_ID}@[0-9a-f]{16}\\+mean$`));
    expect(embedder.dimension).toBe(32);
    const again = await createEmbedder(config(), { localModelDir: 'index/model' });
    expect(again.id).toBe(embedder.id);
  });

  it('gives another id when the derived model changes', async () => {
    const other = await buildLocalModel({ texts: seedTexts().slice(1), dim: 32, outDir: path.join(root, 'other') });
    const a = await createEmbedder(config(), { localModelDir: model.dir });
    const b = await createEmbedder(config(), { localModelDir: other.dir });
    expect(b.id).not.toBe(a.id);
  });

  it('loads a model directory given as embedModel, relative to the root', async () => {
    const embedder = await createEmbedder(config({ embedModel: './index/model' }));
    expect(embedder.dimension).toBe(32);
  });

  it('fails with MODEL_UNAVAILABLE when the local model directory is not given', async () => {
    const err = await modelUnavailable(createEmbedder(config()));
    expect(err.message).toContain(LOCAL_MODEL_ID);
  });

  it('fails with MODEL_UNAVAILABLE naming a missing directory', async () => {
    const missing = path.join(root, 'no-such-model');
    const err = await modelUnavailable(createEmbedder(config(), { localModelDir: missing }));
    expect(err.message).toContain(missing);
    await modelUnavailable(createTransformersEmbedder({ model: missing, cacheDir: root, allowRemote: false, batchSize: 8 }));
  });

  it('fails fast offline for a hub model that is not in the models directory', async () => {
    const started = performance.now();
    const err = await modelUnavailable(createEmbedder(config({ embedModel: 'Xenova/bge-small-zh-v1.5' })));
    expect(err.message).toContain('Xenova/bge-small-zh-v1.5');
    expect(err.message).toContain('model:fetch');
    expect(performance.now() - started).toBeLessThan(5000);
  });
});
