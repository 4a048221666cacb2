/**
 * Progress on stderr for long runs (cli-progress). On a terminal it is a live bar; otherwise (CI, pipes)
 * one line per phase, so logs stay readable.
 */
import cliProgress from 'cli-progress';

const PHASE_NAMES: Record<string, string> = {
  scan: '检查语料 (scan)',
  verify: '校验索引 (verify)',
  ingest: '解析报告 (ingest)',
  model: '生成嵌入模型 (model)',
  embed: '计算向量 (embed)',
  vectors: '写入向量索引 (vectors)',
  write: '写入索引文件 (write)',
  batch: '批量问答 (batch)',
  eval: '评测 (eval)',
};

/** A phase's name as the progress lines show it: `解析报告 (ingest)`. */
export function phaseName(phase: string): string {
  return PHASE_NAMES[phase] ?? phase;
}

export interface Progress {
  update(phase: string, done: number, total: number): void;
  stop(): void;
}

/** How often a non-terminal stream gets a progress line, so CI logs show a long run is alive. */
const LOG_EVERY_MS = 5000;

/**
 * A progress reporter for phased work: count, rate and ETA. On a terminal a live bar per phase;
 * otherwise a line every few seconds and one when a phase completes. A phase with nothing to do
 * (total 0) shows nothing.
 */
export function createProgress(stream: NodeJS.WriteStream = process.stderr): Progress {
  const tty = Boolean(stream.isTTY) && !process.env.CI;
  let bar: cliProgress.SingleBar | null = null;
  let current = '';
  let started = 0;
  let lastLog = 0;
  const rate = (done: number) => (done / Math.max((performance.now() - started) / 1000, 1e-3)).toFixed(1);
  return {
    update(phase, done, total) {
      const name = phaseName(phase);
      if (total === 0) {
        bar?.stop();
        bar = null;
        current = '';
        return;
      }
      if (phase !== current) {
        bar?.stop();
        bar = null;
        current = phase;
        started = performance.now();
        lastLog = started;
        if (tty) {
          bar = new cliProgress.SingleBar({ format: `${name} [{bar}] {value}/{total} | {rate}/秒 | 剩余 {eta_formatted}`, stream, hideCursor: true }, cliProgress.Presets.shades_classic);
          bar.start(total, done, { rate: '0.0' });
        }
      }
      if (tty) return bar?.update(done, { rate: rate(done) });
      const now = performance.now();
      if (done >= total || now - lastLog >= LOG_EVERY_MS) {
        lastLog = now;
        const eta = done > 0 && done < total ? `, 剩余约 ${Math.ceil(((now - started) / done) * (total - done) / 1000)} 秒` : '';
        stream.write(`${name}: ${done}/${total} (${rate(done)}/秒${eta})\n`);
      }
    },
    stop() {
      bar?.stop();
      bar = null;
    },
  };
}
