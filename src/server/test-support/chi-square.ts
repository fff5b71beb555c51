// Chi-square tests: goodness of fit (the fairness test of the draw) and homogeneity (random and
// pre-drawn spin shapes, plan-distribution.test.ts). The p-value is the regularized upper incomplete
// gamma Q(k/2, x/2), computed as in Numerical Recipes (§6.2): a series for x < a + 1, a continued
// fraction (modified Lentz) otherwise, with a Lanczos log-gamma.
const LANCZOS_COEFFICIENTS = [
  76.18009172947146, -86.50532032941678, 24.01409824083091, -1.231739572450155, 0.001208650973866179,
  -0.5395239384953e-5,
];
const MAX_ITERATIONS = 10_000;
const RELATIVE_EPSILON = 1e-15;
const TINY = 1e-300;

/** ln Γ(x) for x > 0 (Lanczos, relative error < 2e-10). */
export function logGamma(x: number): number {
  if (!(x > 0)) throw new RangeError(`logGamma needs x > 0, got ${x}`);
  let y = x;
  const t = x + 5.5 - (x + 0.5) * Math.log(x + 5.5);
  let series = 1.00000000019;
  for (const coefficient of LANCZOS_COEFFICIENTS) series += coefficient / ++y;
  return -t + Math.log((2.5066282746310007 * series) / x);
}

/** Q(a, x) = Γ(a, x) / Γ(a): the regularized upper incomplete gamma, a > 0, x ≥ 0. */
export function regularizedUpperGamma(a: number, x: number): number {
  if (!(a > 0) || !(x >= 0))
    throw new RangeError(`regularizedUpperGamma needs a > 0 and x >= 0 (a=${a}, x=${x})`);
  if (x === 0) return 1;
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    // P(a, x) by its series; Q = 1 - P.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITERATIONS; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * RELATIVE_EPSILON) break;
    }
    return 1 - sum * Math.exp(logPrefactor);
  }
  // Q(a, x) by its continued fraction.
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITERATIONS; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < RELATIVE_EPSILON) break;
  }
  return Math.exp(logPrefactor) * h;
}

export interface ChiSquareResult {
  statistic: number;
  degreesOfFreedom: number;
  pValue: number;
}

/** Pearson's chi-square test of observed counts against expected probabilities (summing to 1). */
export function chiSquareGoodnessOfFit(
  observed: ArrayLike<number>,
  probabilities: ArrayLike<number>,
): ChiSquareResult {
  if (observed.length !== probabilities.length || observed.length < 2)
    throw new RangeError('observed and probabilities need the same length, at least 2');
  const total = sumOf(observed);
  let statistic = 0;
  for (let i = 0; i < observed.length; i++) {
    const expected = total * (probabilities[i] as number);
    statistic += ((observed[i] as number) - expected) ** 2 / expected;
  }
  const degreesOfFreedom = observed.length - 1;
  return { statistic, degreesOfFreedom, pValue: regularizedUpperGamma(degreesOfFreedom / 2, statistic / 2) };
}

/**
 * Pearson's chi-square test of homogeneity: do the samples (one row of counts per sample, the same
 * categories in every row) come from one distribution? Expected counts are row total × column
 * total / grand total; a category no sample hit is left out (it carries no information).
 */
export function chiSquareHomogeneity(counts: ReadonlyArray<ArrayLike<number>>): ChiSquareResult {
  const categories = counts[0]?.length ?? 0;
  if (counts.length < 2 || counts.some((row) => row.length !== categories))
    throw new RangeError('homogeneity needs at least 2 samples with the same categories');
  const rowTotals = counts.map((row) => sumOf(row));
  const columnTotals = Array.from({ length: categories }, (_, j) =>
    counts.reduce((sum, row) => sum + (row[j] as number), 0),
  );
  const total = sumOf(rowTotals);
  if (rowTotals.some((rowTotal) => !(rowTotal > 0)))
    throw new RangeError('every sample needs at least one observation');
  let statistic = 0;
  let usedCategories = 0;
  for (let j = 0; j < categories; j++) {
    const columnTotal = columnTotals[j] as number;
    if (columnTotal === 0) continue;
    usedCategories += 1;
    counts.forEach((row, i) => {
      const expected = ((rowTotals[i] as number) * columnTotal) / total;
      statistic += ((row[j] as number) - expected) ** 2 / expected;
    });
  }
  if (usedCategories < 2) throw new RangeError('homogeneity needs observations in at least 2 categories');
  const degreesOfFreedom = (counts.length - 1) * (usedCategories - 1);
  return { statistic, degreesOfFreedom, pValue: regularizedUpperGamma(degreesOfFreedom / 2, statistic / 2) };
}

function sumOf(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i] as number;
  return sum;
}
