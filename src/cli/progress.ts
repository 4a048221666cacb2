/**
 * Progress on stderr for long runs (cli-progress). On a terminal it is a live bar; otherwise (CI, pipes)
 * one line per phase, so logs stay readable.
 */
import cliProgress from 'cli-progress';

const PHASE_NAMES: Record<string, string> = {
  ingest: '解析报告 (ingest)',
  model: '生成嵌入模型 (model)',
  embed: '计算向量 (embed)',
  vectors: '写入向量索引 (vectors)',
  write: '写入索引文件 (write)',
  batch: '批量问答 (batch)',
};

export interface Progress {
  update(phase: string, done: number, total: number): void;
  stop(): void;
}

/** A progress reporter for phased work. */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let bar: cliProgress.SingleBar | null = null;
  let current = '';
  const announced = new Set<string>();
  return {
    update(phase, done, total) {
      const name = PHASE_NAMES[phase] ?? phase;
      if (!tty) {
        if (done >= total && !announced.has(phase)) {
          announced.add(phase);
          stream.write(`${name}: ${done}/${total}\n`);
        }
        return;
      }
      if (phase !== current) {
        bar?.stop();
        bar = new cliProgress.SingleBar({ format: `${name} [{bar}] {value}/{total} {percentage}% | 剩余 {eta_formatted}`, stream, hideCursor: true }, cliProgress.Presets.shades_classic);
        bar.start(total, done);
        current = phase;
      } else bar?.update(done);
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
