/** Small dense symmetric matrices (p × p, p = number of model terms) as arrays of rows. */
export type Matrix = number[][];

/** Lower-triangular L with A = L·Lᵀ, or null when A is not (numerically) positive definite. */
export function cholesky(a: Matrix): Matrix | null {
  const p = a.length;
  const l: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < p; i++) {
    for (let j = 0; j <= i; j++) {
      let s = a[i][j];
      for (let k = 0; k < j; k++) s -= l[i][k] * l[j][k];
      if (i === j) {
        if (!(s > 1e-14 * Math.abs(a[i][i])) || !Number.isFinite(s)) return null;
        l[i][i] = Math.sqrt(s);
      } else {
        l[i][j] = s / l[j][j];
      }
    }
  }
  return l;
}

/** Solves L·Lᵀ·x = b. */
export function choleskySolve(l: Matrix, b: readonly number[]): number[] {
  const p = l.length;
  const z = new Array<number>(p);
  for (let i = 0; i < p; i++) {
    let s = b[i];
    for (let k = 0; k < i; k++) s -= l[i][k] * z[k];
    z[i] = s / l[i][i];
  }
  const x = new Array<number>(p);
  for (let i = p - 1; i >= 0; i--) {
    let s = z[i];
    for (let k = i + 1; k < p; k++) s -= l[k][i] * x[k];
    x[i] = s / l[i][i];
  }
  return x;
}

/** A⁻¹ from its Cholesky factor. */
export function choleskyInverse(l: Matrix): Matrix {
  const p = l.length;
  const columns = Array.from({ length: p }, (_, j) => choleskySolve(l, Array.from({ length: p }, (_, i) => (i === j ? 1 : 0))));
  return Array.from({ length: p }, (_, i) => Array.from({ length: p }, (_, j) => columns[j][i]));
}

/** Eigenvalues of a symmetric matrix by cyclic Jacobi rotations (ascending). */
export function symmetricEigenvalues(a: Matrix): number[] {
  const p = a.length;
  const m = a.map((row) => [...row]);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < p; i++) for (let j = i + 1; j < p; j++) off += m[i][j] ** 2;
    if (off < 1e-30) break;
    for (let i = 0; i < p; i++) {
      for (let j = i + 1; j < p; j++) {
        if (Math.abs(m[i][j]) < 1e-300) continue;
        const theta = (m[j][j] - m[i][i]) / (2 * m[i][j]);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const s = t * c;
        for (let k = 0; k < p; k++) {
          const mik = m[i][k];
          const mjk = m[j][k];
          m[i][k] = c * mik - s * mjk;
          m[j][k] = s * mik + c * mjk;
        }
        for (let k = 0; k < p; k++) {
          const mki = m[k][i];
          const mkj = m[k][j];
          m[k][i] = c * mki - s * mkj;
          m[k][j] = s * mki + c * mkj;
        }
      }
    }
  }
  return m.map((row, i) => row[i]).sort((x, y) => x - y);
}

/**
 * Condition number of A after scaling it to unit diagonal (so that the units of the
 * covariates do not count as collinearity). Infinity when A is singular.
 */
export function scaledConditionNumber(a: Matrix): number {
  const d = a.map((row, i) => Math.sqrt(Math.abs(row[i])));
  if (d.some((x) => x === 0 || !Number.isFinite(x))) return Infinity;
  const scaled = a.map((row, i) => row.map((v, j) => v / (d[i] * d[j])));
  const eig = symmetricEigenvalues(scaled);
  const min = eig[0];
  const max = eig[eig.length - 1];
  return min > 0 ? max / min : Infinity;
}
