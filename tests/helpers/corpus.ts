/** Test helpers: the seed corpus, ingested once per test file. */
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ingestCorpus } from '../../src/ingest/index.js';
import type { Report } from '../../src/types.js';

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const CORPUS_DIR = path.join(ROOT, 'corpus');
export const SEED_IDS = {
  luSong: '000_276f938339276f32',
  suifenhe: '001_34b39583e03ccc2d',
  xiangfu: '002_95e09199245b4244',
  masked: '003_efdb0ef03866e842',
  chifeng: '004_4dd6e611894a30a9',
} as const;

let cached: Promise<Report[]> | undefined;

/** The five seed reports, parsed. */
export function seedReports(): Promise<Report[]> {
  cached ??= ingestCorpus(CORPUS_DIR).then((r) => r.reports);
  return cached;
}

export async function seedReport(id: string): Promise<Report> {
  const r = (await seedReports()).find((x) => x.id === id);
  if (!r) throw new Error(`seed ${id} missing`);
  return r;
}
