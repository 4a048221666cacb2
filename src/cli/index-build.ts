/**
 * `npm run index [-- --force | --rebuild-model]`: brings index/ in step with corpus/. Only files whose
 * size or mtime changed are read; changed reports are embedded with the frozen model and committed as a
 * new generation that running servers pick up by themselves within `reloadIntervalMs` (the closing line
 * says so, or that a restart is needed when live reload is off). `--rebuild-model` derives the offline model
 * again (re-embedding everything, without re-reading files); `--force` rebuilds everything from the files.
 * Every run first checks the index against its checksums and repairs what is damaged, no flag needed.
 */
import { loadConfig, resolveDir } from '../config.js';
import { prepareIndex } from '../engine.js';
import { parseCommand } from './args.js';
import { SPECS } from './commands.js';
import { createProgress } from './progress.js';

export async function run(args: string[]): Promise<number> {
  const parsed = parseCommand(SPECS.index, args);
  if (!parsed) return 0;
  const { values } = parsed;
  const config = loadConfig();
  const progress = createProgress();
  const started = performance.now();
  try {
    const prepared = await prepareIndex(config, { force: values.force, rebuildModel: values['rebuild-model'], verify: true, onProgress: progress.update, log: (l) => process.stderr.write(`${l}\n`) });
    progress.stop();
    const seconds = ((performance.now() - started) / 1000).toFixed(2);
    const { index, embedder, stats } = prepared;
    const where = resolveDir(config, 'indexDir');
    if (!stats) process.stdout.write(`索引已是最新，校验无误 (index is up to date and verified): ${where}\n`);
    else
      process.stdout.write(
        `索引已构建 (index built) in ${seconds}s: ${where}\n` +
          `  报告 ${index.summaries.length} 份，分块 ${index.vectors.size} 个；新计算向量 ${stats.embedded} 个，复用 ${stats.reused} 个；${stats.full ? `新建存储 (new store: ${stats.reason})` : '增量更新 (incremental update)'}\n` +
          (stats.drift !== null ? `  词表漂移 (vocabulary drift since the model was built): ${(stats.drift * 100).toFixed(2)}%\n` : '') +
          `  代 (generation): ${index.info.generation}\n` +
          `  嵌入模型 (embedder): ${embedder.id} (dim ${embedder.dimension})\n` +
          `${reloadNote(config.reloadIntervalMs)}\n`,
      );
    return 0;
  } finally {
    progress.stop();
  }
}

/** What a running server does with the new generation: picks it up by itself, or (reload off) needs a restart. */
export function reloadNote(reloadIntervalMs: number): string {
  if (reloadIntervalMs === 0) return '自动加载已关闭 (NIANBAO_RELOAD_INTERVAL_MS=0)：运行中的服务需重启才会使用新索引 (live reload is off: restart a running server to use the new index)';
  const zh = reloadIntervalMs < 1000 ? `${reloadIntervalMs} 毫秒` : `${+(reloadIntervalMs / 1000).toFixed(1)} 秒`;
  const en = reloadIntervalMs < 1000 ? `${reloadIntervalMs} ms` : `${+(reloadIntervalMs / 1000).toFixed(1)} s`;
  return `运行中的服务会在约 ${zh}内自动加载新索引，无需重启 (a running server picks this up by itself within ~${en}; no restart needed)`;
}
