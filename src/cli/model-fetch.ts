/**
 * `npm run model:fetch [-- --model <hub id>] [--models-dir <dir>] [--dtype fp32|q8]`: downloads an
 * embedding model from the Hugging Face hub into `models/<org>/<name>/`, where `createEmbedder` finds
 * it offline afterwards. Without a reachable hub it fails within seconds with one line saying how to
 * place the files by hand.
 */
import path from 'node:path';
import { env } from '@huggingface/transformers';
import { z } from 'zod';
import { loadConfig, resolveDir } from '../config.js';
import { formatMessage, isNianbaoError } from '../errors.js';
import { createTransformersEmbedder } from '../embed/transformers.js';
import { parseCommand } from './args.js';
import { RECOMMENDED_MODEL, SPECS } from './commands.js';

export { RECOMMENDED_MODEL };

const HUB_TIMEOUT_MS = 5000;

const flagsSchema = z.object({
  model: z
    .string()
    .regex(/^(?!.*\.\.)[\w-][\w.-]*\/[\w-][\w.-]*$/, 'expected a hub id such as Xenova/bge-small-zh-v1.5')
    .default(RECOMMENDED_MODEL),
  'models-dir': z.string().optional(),
  dtype: z.enum(['fp32', 'q8']).default('fp32'),
});

/** Runs the command; returns the exit code (0 fetched or help shown, 1 hub or download failure, 2 bad flags). */
export async function run(args: string[]): Promise<number> {
  let flags: z.infer<typeof flagsSchema>;
  try {
    const command = parseCommand(SPECS['model-fetch'], args);
    if (!command) return 0;
    const parsed = flagsSchema.safeParse(command.values);
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!;
      return fail(2, `参数不合法 (invalid flag) --${String(issue.path[0])}: ${issue.message}`);
    }
    flags = parsed.data;
  } catch (err) {
    return fail(2, `参数不合法 (invalid flag): ${isNianbaoError(err) ? err.detail : err instanceof Error ? err.message : String(err)}`);
  }

  const config = loadConfig();
  const modelsDir = flags['models-dir'] ? path.resolve(flags['models-dir']) : resolveDir(config, 'modelsDir');
  const target = path.join(modelsDir, flags.model);
  const weights = flags.dtype === 'q8' ? 'onnx/model_quantized.onnx' : 'onnx/model.onnx';

  const unreachable = await hubUnreachable(env.remoteHost);
  if (unreachable) {
    return fail(
      1,
      `无法连接模型仓库 ${env.remoteHost}，请手动把模型文件放到 ${target}/ ` +
        `(model hub unreachable: ${unreachable}; place config.json, tokenizer.json, tokenizer_config.json and ${weights} ` +
        `of ${flags.model} in ${target}/ by hand, then set NIANBAO_EMBED_MODEL=${flags.model} and run npm run index)`,
    );
  }

  try {
    const embedder = await createTransformersEmbedder({
      model: flags.model,
      cacheDir: modelsDir,
      allowRemote: true,
      batchSize: 1,
      dtype: flags.dtype,
    });
    process.stdout.write(
      `已下载 (fetched) ${flags.model} → ${target} (id ${embedder.id}, dimension ${embedder.dimension}). ` +
        `使用 (use): NIANBAO_EMBED_MODEL=${flags.model} npm run index\n`,
    );
    return 0;
  } catch (err) {
    const msg = isNianbaoError(err) ? err.message : formatMessage('MODEL_UNAVAILABLE', String(err));
    return fail(1, msg);
  }
}

/** Null when the hub answers at all (any HTTP status), else the network error's code or message. */
async function hubUnreachable(host: string): Promise<string | null> {
  try {
    await fetch(host, { method: 'HEAD', signal: AbortSignal.timeout(HUB_TIMEOUT_MS) });
    return null;
  } catch (err) {
    const cause = (err as { cause?: { code?: string } }).cause;
    return cause?.code ?? (err instanceof Error ? err.message : String(err));
  }
}

function fail(code: number, line: string): number {
  process.stderr.write(`错误 (error): ${line}\n`);
  return code;
}
