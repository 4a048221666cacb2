/**
 * Approximate cosine search with hnswlib-node's `HierarchicalNSW`. Build parameters (M, efConstruction)
 * are fixed when the graph is created and saved in the descriptor; efSearch is a query-time knob that
 * hnswlib does not persist, so it is passed again on load and can change without a rebuild.
 */
import fs from 'node:fs/promises';
import path from 'node:path';
import hnswlib from 'hnswlib-node';
import {
  VECTOR_DESCRIPTOR_FILE,
  checkBatch,
  checkVector,
  type HnswParams,
  type VectorDescriptor,
  type VectorHit,
  type VectorIndex,
} from './vector-index.js';

const DATA_FILE = 'vectors.hnsw';
/** hnswlib's level generator is seeded, so the same inputs in the same order give the same graph. */
const RANDOM_SEED = 100;

type Graph = InstanceType<typeof hnswlib.HierarchicalNSW>;

export class HnswVectorIndex implements VectorIndex {
  readonly kind = 'hnsw' as const;

  private constructor(
    private readonly graph: Graph,
    readonly dimension: number,
    readonly params: HnswParams,
  ) {
    graph.setEf(params.efSearch);
  }

  /** An empty index; options are validated by `createVectorIndex`. */
  static create(dimension: number, params: HnswParams): HnswVectorIndex {
    const graph = new hnswlib.HierarchicalNSW('cosine', dimension);
    graph.initIndex({ maxElements: 0, m: params.m, efConstruction: params.efConstruction, randomSeed: RANDOM_SEED });
    return new HnswVectorIndex(graph, dimension, params);
  }

  get size(): number {
    return this.graph.getCurrentCount();
  }

  add(vectors: number[][], labels: number[]): void {
    checkBatch(vectors, labels);
    vectors.forEach((v, i) => checkVector(v, this.dimension, `vector for label ${labels[i]}`));
    // Capacity grows geometrically: resizeIndex reallocates the whole graph.
    const needed = this.size + vectors.length;
    if (needed > this.graph.getMaxElements()) this.graph.resizeIndex(Math.max(needed, this.graph.getMaxElements() * 2));
    vectors.forEach((v, i) => this.graph.addPoint(plain(v), labels[i]!));
  }

  search(vector: number[], k: number, filter?: (label: number) => boolean): VectorHit[] {
    checkVector(vector, this.dimension, 'query vector');
    // hnswlib rejects k above the element count instead of returning fewer hits.
    const n = Math.min(Math.floor(k), this.size);
    if (n < 1) return [];
    const { neighbors, distances } = this.graph.searchKnn(plain(vector), n, filter);
    // Cosine space distance is 1 − cos; results come nearest first.
    return neighbors.map((label, i) => ({ label, score: 1 - distances[i]! }));
  }

  vectorOf(label: number): number[] {
    try {
      return this.graph.getPoint(label);
    } catch {
      throw new RangeError(`label ${label} is not in the index`);
    }
  }

  async save(dir: string): Promise<void> {
    await fs.mkdir(dir, { recursive: true });
    await this.graph.writeIndex(path.join(dir, DATA_FILE));
    const { m, efConstruction } = this.params;
    const descriptor: VectorDescriptor = { kind: 'hnsw', dimension: this.dimension, size: this.size, m, efConstruction };
    await fs.writeFile(path.join(dir, VECTOR_DESCRIPTOR_FILE), JSON.stringify(descriptor));
  }

  /** Reads a graph saved by `save`; throws an Error naming the file when hnswlib cannot read it or it disagrees with the descriptor. */
  static async load(
    dir: string,
    descriptor: Extract<VectorDescriptor, { kind: 'hnsw' }>,
    efSearch: number,
  ): Promise<HnswVectorIndex> {
    const file = path.join(dir, DATA_FILE);
    const graph = new hnswlib.HierarchicalNSW('cosine', descriptor.dimension);
    try {
      await graph.readIndex(file);
    } catch (e) {
      throw new Error(`${file}: ${e instanceof Error ? e.message : String(e)}`, { cause: e });
    }
    // hnswlib reads a graph of another dimension without complaint, so the count is the tripwire we have.
    if (graph.getCurrentCount() !== descriptor.size) {
      throw new Error(`${file}: holds ${graph.getCurrentCount()} vectors, ${VECTOR_DESCRIPTOR_FILE} says ${descriptor.size}`);
    }
    return new HnswVectorIndex(graph, descriptor.dimension, { m: descriptor.m, efConstruction: descriptor.efConstruction, efSearch });
  }
}

/** hnswlib-node's binding accepts only plain arrays (a Float32Array throws). */
function plain(v: ArrayLike<number>): number[] {
  return Array.isArray(v) ? v : Array.from(v);
}
