/**
 * Flag parsing shared by the CLI commands (node:util parseArgs). An unknown or malformed flag becomes
 * an INVALID_REQUEST error naming it, which main.ts prints as one line with a non-zero exit.
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { NianbaoError } from '../errors.js';

export function parseFlags<T extends NonNullable<ParseArgsConfig['options']>>(args: string[], options: T) {
  try {
    return parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw new NianbaoError('INVALID_REQUEST', (e as Error).message);
  }
}

/** A whole number flag in [min, max], or the default. */
export function intFlag(value: string | undefined, name: string, fallback: number, min = 1, max = 1_000_000): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < min || n > max) throw new NianbaoError('INVALID_REQUEST', `--${name} must be a whole number from ${min} to ${max}, got "${value}"`);
  return n;
}

/** Pads a string to a display width, counting CJK characters as two columns. */
export function padCell(text: string, width: number): string {
  const w = displayWidth(text);
  return w >= width ? text : text + ' '.repeat(width - w);
}

export function displayWidth(text: string): number {
  let w = 0;
  for (const ch of text) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}

/** Renders rows as an aligned text table with a header line. */
export function renderTable(header: string[], rows: string[][]): string {
  const widths = header.map((h, i) => Math.max(displayWidth(h), ...rows.map((r) => displayWidth(r[i] ?? ''))));
  const line = (cells: string[]) => cells.map((c, i) => padCell(c, widths[i]!)).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}
