/**
 * Performance marks (`prizewheel:NAME`) at the steps to the first painted wheel, for the
 * diagnostics, DevTools and the benchmark. Never throws.
 */
export function markTiming(name: string): void {
  try {
    globalThis.performance?.mark(`prizewheel:${name}`);
  } catch {
    // marks are a diagnostic aid only
  }
}
