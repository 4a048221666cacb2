/**
 * Test helpers for the index: hand-made Reports (ingest lands later), a deterministic fake embedder
 * that can be told to fail, a seeded random generator and clustered vectors for recall tests.
 */
import { createHash } from 'node:crypto';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { EmbedOptions, Embedder } from '../../src/embed/embedder.js';
import { normalizeText } from '../../src/text/index.js';
import type { Chunk, Report } from '../../src/types.js';

export interface ReportSpec {
  id: string;
  /** One chunk per entry: [heading, paragraph text]. */
  paragraphs: [string, string][];
  title?: string | null;
  region?: string | null;
  year?: number | null;
  /** Defaults to a hash of the text, as ingest hashes the raw bytes. */
  checksum?: string;
}

/** A minimal but well-formed Report: each paragraph under its heading becomes one chunk. */
export function makeReport(spec: ReportSpec): Report {
  let text = '';
  const paragraphs: Report['paragraphs'] = [];
  const chunks: Chunk[] = [];
  spec.paragraphs.forEach(([heading, body], i) => {
    const start = text.length;
    text += `${body}\n`;
    const n = i + 1;
    const norm = normalizeText(`${heading} ${body}`);
    paragraphs.push({ n, kind: 'paragraph', text: body, norm, headingPath: [heading], start, end: start + body.length });
    chunks.push({ id: `${spec.id}#p${n}`, reportId: spec.id, headingPath: [heading], paragraphs: [n], kind: 'paragraph', start, end: start + body.length, text: body, norm });
  });
  return {
    id: spec.id,
    source: `corpus/${spec.id}.txt`,
    meta: {
      region: { value: spec.region ?? null, source: spec.region ? 'title' : 'unknown' },
      body: { value: '人民政府', source: 'title' },
      year: { value: spec.year ?? null, source: spec.year ? 'title' : 'unknown' },
      title: { value: spec.title === undefined ? `${spec.id} 年度报告` : spec.title, source: 'title' },
    },
    script: 'simplified',
    text,
    sections: [],
    paragraphs,
    chunks,
    warnings: [],
    checksum: spec.checksum ?? createHash('sha256').update(text).digest('hex'),
  };
}

/**
 * Deterministic bag-of-character-bigrams embedder: similar texts get similar vectors, so "the chunk's
 * own text finds the chunk" holds. Counts calls and texts; throws on call `failOnCall` (1-based).
 */
export class FakeEmbedder implements Embedder {
  readonly maxEmbeddingsPerCall = 4;
  calls = 0;
  texts: string[] = [];

  constructor(
    readonly id = 'fake-bigram-32',
    readonly dimension = 32,
    private readonly failOnCall?: number,
  ) {}

  async embed(texts: string[], _options: EmbedOptions): Promise<number[][]> {
    this.calls++;
    if (this.calls === this.failOnCall) throw new Error(`fake embedder failed on call ${this.calls}`);
    this.texts.push(...texts);
    return texts.map((t) => this.vector(t));
  }

  private vector(text: string): number[] {
    const v = new Array<number>(this.dimension).fill(0);
    for (let i = 0; i < text.length; i++) {
      const h = createHash('md5').update(text.slice(i, i + 2)).digest();
      v[h[0]! % this.dimension]! += h[1]! & 1 ? 1 : -1;
    }
    const norm = Math.hypot(...v) || 1;
    return v.map((x) => x / norm);
  }
}

/** The seeded PRNG the SVD uses, so random test data is the same on every run. */
export { seededRandom } from '../../src/embed/local/svd.js';

/** Standard normal sample (Box–Muller). */
function gaussian(random: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - random())) * Math.cos(2 * Math.PI * random());
}

/** `count` points around `clusters` random centres in `dimension` dimensions, `spread` = noise scale. */
export function clusteredVectors(random: () => number, count: number, dimension: number, clusters: number, spread = 0.5): number[][] {
  const centres = Array.from({ length: clusters }, () => Array.from({ length: dimension }, () => gaussian(random)));
  return Array.from({ length: count }, (_, i) => centres[i % clusters]!.map((c) => c + spread * gaussian(random)));
}

/** A fresh empty directory under the OS temp dir; remove it with `fs.rm(dir, { recursive: true })`. */
export async function tempDir(): Promise<string> {
  return fs.mkdtemp(path.join(os.tmpdir(), 'nianbao-index-'));
}
