/** The plain-TypeScript truncated SVD behind the derived model. */
import { describe, expect, it } from 'vitest';
import { seededRandom, truncatedSvd, type SparseMatrix } from '../../src/embed/local/svd.js';

/** Dense row-major → CSR. */
function sparse(rows: number, cols: number, dense: number[]): SparseMatrix {
  const rowPtr = new Int32Array(rows + 1);
  const colIdx: number[] = [];
  const values: number[] = [];
  for (let r = 0; r < rows; r++) {
    for (let c = 0; c < cols; c++) {
      const v = dense[r * cols + c]!;
      if (v !== 0) {
        colIdx.push(c);
        values.push(v);
      }
    }
    rowPtr[r + 1] = colIdx.length;
  }
  return { rows, cols, rowPtr, colIdx: Int32Array.from(colIdx), values: Float64Array.from(values) };
}

describe('truncatedSvd', () => {
  it('recovers the singular values of a matrix with a known spectrum', () => {
    // Rows of a scaled permutation-like matrix: singular values are the scales, sorted.
    const scales = [1, 7, 3, 5, 2, 0.5];
    const n = scales.length;
    const dense = new Array<number>(n * n).fill(0);
    scales.forEach((s, i) => (dense[i * n + ((i + 2) % n)] = s));
    const { s, k } = truncatedSvd(sparse(n, n, dense), 3, 1, 3);
    expect(k).toBe(3);
    expect(Array.from(s).map((x) => Number(x.toFixed(6)))).toEqual([7, 5, 3]);
  });

  it('returns orthonormal singular vectors whose projection reconstructs a low-rank matrix', () => {
    const random = seededRandom(7);
    const rows = 40;
    const cols = 30;
    // Rank-3 matrix: sum of three outer products.
    const dense = new Array<number>(rows * cols).fill(0);
    for (let t = 0; t < 3; t++) {
      const u = Array.from({ length: rows }, () => random() - 0.5);
      const v = Array.from({ length: cols }, () => random() - 0.5);
      for (let r = 0; r < rows; r++) for (let c = 0; c < cols; c++) dense[r * cols + c] += (3 - t) * u[r]! * v[c]!;
    }
    const { u, s, k } = truncatedSvd(sparse(rows, cols, dense), 5, 3);
    for (let a = 0; a < 3; a++) {
      for (let b = 0; b < 3; b++) {
        let dot = 0;
        for (let r = 0; r < rows; r++) dot += u[r * k + a]! * u[r * k + b]!;
        expect(dot).toBeCloseTo(a === b ? 1 : 0, 8);
      }
    }
    expect(s[3]!).toBeLessThan(1e-6);
    expect(s[4]!).toBeLessThan(1e-6);
  });

  it('is deterministic for a fixed seed', () => {
    const random = seededRandom(3);
    const dense = Array.from({ length: 20 * 15 }, () => (random() < 0.3 ? random() : 0));
    const a = truncatedSvd(sparse(20, 15, dense), 4, 11);
    const b = truncatedSvd(sparse(20, 15, dense), 4, 11);
    expect(Array.from(a.u)).toEqual(Array.from(b.u));
    expect(Array.from(a.s)).toEqual(Array.from(b.s));
  });
});
