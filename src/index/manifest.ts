/**
 * The index manifest: what an on-disk index was built from and with. Loading compares it against the
 * running configuration so an index built by another embedder or format is refused, never mixed in.
 *
 * Layout of an index directory:
 *   manifest.json            this file; names the current generation
 *   gen-<stamp>/             one complete build: reports.json, labels.json, lexical.json, vector files
 * A build writes a new generation next to the current one and then replaces manifest.json with one
 * rename, the only atomic step a POSIX file system offers. A crash before that rename leaves the old
 * manifest pointing at the old, untouched generation. (Renaming whole directories would need two renames
 * with a window where no index exists, and would delete files kept in the folder such as index/README.md.)
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hnswParamsSchema } from './vector-index.js';

/** Bump when the layout or any file's shape changes; older indexes are then rebuilt, not misread. */
export const FORMAT_VERSION = 1;

export const INDEX_FILES = {
  manifest: 'manifest.json',
  reports: 'reports.json',
  /** `labels[i]` is the chunk id stored under vector label `i`. */
  labels: 'labels.json',
  lexical: 'lexical.json',
} as const;

/** Generation directory names; checked on load so a manifest cannot point outside the index directory. */
export const GENERATION_PATTERN = /^gen-[0-9A-Za-z-]+$/;

const count = z.number().int().min(0);

export const manifestSchema = z
  .object({
    formatVersion: z.literal(FORMAT_VERSION),
    generation: z.string().regex(GENERATION_PATTERN),
    builtAt: z.string().datetime(),
    embedder: z.object({
      id: z.string().min(1),
      dimension: z.number().int().min(1),
      /** Opaque details from the caller, e.g. the local model directory. */
      info: z.record(z.unknown()),
    }),
    vectors: hnswParamsSchema.extend({ kind: z.enum(['hnsw', 'brute']), space: z.literal('cosine') }),
    /** `corpusChecksum` of the reports' (source, checksum) pairs. */
    corpusChecksum: z.string().regex(/^[0-9a-f]{64}$/),
    reports: z.array(z.object({ id: z.string(), source: z.string(), checksum: z.string(), chunkCount: count })),
    counts: z.object({
      reports: count,
      chunks: count,
      /** Chunks embedded by this build. */
      embedded: count,
      /** Chunks whose vectors were carried over from the previous build. */
      reused: count,
    }),
  })
  .strict();

export type IndexManifest = z.infer<typeof manifestSchema>;

/** A corpus file as the manifest identifies it: its path and the sha256 of its raw bytes (`Report.checksum`). */
export interface SourceChecksum {
  source: string;
  checksum: string;
}

/**
 * One sha256 over the sorted `source\tchecksum` lines. The path is included because report ids (and so
 * chunk ids and citation URLs) derive from file names: a renamed file needs a rebuild even if its bytes
 * did not change. Sorting makes the value independent of directory listing order.
 */
export function corpusChecksum(files: Iterable<SourceChecksum>): string {
  const lines = [...files].map((f) => `${f.source.replace(/\\/g, '/')}\t${f.checksum}`).sort();
  return createHash('sha256').update(lines.join('\n')).digest('hex');
}

/** Outcome of parsing manifest.json: a usable manifest, or why it is not one. */
export type ManifestCheck =
  | { ok: true; manifest: IndexManifest }
  | { ok: false; problem: 'unparseable' | 'format'; detail: string };

/**
 * Parses manifest text. The format version is read before the full schema so an index from another
 * version is reported as incompatible (rebuild) rather than corrupt.
 */
export function parseManifest(text: string): ManifestCheck {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (e) {
    return { ok: false, problem: 'unparseable', detail: e instanceof Error ? e.message : String(e) };
  }
  const version = (raw as { formatVersion?: unknown } | null)?.formatVersion;
  if (typeof version === 'number' && version !== FORMAT_VERSION) {
    return { ok: false, problem: 'format', detail: `format version ${version}, this program reads ${FORMAT_VERSION}` };
  }
  const parsed = manifestSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return { ok: false, problem: 'unparseable', detail: `${issue.path.join('.')}: ${issue.message}` };
  }
  return { ok: true, manifest: parsed.data };
}
