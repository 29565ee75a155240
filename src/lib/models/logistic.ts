import { cholesky, choleskyInverse, choleskySolve, scaledConditionNumber, type Matrix } from './linalg';
import { twoSidedNormalP } from './normal';

export interface LogisticOptions {
  /** Names of the design columns, for reports (default x0, x1, …). */
  names?: readonly string[];
  maxIterations?: number;
  /** Converged when the largest Newton step is below tolerance × (1 + largest |coefficient|). */
  tolerance?: number;
  /** Collinearity warning when the unit-diagonal-scaled Hessian's condition number exceeds this. */
  conditionLimit?: number;
  /** Separation warning when a fitted probability is within this of 0 or 1. */
  probabilityEpsilon?: number;
}

export type ModelWarning =
  | { kind: 'separation'; message: string; extremeFits: number }
  | { kind: 'collinearity'; message: string; conditionNumber: number }
  | { kind: 'not_converged'; message: string };

export interface LogisticFit {
  names: string[];
  coefficients: number[];
  /** From the inverse Hessian (observed = expected information for the logit link); NaN when singular. */
  standardErrors: number[];
  /** Wald z = coefficient ÷ standard error. */
  z: number[];
  /** Two-sided normal p-values of z. */
  pValues: number[];
  covariance: Matrix | null;
  logLikelihood: number;
  /** Log-likelihood of the intercept-only model (for McFadden's R² and the LR test). */
  nullLogLikelihood: number;
  iterations: number;
  converged: boolean;
  conditionNumber: number;
  warnings: ModelWarning[];
  n: number;
}

/** log(1 + eᵗ) without overflow. */
function softplus(t: number): number {
  return t > 0 ? t + Math.log1p(Math.exp(-t)) : Math.log1p(Math.exp(t));
}

export function sigmoid(t: number): number {
  return t >= 0 ? 1 / (1 + Math.exp(-t)) : Math.exp(t) / (1 + Math.exp(t));
}

export function linearPredictor(row: ArrayLike<number>, coefficients: readonly number[]): number {
  let eta = 0;
  for (let j = 0; j < coefficients.length; j++) eta += row[j] * coefficients[j];
  return eta;
}

function logLikelihood(x: readonly ArrayLike<number>[], y: ArrayLike<number>, beta: readonly number[]): number {
  let ll = 0;
  for (let i = 0; i < x.length; i++) {
    const eta = linearPredictor(x[i], beta);
    ll += y[i] * eta - softplus(eta);
  }
  return ll;
}

function gradientAndHessian(x: readonly ArrayLike<number>[], y: ArrayLike<number>, beta: readonly number[]): { g: number[]; h: Matrix } {
  const p = beta.length;
  const g = new Array<number>(p).fill(0);
  const h: Matrix = Array.from({ length: p }, () => new Array<number>(p).fill(0));
  for (let i = 0; i < x.length; i++) {
    const row = x[i];
    const mu = sigmoid(linearPredictor(row, beta));
    const w = mu * (1 - mu);
    const r = y[i] - mu;
    for (let j = 0; j < p; j++) {
      g[j] += row[j] * r;
      const wj = w * row[j];
      for (let k = 0; k <= j; k++) h[j][k] += wj * row[k];
    }
  }
  for (let j = 0; j < p; j++) for (let k = j + 1; k < p; k++) h[j][k] = h[k][j];
  return { g, h };
}

/**
 * Logistic regression of y (0/1) on the design matrix x (one Float64Array per row; include a
 * column of ones for an intercept) by maximum likelihood: Newton–Raphson (= IRLS for the logit
 * link) with step halving whenever a step lowers the likelihood.
 */
