/**
 * Timing: interleaved rounds in one process, medians, and paired ratios.
 *
 * - Warm-up: each candidate runs with growing batch sizes until a batch takes a measurable time
 *   and the warm-up budget is spent, so that it is optimised before anything is recorded. Then
 *   its batch size is set so that one batch takes about `targetMs` (each candidate its own: a
 *   slow column does fewer operations rather than taking longer).
 * - Rounds: every round runs every candidate once, the order rotated by one each round, so that
 *   drift (thermal, GC pressure, another process) hits all columns alike.
 * - Report: the median ns/op of each candidate, and the median over rounds of the ratio to the
 *   baseline measured in the same round. The paired ratio cancels most of the round-to-round
 *   noise that the two medians alone would keep.
 *
 * Nothing here asserts a timing: this is a measurement, not a test.
 */

export interface Candidate {
  name: string;
  /** Do `units` units of work; return a checksum (kept, so that the work cannot be optimised away). */
  run(units: number): number;
}

export interface Measurement {
  name: string;
  /** Median over rounds of ns per operation. */
  nsPerOp: number;
  /** Median over rounds of (this ns/op) / (baseline ns/op in the same round). */
  ratio: number;
  /** Quartiles of the per-round ratios: how far to trust `ratio`. */
  ratioQ1: number;
  ratioQ3: number;
  rounds: number;
  unitsPerBatch: number;
}

export interface TimingOptions {
  rounds: number;
  /** Wall time of one batch, after calibration. */
  targetMs: number;
  /** Minimum warm-up time per candidate. */
  warmupMs: number;
}

/** Checksums go here; exported so that V8 must keep every write. */
export let sink = 0;

function timeMs(c: Candidate, units: number): number {
  const t0 = process.hrtime.bigint();
  sink ^= c.run(units);
  const t1 = process.hrtime.bigint();
  return Number(t1 - t0) / 1e6;
}

/** Warm `c` up and return the batch size that takes about `targetMs`. */
function calibrate(c: Candidate, o: TimingOptions): number {
  const deadline = performance.now() + o.warmupMs;
  let units = 1;
  let t = timeMs(c, units);
  while (t < o.targetMs / 4 && units < 2 ** 30) {
    units *= 2;
    t = timeMs(c, units);
  }
  while (performance.now() < deadline) t = timeMs(c, units);
  // Measure once more, optimised, and scale to the target.
  t = Math.min(timeMs(c, units), timeMs(c, units));
  return Math.max(1, Math.round((units * o.targetMs) / Math.max(t, 1e-3)));
}

export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

export function median(xs: readonly number[]): number {
  return quantile([...xs].sort((a, b) => a - b), 0.5);
}

/** Measure every candidate in interleaved rounds; ratios are relative to the candidate named `baseline`. */
export function measure(
  candidates: readonly Candidate[],
  opsPerUnit: number,
  baseline: string,
  o: TimingOptions,
): Measurement[] {
  const units = candidates.map((c) => calibrate(c, o));
  const ns: number[][] = candidates.map(() => []);
  for (let r = 0; r < o.rounds; r++) {
    for (let k = 0; k < candidates.length; k++) {
      const i = (k + r) % candidates.length;
      const ms = timeMs(candidates[i], units[i]);
      ns[i].push((ms * 1e6) / (units[i] * opsPerUnit));
    }
  }
  const b = candidates.findIndex((c) => c.name === baseline);
  return candidates.map((c, i) => {
    const ratios = b < 0 ? [] : ns[i].map((x, r) => x / ns[b][r]).sort((p, q) => p - q);
    return {
      name: c.name,
      nsPerOp: median(ns[i]),
      ratio: quantile(ratios, 0.5),
      ratioQ1: quantile(ratios, 0.25),
      ratioQ3: quantile(ratios, 0.75),
      rounds: o.rounds,
      unitsPerBatch: units[i],
    };
  });
}
