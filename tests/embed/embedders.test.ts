/** Runs the Embedder contract against every implementation we ship or test with. */
import path from 'node:path';
import { buildLocalModel, type LocalModel } from '../../src/embed/local-model.js';
import { createTransformersEmbedder } from '../../src/embed/transformers.js';
import { createHashEmbedder } from '../fakes/hash-embedder.js';
import { describeEmbedderContract } from './embedder.contract.js';
import { seedTexts, tempDir } from './seed-corpus.js';

describeEmbedderContract('hash bigram fake', () => createHashEmbedder());

const work = tempDir('contract');
let model: Promise<LocalModel> | undefined;
describeEmbedderContract('derived local model through transformers.js', async () => {
  model ??= buildLocalModel({ texts: seedTexts(), dim: 64, outDir: path.join(work, 'model') });
  const { dir } = await model;
  return createTransformersEmbedder({ model: dir, name: 'local:nianbao-cooc', cacheDir: work, allowRemote: false, batchSize: 4 });
});