export function fitLogistic(x: readonly ArrayLike<number>[], y: ArrayLike<number>, options: LogisticOptions = {}): LogisticFit {
  const n = x.length;
  if (n === 0) throw new Error('No observations');
  if (y.length !== n) throw new Error(`y has ${y.length} values for ${n} rows`);
  const p = x[0].length;
  if (x.some((row) => row.length !== p)) throw new Error('Rows of the design matrix differ in length');
  for (let i = 0; i < n; i++) if (y[i] !== 0 && y[i] !== 1) throw new Error(`y[${i}] = ${y[i]} is not 0 or 1`);
  const names = options.names ? [...options.names] : Array.from({ length: p }, (_, j) => `x${j}`);
  if (names.length !== p) throw new Error(`${names.length} names for ${p} columns`);
  const maxIterations = options.maxIterations ?? 100;
  const tolerance = options.tolerance ?? 1e-10;
  const warnings: ModelWarning[] = [];

  let beta = new Array<number>(p).fill(0);
  let ll = logLikelihood(x, y, beta);
  let converged = false;
  let singular = false;
  let iterations = 0;
  while (iterations < maxIterations) {
    iterations++;
    const { g, h } = gradientAndHessian(x, y, beta);
    const l = cholesky(h);
    if (!l) {
      singular = true;
      break;
    }
    const step = choleskySolve(l, g);
    let scale = 1;
    let candidate = beta.map((b, j) => b + step[j]);
    let candidateLl = logLikelihood(x, y, candidate);
    for (let halvings = 0; halvings < 30 && !(candidateLl >= ll - 1e-12 * Math.abs(ll)); halvings++) {
      scale /= 2;
      candidate = beta.map((b, j) => b + scale * step[j]);
      candidateLl = logLikelihood(x, y, candidate);
    }
    const largestStep = Math.max(...step.map((s) => Math.abs(s * scale)));
    beta = candidate;
    ll = candidateLl;
    if (largestStep <= tolerance * (1 + Math.max(...beta.map(Math.abs)))) {
      converged = true;
      break;
    }
  }

  const { h } = gradientAndHessian(x, y, beta);
  const conditionNumber = scaledConditionNumber(h);
  const factor = singular ? null : cholesky(h);
  const covariance = factor ? choleskyInverse(factor) : null;
  const standardErrors = beta.map((_, j) => (covariance ? Math.sqrt(covariance[j][j]) : NaN));
  const z = beta.map((b, j) => b / standardErrors[j]);

  const epsilon = options.probabilityEpsilon ?? 1e-8;
  const extremeFits = x.filter((row) => {
    const mu = sigmoid(linearPredictor(row, beta));
    return mu < epsilon || mu > 1 - epsilon;
  }).length;
  if (extremeFits > 0) {
    warnings.push({
      kind: 'separation',
      message: `${extremeFits} fitted probabilities are 0 or 1: the outcome is (quasi-)separated by the covariates; coefficients diverge and their standard errors are meaningless.`,
      extremeFits,
    });
  }
  const conditionLimit = options.conditionLimit ?? 1e8;
  if (singular || !factor || conditionNumber > conditionLimit) {
    warnings.push({
      kind: 'collinearity',
      message: singular || !factor
        ? 'The Hessian is singular: some columns are linear combinations of others (collinear or constant); drop one.'
        : `The Hessian is ill-conditioned (condition number ${conditionNumber.toExponential(2)}): columns are nearly collinear.`,
      conditionNumber,
    });
  }
  if (!converged) {
    warnings.push({ kind: 'not_converged', message: `No convergence after ${iterations} iterations.` });
  }

  const mean = Array.from(y).reduce((s, v) => s + v, 0) / n;
  const nullLogLikelihood = mean === 0 || mean === 1 ? 0 : n * (mean * Math.log(mean) + (1 - mean) * Math.log(1 - mean));
  return {
    names,
    coefficients: beta,
    standardErrors,
    z,
    pValues: z.map(twoSidedNormalP),
    covariance,
    logLikelihood: ll,
    nullLogLikelihood,
    iterations,
    converged,
    conditionNumber,
    warnings,
    n,
  };
}

/** Fitted probabilities of the rows. */
export function predictProbabilities(x: readonly ArrayLike<number>[], coefficients: readonly number[]): Float64Array {
  return Float64Array.from(x, (row) => sigmoid(linearPredictor(row, coefficients)));
}
