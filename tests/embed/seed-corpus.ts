/**
 * The seed reports as the derived model's builder expects them: one normalized simplified text per
 * report, paragraphs joined by `\n`, pinyin glosses removed. Shared by the embedding tests.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll } from 'vitest';
import { normalizeText, stripPinyinGlosses } from '../../src/text/index.js';

export const CORPUS_DIR = path.resolve(import.meta.dirname, '../../corpus');

/** One normalized text per seed report, in file-name order. */
export function seedTexts(): string[] {
  return readdirSync(CORPUS_DIR)
    .filter((f) => f.endsWith('.txt'))
    .sort()
    .map((f) => normalizeLines(readFileSync(path.join(CORPUS_DIR, f), 'utf8')));
}

/** Normalizes each line of a raw report and drops the empty ones. */
export function normalizeLines(raw: string): string {
  return raw
    .split('\n')
    .map((line) => normalizeText(stripPinyinGlosses(line)))
    .filter(Boolean)
    .join('\n');
}

/** A fresh temporary directory, removed after the calling suite; call it at module or describe level. */
export function tempDir(prefix: string): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), `nianbao-${prefix}-`));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
