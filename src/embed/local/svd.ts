/**
 * Deterministic truncated SVD of a sparse matrix by randomized subspace iteration (Halko, Martinsson
 * & Tropp 2011): sketch the range with a seeded random matrix, sharpen it with power iterations,
 * then solve the small problem exactly with Jacobi. Plain TypeScript in float64, so the same input
 * gives bit-identical output on every machine, which keeps the derived model's bytes reproducible.
 */

/** Compressed sparse rows. */
export interface SparseMatrix {
  rows: number;
  cols: number;
  rowPtr: Int32Array;
  colIdx: Int32Array;
  values: Float64Array;
}

export interface SvdResult {
  /** Left singular vectors, row-major `rows × k`. */
  u: Float64Array;
  /** Singular values, descending. */
  s: Float64Array;
  k: number;
}

/** Small seeded PRNG (mulberry32): the sketch must not depend on Math.random. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * The top `k` left singular vectors and values of `a`. `oversample` extra sketch columns and
 * `powerIterations` rounds make the leading vectors accurate even when the spectrum decays slowly,
 * as it does for word co-occurrence matrices.
 */
export function truncatedSvd(a: SparseMatrix, k: number, seed = 1, oversample = 10, powerIterations = 2): SvdResult {
  const l = Math.min(k + oversample, a.rows, a.cols);
  const random = seededRandom(seed);
  const omega = new Float64Array(a.cols * l).map(() => random() * 2 - 1);
  // Intermediate bases only need to stay well conditioned (one Cholesky QR pass); the final one
  // must be orthonormal to working precision (two passes).
  let q = orthonormalize(multiply(a, omega, l), a.rows, l, 1);
  for (let i = 0; i < powerIterations; i++) {
    const z = orthonormalize(multiplyTransposed(a, q, l), a.cols, l, 1);
    q = orthonormalize(multiply(a, z, l), a.rows, l, i === powerIterations - 1 ? 2 : 1);
  }
  // B = Qᵀ A is l × cols; the eigenvectors of B Bᵀ rotate Q into the singular vectors.
  const bt = multiplyTransposed(a, q, l);
  const gram = new Float64Array(l * l);
  for (let r = 0; r < a.cols; r++) {
    const base = r * l;
    for (let i = 0; i < l; i++) {
      const x = bt[base + i]!;
      if (x === 0) continue;
      for (let j = i; j < l; j++) gram[i * l + j] += x * bt[base + j]!;
    }
  }
  for (let i = 0; i < l; i++) for (let j = 0; j < i; j++) gram[i * l + j] = gram[j * l + i]!;
  const { values, vectors } = jacobiEigen(gram, l);
  const order = [...values.keys()].sort((x, y) => values[y]! - values[x]! || x - y);
  const kk = Math.min(k, l);
  const u = new Float64Array(a.rows * kk);
  const s = new Float64Array(kk);
  for (let c = 0; c < kk; c++) {
    const e = order[c]!;
    s[c] = Math.sqrt(Math.max(0, values[e]!));
    for (let r = 0; r < a.rows; r++) {
      let sum = 0;
      for (let t = 0; t < l; t++) sum += q[r * l + t]! * vectors[t * l + e]!;
      u[r * kk + c] = sum;
    }
  }
  return { u, s, k: kk };
}

/** A (rows × cols, sparse) times X (cols × l, row-major). */
function multiply(a: SparseMatrix, x: Float64Array, l: number): Float64Array {
  const y = new Float64Array(a.rows * l);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
      const v = a.values[p]!;
      const xb = a.colIdx[p]! * l;
      for (let t = 0; t < l; t++) y[i * l + t] += v * x[xb + t]!;
    }
  }
  return y;
}

/** Aᵀ (cols × rows) times Y (rows × l, row-major), without materializing the transpose. */
function multiplyTransposed(a: SparseMatrix, y: Float64Array, l: number): Float64Array {
  const z = new Float64Array(a.cols * l);
  for (let i = 0; i < a.rows; i++) {
    for (let p = a.rowPtr[i]!; p < a.rowPtr[i + 1]!; p++) {
      const v = a.values[p]!;
      const zb = a.colIdx[p]! * l;
      for (let t = 0; t < l; t++) z[zb + t] += v * y[i * l + t]!;
    }
  }
  return z;
}

