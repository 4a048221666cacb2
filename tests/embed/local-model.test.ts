/** The derived offline model: reproducible bytes, skipped rebuilds, a tokenizer that segments words. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { AutoTokenizer } from '@huggingface/transformers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildLocalModel, LOCAL_MODEL_STAMP, type LocalModel } from '../../src/embed/local-model.js';
import { buildVocabulary, segmentText } from '../../src/embed/local/vocabulary.js';
import { createTransformersEmbedder } from '../../src/embed/transformers.js';
import { seedTexts, tempDir } from './seed-corpus.js';

const texts = seedTexts();
const FILES = ['config.json', 'tokenizer.json', 'tokenizer_config.json', 'onnx/model.onnx'];

describe('buildLocalModel', () => {
  const root = tempDir('local-model');
  let first: LocalModel;
  beforeAll(async () => {
    first = await buildLocalModel({ texts, dim: 32, outDir: path.join(root, 'a') });
  });

  it('writes a Hugging Face layout and nothing else next to it', () => {
    for (const f of [...FILES, LOCAL_MODEL_STAMP]) expect(statSync(path.join(first.dir, f)).size).toBeGreaterThan(0);
    expect(readdirSync(root)).toEqual(['a']);
    expect(JSON.parse(readFileSync(path.join(first.dir, 'config.json'), 'utf8')).model_type).toBe('bert');
    expect(first.id).toMatch(/^nianbao-cooc-v\d+-d32-[0-9a-f]{16}$/);
    expect(first.dimension).toBe(32);
  });

  it('is deterministic: the same inputs give the same id and identical bytes', async () => {
    const second = await buildLocalModel({ texts, dim: 32, outDir: path.join(root, 'b') });
    expect(second.id).toBe(first.id);
    for (const f of FILES) expect(readFileSync(path.join(second.dir, f)).equals(readFileSync(path.join(first.dir, f)))).toBe(true);
  });

  it('skips the build when the directory already holds the model for these inputs', async () => {
    const before = statSync(path.join(first.dir, 'onnx/model.onnx')).mtimeMs;
    const started = performance.now();
    const again = await buildLocalModel({ texts, dim: 32, outDir: first.dir });
    expect(performance.now() - started).toBeLessThan(200);
    expect(again.id).toBe(first.id);
    expect(statSync(path.join(first.dir, 'onnx/model.onnx')).mtimeMs).toBe(before);
  });

  it('rebuilds in place, with a new id, when a text or the dimension changes', async () => {
    const dir = path.join(root, 'c');
    const base = await buildLocalModel({ texts, dim: 32, outDir: dir });
    const changed = await buildLocalModel({ texts: [...texts.slice(0, -1), `${texts.at(-1)}\n新增一段`], dim: 32, outDir: dir });
    expect(changed.id).not.toBe(base.id);
    expect(JSON.parse(readFileSync(path.join(dir, LOCAL_MODEL_STAMP), 'utf8')).id).toBe(changed.id);
    const wider = await buildLocalModel({ texts, dim: 48, outDir: dir });
    expect(wider.id).not.toBe(base.id);
    expect(readdirSync(root).sort()).toEqual(['a', 'b', 'c']);
  });

  it('rejects a nonsensical dimension', async () => {
    await expect(buildLocalModel({ texts, dim: 0, outDir: path.join(root, 'd') })).rejects.toThrow(RangeError);
  });

  it('tokenizes in transformers.js exactly as the build segmented the corpus', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(first.dir, { local_files_only: true });
    const vocab = buildVocabulary(texts);
    const samples = [
      ...texts.flatMap((t) => t.split('\n')),
      '株洲市蘆淞區２０１３年政府信息公開', // traditional + full width: NFKC and lowercase happen in the tokenizer
      '龘靐 unknown 字 RSS 2019年', // characters the corpus never had
      '',
    ];
    for (const s of samples) expect(tokenizer.encode(s, { add_special_tokens: false })).toEqual(segmentText(vocab, s));
  });

  it('segments Chinese into words, not single characters', async () => {
    const tokenizer = await AutoTokenizer.from_pretrained(first.dir, { local_files_only: true });
    const tokens = tokenizer.tokenize('赤峰2012年依申请公开多少件');
    expect(tokens).toEqual(expect.arrayContaining(['赤峰', '2012', '申请', '公开', '多少']));
  });

  it('places related report wording closer than unrelated wording', async () => {
    const embedder = await createTransformersEmbedder({ model: first.dir, cacheDir: root, allowRemote: false, batchSize: 8 });
    const [visits, views, procurement] = await embedder.embed(['网站访问量', '网站浏览量', '政府集中采购'], { kind: 'passage' });
    const cos = (a: number[], b: number[]) => a.reduce((s, x, i) => s + x * b[i]!, 0);
    expect(cos(visits!, views!)).toBeGreaterThan(cos(visits!, procurement!) + 0.2);
  });
});
