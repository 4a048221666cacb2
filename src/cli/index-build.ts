/**
 * `npm run index [-- --force]`: builds the vector and lexical indexes from corpus/ incrementally
 * (unchanged files keep their vectors), with progress, and prints what was done.
 */
import { loadConfig, resolveDir } from '../config.js';
import { prepareIndex } from '../engine.js';
import { parseFlags } from './args.js';
import { createProgress } from './progress.js';

export async function run(args: string[]): Promise<number> {
  const { values } = parseFlags(args, { force: { type: 'boolean', default: false } });
  const config = loadConfig();
  const progress = createProgress();
  const started = performance.now();
  try {
    const prepared = await prepareIndex(config, { force: values.force, onProgress: progress.update, log: (l) => process.stderr.write(`${l}\n`) });
    progress.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const { index, embedder, stats } = prepared;
    const where = resolveDir(config, 'indexDir');
    if (!stats) process.stdout.write(`索引已是最新 (index is up to date): ${where}\n`);
    else
      process.stdout.write(
        `索引已构建 (index built) in ${seconds}s: ${where}\n` +
          `  报告 ${index.reports.length} 份，分块 ${index.chunkList.length} 个；新计算向量 ${stats.embedded} 个，复用 ${stats.reused} 个\n` +
          `  嵌入模型 (embedder): ${embedder.id} (dim ${embedder.dimension})\n`,
      );
    return 0;
  } finally {
    progress.stop();
  }
}
