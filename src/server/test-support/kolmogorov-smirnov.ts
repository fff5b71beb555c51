// The two-sample Kolmogorov-Smirnov test, for comparing continuous spin-shape values (the landing
// fraction of random and pre-drawn plans, plan-distribution.test.ts). The p-value is asymptotic:
// the Kolmogorov distribution's tail Q_KS(λ) with Stephens' small-sample correction of λ, as in
// Numerical Recipes (§14.3).
const MAX_TERMS = 100;
const NEGLIGIBLE_TERM = 1e-17;
/** Below this λ the alternating series converges slowly; the theta-function form is used instead. */
const SERIES_SWITCH_LAMBDA = 1.18;

/**
 * Q_KS(λ) = P(K > λ) for the Kolmogorov distribution K, λ ≥ 0:
 * 2 Σ_{j≥1} (−1)^(j−1) e^(−2j²λ²), or for small λ 1 − (√(2π)/λ) Σ_{j≥1} e^(−(2j−1)²π²/(8λ²)).
 */
export function kolmogorovTailProbability(lambda: number): number {
  if (!(lambda >= 0)) throw new RangeError(`kolmogorovTailProbability needs λ >= 0, got ${lambda}`);
  if (lambda === 0) return 1;
  if (lambda < SERIES_SWITCH_LAMBDA) {
    const exponentFactor = -(Math.PI * Math.PI) / (8 * lambda * lambda);
    let sum = 0;
    for (let j = 1; j <= MAX_TERMS; j++) {
      const term = Math.exp((2 * j - 1) ** 2 * exponentFactor);
      sum += term;
      if (term < NEGLIGIBLE_TERM * sum) break;
    }
    return 1 - (Math.sqrt(2 * Math.PI) / lambda) * sum;
  }
  let sum = 0;
  for (let j = 1; j <= MAX_TERMS; j++) {
    const term = Math.exp(-2 * j * j * lambda * lambda);
    sum += j % 2 === 1 ? term : -term;
    if (term < NEGLIGIBLE_TERM * Math.abs(sum)) break;
  }
  return Math.min(1, Math.max(0, 2 * sum));
}

export interface KolmogorovSmirnovResult {
  /** D: the largest distance between the two empirical distribution functions, 0..1. */
  statistic: number;
  pValue: number;
}

/**
 * Two-sample Kolmogorov-Smirnov test: could `a` and `b` come from the same continuous
 * distribution? Ties (within or across samples) are stepped over together, so D is exact for them
 * too; the p-value assumes a continuous distribution.
 */
export function kolmogorovSmirnovTwoSample(
  a: ArrayLike<number>,
  b: ArrayLike<number>,
): KolmogorovSmirnovResult {
  if (a.length === 0 || b.length === 0) throw new RangeError('both samples need at least one value');
  const sortedA = Float64Array.from(a).sort();
  const sortedB = Float64Array.from(b).sort();
  if (sortedA.some(Number.isNaN) || sortedB.some(Number.isNaN)) throw new RangeError('samples hold NaN');
  const n = sortedA.length;
  const m = sortedB.length;
  let i = 0;
  let j = 0;
  let statistic = 0;
  while (i < n && j < m) {
    const value = Math.min(sortedA[i] as number, sortedB[j] as number);
    while (i < n && sortedA[i] === value) i++;
    while (j < m && sortedB[j] === value) j++;
    statistic = Math.max(statistic, Math.abs(i / n - j / m));
  }
  const effectiveSize = Math.sqrt((n * m) / (n + m));
  const lambda = (effectiveSize + 0.12 + 0.11 / effectiveSize) * statistic;
  return { statistic, pValue: kolmogorovTailProbability(lambda) };
}
