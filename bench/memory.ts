/**
 * Bytes per suspended instance. Run in a separate process per column
 * (`node --expose-gc dist/bench/memory.js <impl>`), so that one column's code, caches and garbage
 * never count against another's. In the child, for each workload:
 *
 *   build the column and check its outputs against the hand-written class,
 *   warm it (its code and type feedback exist before the baseline is taken),
 *   allocate the holding array up front (its slots are in the baseline too),
 *   gc; heapUsed → before; fill the array with N suspended instances; gc; heapUsed → after;
 *   bytes per instance = (after - before) / N; the smallest of three such fills.
 *
 * "Suspended" means started and resumed to a suspension that has its locals live (the driver's
 * `suspend()`). For the tree walk it is a whole chain of nested instances, which is what a
 * suspended recursive generator costs.
 */
import { spawnSync } from "child_process";
import { BASELINE, build, instantiate, mismatch, type ImplName, IMPLEMENTATIONS } from "./implementations";
import { WORKLOADS } from "./workloads";

/** Per workload id: bytes per instance, or the reason there is no number. */
export type MemoryResult = Record<string, number | string>;

function heapUsed(): number {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error("run with node --expose-gc");
  gc();
  gc();
  return process.memoryUsage().heapUsed;
}

function measureInThisProcess(impl: ImplName): MemoryResult {
  const result: MemoryResult = {};
  const only = process.env.STACKLESS_BENCH_ONLY?.split(",");
  for (const w of WORKLOADS) {
    if (w.memoryInstances === 0 || (only && !only.includes(w.id))) continue;
    const built = build(impl, w);
    if (!built.ok) {
      result[w.id] = built.error;
      continue;
    }
    try {
      const input = w.input();
      const runner = instantiate(impl, w, built, input);
      // Size only code that computes the right thing (the same check as before timing).
      const hand = build(BASELINE, w);
      const wrong = hand.ok ? mismatch(instantiate(BASELINE, w, hand, input), runner) : hand.error;
      if (wrong !== undefined) {
        result[w.id] = wrong;
        continue;
      }
      const n = w.memoryInstances;
      let warm: unknown[] | null = [];
      for (let i = 0; i < 2000; i++) warm.push(runner.suspend());
      warm = null;
      // Three fills, the smallest delta: a fill's delta only grows with what else got allocated
      // meanwhile (the baseline is taken after full collections), by up to a few bytes per
      // instance from one fill to the next.
      const samples: number[] = [];
      for (let round = 0; round < 3; round++) {
        const held: unknown[] = new Array(n).fill(null);
        const before = heapUsed();
        for (let i = 0; i < n; i++) held[i] = runner.suspend();
        const after = heapUsed();
        samples.push((after - before) / n);
        // Keep `held` alive until after the second measurement.
        if (held.length !== n) throw new Error("unreachable");
      }
      result[w.id] = Math.min(...samples);
    } catch (e) {
      result[w.id] = e instanceof Error ? e.message.split("\n")[0] : String(e);
    }
  }
  return result;
}

/** Spawn one child per column and collect their results. */
export function measureMemory(impls: readonly ImplName[] = IMPLEMENTATIONS): Record<ImplName, MemoryResult> {
  const out = {} as Record<ImplName, MemoryResult>;
  for (const impl of impls) {
    const child = spawnSync(process.execPath, ["--expose-gc", __filename, impl], { encoding: "utf8" });
    const last = child.stdout.trim().split("\n").pop() ?? "";
    try {
      out[impl] = JSON.parse(last) as MemoryResult;
    } catch {
      const why = (child.stderr || child.stdout || `exit ${child.status}`).trim().split("\n")[0];
      out[impl] = Object.fromEntries(WORKLOADS.filter((w) => w.memoryInstances > 0).map((w) => [w.id, why]));
    }
  }
  return out;
}

if (require.main === module) {
  const impl = process.argv[2] as ImplName;
  if (!IMPLEMENTATIONS.includes(impl)) {
    console.error(`usage: node --expose-gc ${__filename} <${IMPLEMENTATIONS.join("|")}>`);
    process.exit(2);
  }
  console.log(JSON.stringify(measureInThisProcess(impl)));
}
