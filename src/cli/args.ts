/**
 * Flag parsing shared by the CLI commands. Each command is described once, as data (a CommandSpec:
 * purpose, arguments, flags with type, default and description, examples); `parseCommand` parses with
 * node:util parseArgs from that spec and prints the help from the same spec, so the help cannot drift
 * from the flags. An unknown or malformed flag becomes an INVALID_REQUEST error naming it and pointing
 * at `--help`, which main.ts prints as one line with a non-zero exit.
 */
import { parseArgs } from 'node:util';
import { NianbaoError } from '../errors.js';

/** One flag: how it parses, what it means and what it is when not given. */
export type FlagSpec =
  | { type: 'boolean'; short?: string; description: string }
  | {
      type: 'string';
      short?: string;
      /** Placeholder for the value in the help (`N`, `DIR`, `FILE`). */
      value: string;
      description: string;
      /** Applied when the flag is not given (and shown in the help). */
      default?: string;
      /** Shown in the help when the default is decided elsewhere (config, another flag); not applied. */
      defaultText?: string;
      /** The only accepted values (checked here, listed in the help). */
      choices?: readonly string[];
    };

export interface PositionalSpec {
  name: string;
  description: string;
  /** Shown as `name` rather than `[name]` in the usage line; the command checks presence itself. */
  required?: boolean;
  /** Takes every remaining argument (a question may be given unquoted, word by word). */
  variadic?: boolean;
}

export interface CommandSpec<F extends Record<string, FlagSpec> = Record<string, FlagSpec>> {
  name: string;
  /** How a user starts it, e.g. `npm run batch --`. */
  invocation: string;
  /** One line, Chinese with English, for the command list. */
  summary: string;
  /** Further lines of the help, after the summary. */
  details?: readonly string[];
  positionals: readonly PositionalSpec[];
  flags: F;
  examples: readonly string[];
}

type FlagValue<S extends FlagSpec> = S extends { type: 'boolean' } ? boolean : S extends { default: string } ? string : string | undefined;
export type FlagValues<F extends Record<string, FlagSpec>> = { -readonly [K in keyof F]: FlagValue<F[K]> };

/** Keeps a spec's literal flag types, so `parseCommand` returns typed values. */
export function defineCommand<const F extends Record<string, FlagSpec>>(spec: CommandSpec<F>): CommandSpec<F> {
  return spec;
}

/** Every command takes `--help` / `-h`. */
const HELP_FLAG: FlagSpec = { type: 'boolean', short: 'h', description: '显示本帮助 (show this help)' };

/**
 * Parses `args` by `spec`. With `--help` / `-h` it prints the help on stdout and returns null (the
 * command then exits 0). Unknown flags, missing values, values outside `choices` and surplus
 * arguments throw INVALID_REQUEST with one line that names the flag and points at `--help`.
 */
export function parseCommand<F extends Record<string, FlagSpec>>(spec: CommandSpec<F>, args: string[]): { values: FlagValues<F>; positionals: string[] } | null {
  const flags: Record<string, FlagSpec> = { ...spec.flags, help: HELP_FLAG };
  const options = Object.fromEntries(
    Object.entries(flags).map(([name, f]) => [
      name,
      f.type === 'boolean' ? { type: 'boolean' as const, default: false, ...(f.short ? { short: f.short } : {}) } : { type: 'string' as const, ...(f.default !== undefined ? { default: f.default } : {}), ...(f.short ? { short: f.short } : {}) },
    ]),
  );
  let parsed: { values: Record<string, string | boolean | undefined>; positionals: string[] };
  try {
    parsed = parseArgs({ args, options, allowPositionals: true, strict: true });
  } catch (e) {
    throw invalid(spec, explainParseError(e as Error & { code?: string }, Object.keys(flags)));
  }
  if (parsed.values.help) {
    process.stdout.write(renderHelp(spec));
    return null;
  }
  const variadic = spec.positionals.some((p) => p.variadic);
  if (!variadic && parsed.positionals.length > spec.positionals.length) throw invalid(spec, `多余的参数 (unexpected argument): ${parsed.positionals[spec.positionals.length]}`);
  for (const [name, f] of Object.entries(spec.flags)) {
    const v = parsed.values[name];
    if (f.type === 'string' && f.choices && typeof v === 'string' && !f.choices.includes(v)) throw invalid(spec, `--${name} must be one of ${f.choices.join(', ')}, got "${v}"`);
  }
  const { help: _help, ...values } = parsed.values;
  return { values: values as FlagValues<F>, positionals: parsed.positionals };
}

/** An INVALID_REQUEST naming what was wrong and where the help is. */
function invalid(spec: CommandSpec<Record<string, FlagSpec>>, what: string): NianbaoError {
  return new NianbaoError('INVALID_REQUEST', `${what} (see --help: ${spec.invocation} --help)`);
}

/** parseArgs' error as one line, in Chinese with English, with a suggestion for a mistyped flag. */
function explainParseError(e: Error & { code?: string }, known: string[]): string {
  const quoted = e.message.match(/'([^']+)'/)?.[1] ?? '';
  const flag = quoted.replace(/ <value>$/, '').split(', ').pop()!;
  if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') {
    const near = closest(flag.replace(/^-+/, ''), known);
    return `未知选项 (unknown flag): ${flag}${near ? `；是否想用 (did you mean) --${near}？` : ''}`;
  }
  if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') {
    return /does not take an argument/.test(e.message) ? `${flag} 不带取值 (takes no value)` : `${flag} 需要一个取值 (needs a value)`;
  }
  return e.message.split('\n')[0]!;
}

/** The known flag within two edits of `name` (a typo such as `--concurency`), if there is one. */
function closest(name: string, known: string[]): string | null {
  let best: { flag: string; d: number } | null = null;
  for (const flag of known) {
    const d = editDistance(name, flag);
    if (d <= 2 && (!best || d < best.d)) best = { flag, d };
  }
  return best?.flag ?? null;
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

/** The help of one command: usage, purpose, arguments, every flag with its default, examples. */
export function renderHelp(spec: CommandSpec<Record<string, FlagSpec>>): string {
  const args = spec.positionals.map((p) => (p.required ? p.name : `[${p.name}]`) + (p.variadic ? ' …' : ''));
  const lines = [`用法 (usage): ${[spec.invocation, ...args, '[选项 options]'].join(' ')}`, '', spec.summary, ...(spec.details ?? [])];
  if (spec.positionals.length) {
    lines.push('', '参数 (arguments):');
    const rows = spec.positionals.map((p) => [p.name, p.description]);
    lines.push(...alignRows(rows));
  }
  lines.push('', '选项 (options):');
  const rows = Object.entries({ ...spec.flags, help: HELP_FLAG }).map(([name, f]) => {
    const names = `${f.short ? `-${f.short}, ` : ''}--${name}${f.type === 'string' ? ` ${f.value}` : ''}`;
    const dflt = f === HELP_FLAG ? '' : `；默认 (default): ${f.type === 'boolean' ? '否 (off)' : (f.defaultText ?? f.default ?? '无 (none)')}`;
    const choices = f.type === 'string' && f.choices ? `；可选 (one of): ${f.choices.join('|')}` : '';
    return [names, `${f.description}${choices}${dflt}`];
  });
  lines.push(...alignRows(rows));
  lines.push('', '示例 (examples):', ...spec.examples.map((e) => `  ${e}`), '');
  return lines.join('\n');
}

function alignRows(rows: string[][]): string[] {
  const width = Math.max(...rows.map((r) => displayWidth(r[0]!)));
  return rows.map(([left, right]) => `  ${padCell(left!, width)}  ${right}`);
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
