/**
 * Bundles the widget (src/widget/index.ts) into one minified IIFE with esbuild, in memory. The
 * server calls `buildWidget()` once at startup and serves the result as /widget.js; run as a script
 * (`npm run build:widget`) it writes dist/widget.js and prints the raw and gzip sizes.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const here = path.dirname(fileURLToPath(import.meta.url));

/** The budget third-party pages pay for embedding us; tests fail above it. */
export const WIDGET_GZIP_BUDGET = 30 * 1024;

export interface WidgetBundle {
  code: string;
  gzipBytes: number;
}

/** How every browser script the server sends is bundled: one minified IIFE for es2020, in memory. */
export const BROWSER_BUNDLE = {
  bundle: true,
  write: false,
  minify: true,
  format: 'iife',
  target: 'es2020',
  platform: 'browser',
  charset: 'utf8',
  legalComments: 'none',
  logLevel: 'silent',
} as const;

/** Builds widget.js (minified, iife, es2020) and measures its gzip size. */
export async function buildWidget(): Promise<WidgetBundle> {
  const result = await build({ ...BROWSER_BUNDLE, entryPoints: [path.join(here, 'index.ts')] });
  const code = result.outputFiles[0]!.text;
  return { code, gzipBytes: gzipSync(code).length };
}

async function main(): Promise<void> {
  const { code, gzipBytes } = await buildWidget();
  const out = path.resolve(here, '../../dist/widget.js');
  await mkdir(path.dirname(out), { recursive: true });
  await writeFile(out, code);
  const kb = (n: number): string => `${(n / 1024).toFixed(1)} KB`;
  console.log(`${path.relative(process.cwd(), out)}: ${kb(Buffer.byteLength(code))} raw, ${kb(gzipBytes)} gzip (budget ${kb(WIDGET_GZIP_BUDGET)})`);
  if (gzipBytes > WIDGET_GZIP_BUDGET) process.exitCode = 1;
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