/**
 * Orthonormal columns of the row-major `n × l` matrix `m`, in place, by Cholesky QR run twice
 * (CholeskyQR2) or once: Gram matrix, Cholesky factor R, then m·R⁻¹ row by row. Unlike Gram–Schmidt it walks
 * memory in order, which makes it several times faster here. Columns that are (numerically) dependent
 * on earlier ones become zero instead of failing the factorization.
 */
function orthonormalize(m: Float64Array, n: number, l: number, passes: number): Float64Array {
  for (let pass = 0; pass < passes; pass++) {
    const r = new Float64Array(l * l);
    for (let row = 0; row < n; row++) {
      const base = row * l;
      for (let i = 0; i < l; i++) {
        const x = m[base + i]!;
        if (x === 0) continue;
        for (let j = i; j < l; j++) r[i * l + j] += x * m[base + j]!;
      }
    }
    let trace = 0;
    for (let i = 0; i < l; i++) trace += r[i * l + i]!;
    const tiny = 1e-13 * (trace || 1);
    // Upper Cholesky factor in place: R[i][j] for j ≥ i; a dead pivot zeroes its row.
    for (let i = 0; i < l; i++) {
      let d = r[i * l + i]!;
      for (let k = 0; k < i; k++) d -= r[k * l + i]! ** 2;
      if (d <= tiny) {
        for (let j = i; j < l; j++) r[i * l + j] = 0;
        continue;
      }
      const pivot = Math.sqrt(d);
      r[i * l + i] = pivot;
      for (let j = i + 1; j < l; j++) {
        let v = r[i * l + j]!;
        for (let k = 0; k < i; k++) v -= r[k * l + i]! * r[k * l + j]!;
        r[i * l + j] = v / pivot;
      }
    }
    // Each row q of Q solves q·R = m_row (forward substitution over columns); R is read transposed
    // so the inner loop walks memory in order.
    const rt = new Float64Array(l * l);
    for (let i = 0; i < l; i++) for (let j = i; j < l; j++) rt[j * l + i] = r[i * l + j]!;
    for (let row = 0; row < n; row++) {
      const base = row * l;
      for (let j = 0; j < l; j++) {
        const pivot = rt[j * l + j]!;
        if (pivot === 0) {
          m[base + j] = 0;
          continue;
        }
        let v = m[base + j]!;
        for (let k = 0; k < j; k++) v -= m[base + k]! * rt[j * l + k]!;
        m[base + j] = v / pivot;
      }
    }
  }
  return m;
}

/** Eigen-decomposition of a symmetric n × n matrix by cyclic Jacobi rotations; vectors are columns. */
function jacobiEigen(input: Float64Array, n: number): { values: Float64Array; vectors: Float64Array } {
  const a = Float64Array.from(input);
  const v = new Float64Array(n * n);
  for (let i = 0; i < n; i++) v[i * n + i] = 1;
  let total = 0;
  for (const x of a) total += x * x;
  // Converged when the off-diagonal mass is negligible relative to the whole matrix (~6–10 sweeps).
  for (let sweep = 0; sweep < 50; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j]! ** 2;
    if (off <= 1e-26 * total) break;
    for (let p = 0; p < n; p++) {
      for (let r = p + 1; r < n; r++) {
        const apr = a[p * n + r]!;
        if (Math.abs(apr) < 1e-300) continue;
        const theta = (a[r * n + r]! - a[p * n + p]!) / (2 * apr);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p]!;
          const akr = a[k * n + r]!;
          a[k * n + p] = c * akp - s * akr;
          a[k * n + r] = s * akp + c * akr;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k]!;
          const ark = a[r * n + k]!;
          a[p * n + k] = c * apk - s * ark;
          a[r * n + k] = s * apk + c * ark;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p]!;
          const vkr = v[k * n + r]!;
          v[k * n + p] = c * vkp - s * vkr;
          v[k * n + r] = s * vkp + c * vkr;
        }
      }
    }
  }
  const values = new Float64Array(n);
  for (let i = 0; i < n; i++) values[i] = a[i * n + i]!;
  return { values, vectors: v };
}
