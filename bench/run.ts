/**
 * `npm run bench`: check, time and size every column of every workload, time the build, print the
 * tables and write them to bench/results.md. See docs/performance.md for what the numbers mean.
 *
 * Options:
 *   --quick            fewer and shorter rounds (a smoke run; numbers are noisier)
 *   --rounds N         interleaved rounds per workload (default 21)
 *   --only a,b         only these workload ids
 *   --no-memory        skip bytes per suspended instance
 *   --no-build-time    skip the build-time comparison (tsc, patched tsc, tspc; bench/build-time.ts)
 *   --no-growth        skip the transform-time growth curve (bench/growth.ts)
 *   --no-size          skip the code sizes (JavaScript bytes, resume bytecode length)
 *   --no-language-service  skip the tsserver plugin's cost beside TypeScript alone
 *   --no-write         print only; leave bench/results.md alone
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { formatBuildTime, measureBuildTime } from "./build-time";
import { formatGrowth, measureGrowth } from "./growth";
import { formatLanguageService, measureLanguageService } from "./language-service";
import {
  BASELINE,
  build,
  IMPL_TITLES,
  IMPLEMENTATIONS,
  instantiate,
  mismatch,
  type ImplName,
  type Runner,
} from "./implementations";
import { bytecodeLength, ownCodeBytes } from "./code-size";
import { measureMemory, type MemoryResult } from "./memory";
import { measure, type Candidate, type Measurement } from "./timing";
import { instanceProtocol, WORKLOADS, type Workload } from "./workloads";

const REPO = path.resolve(__dirname, "..", "..");
const RESULTS = path.join(REPO, "bench", "results.md");

const args = process.argv.slice(2);
const flag = (name: string) => args.includes(name);
const option = (name: string) => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};

const quick = flag("--quick");
const timingOptions = {
  rounds: Number(option("--rounds") ?? (quick ? 7 : 21)),
  targetMs: quick ? 5 : 12,
  warmupMs: quick ? 100 : 250,
};
const only = option("--only")?.split(",");
const workloads = only ? WORKLOADS.filter((w) => only.includes(w.id)) : WORKLOADS;

/** One table cell's worth of outcome for one column of one workload. */
type Cell = { kind: "time"; m: Measurement } | { kind: "na"; why: string };

function short(text: string, max = 70): string {
  return text.length > max ? text.slice(0, max - 1) + "…" : text;
}

/** What one workload's columns weigh: own JavaScript bytes (es5, stackless), resume bytecode (hand, stackless). */
interface Sizes {
  es5Bytes?: number;
  stacklessBytes?: number;
  handBytecode: number | string;
  stacklessBytecode: number | string;
}

const sizes = new Map<string, Sizes>();

/** Build, check and time one workload; returns a cell per column. */
function benchWorkload(w: Workload, notes: string[]): Record<ImplName, Cell> {
  const input = w.input();
  const cells = {} as Record<ImplName, Cell>;
  const runners = new Map<ImplName, Runner>();
  for (const impl of IMPLEMENTATIONS) {
    const built = build(impl, w);
    if (!built.ok) {
      cells[impl] = { kind: "na", why: built.error };
      continue;
    }
    if (!flag("--no-size") && built.code !== undefined && (impl === "es5" || impl === "stackless")) {
      const entry = sizes.get(w.id) ?? { handBytecode: "—", stacklessBytecode: "—" };
      entry[impl === "es5" ? "es5Bytes" : "stacklessBytes"] = ownCodeBytes(built.code);
      sizes.set(w.id, entry);
    }
    try {
      runners.set(impl, instantiate(impl, w, built, input));
    } catch (e) {
      cells[impl] = { kind: "na", why: `driver: ${e instanceof Error ? e.message : String(e)}` };
    }
  }

  // Identical outputs before any timing: a short trace, and the checksum of a longer run.
  const reference = runners.get(BASELINE);
  if (!reference) throw new Error(`${w.id}: the ${BASELINE} column failed to load`);
  for (const [impl, runner] of [...runners]) {
    const why = impl === BASELINE ? undefined : mismatch(reference, runner);
    if (why !== undefined) {
      cells[impl] = { kind: "na", why };
      runners.delete(impl);
    }
  }

  const candidates: Candidate[] = [...runners].map(([name, r]) => ({ name, run: (u: number) => r.run(u) }));
  if (w.reference) {
    const r = instantiate("hand", w, { ok: true, make: w.reference.make(), protocol: instanceProtocol }, input);
    const why = mismatch(reference, r);
    if (why !== undefined) throw new Error(`${w.id}: the reference ${w.reference.title} is wrong: ${why}`);
    candidates.push({ name: "reference", run: (u: number) => r.run(u) });
  }
  for (const m of measure(candidates, w.opsPerUnit, BASELINE, timingOptions)) {
    if (m.name === "reference") {
      const ns = m.nsPerOp;
      notes.push(`${w.id}: ${w.reference!.title}, a different algorithm (not a column): ${ns < 10 ? ns.toFixed(2) : ns.toFixed(1)} ns per ${w.unit} (${m.ratio.toFixed(2)}× the hand-written class)`);
      continue;
    }
    cells[m.name as ImplName] = { kind: "time", m };
  }
  for (const impl of IMPLEMENTATIONS) {
    const c = cells[impl];
    if (c.kind === "na") notes.push(`${w.id} / ${impl}: ${c.why}`);
  }
  return cells;
}

function formatCell(c: Cell): string {
  if (c.kind === "na") return `n/a (${short(c.why).replace(/\|/g, "\\|")})`;
  const ns = c.m.nsPerOp;
  return `${ns < 10 ? ns.toFixed(2) : ns.toFixed(1)} ns (${c.m.ratio.toFixed(2)}×)`;
}

function formatTimes(rows: [Workload, Record<ImplName, Cell>][]): string {
  const head = `| workload (per op) | ${IMPLEMENTATIONS.map((i) => IMPL_TITLES[i]).join(" | ")} |`;
  const rule = `| --- | ${IMPLEMENTATIONS.map(() => "---:").join(" | ")} |`;
  const lines = rows.map(([w, cells]) => `| ${w.title} (${w.unit}) | ${IMPLEMENTATIONS.map((i) => formatCell(cells[i])).join(" | ")} |`);
  return [head, rule, ...lines].join("\n");
}

function formatSpread(rows: [Workload, Record<ImplName, Cell>][]): string {
  const head = `| workload | ${IMPLEMENTATIONS.map((i) => IMPL_TITLES[i]).join(" | ")} |`;
  const rule = `| --- | ${IMPLEMENTATIONS.map(() => "---:").join(" | ")} |`;
  const lines = rows.map(
    ([w, cells]) =>
      `| ${w.id} | ${IMPLEMENTATIONS.map((i) => {
        const c = cells[i];
        return c.kind === "time" ? `${c.m.ratioQ1.toFixed(2)}–${c.m.ratioQ3.toFixed(2)}` : "—";
      }).join(" | ")} |`,
  );
  return [head, rule, ...lines].join("\n");
}

function formatMemory(mem: Record<ImplName, MemoryResult>, ws: Workload[]): string {
  const impls = IMPLEMENTATIONS.filter((i) => mem[i] !== undefined);
  const head = `| workload (instances held) | ${impls.map((i) => IMPL_TITLES[i]).join(" | ")} |`;
  const rule = `| --- | ${impls.map(() => "---:").join(" | ")} |`;
  const lines = ws
    .filter((w) => w.memoryInstances > 0)
    .map((w) => {
      const cells = impls.map((i) => {
        const v = mem[i][w.id];
        return typeof v === "number" ? `${Math.round(v)} B` : `n/a (${short(String(v)).replace(/\|/g, "\\|")})`;
      });
      return `| ${w.title} (${w.memoryInstances / 1000}k) | ${cells.join(" | ")} |`;
    });
  return [head, rule, ...lines].join("\n");
}

function formatSizes(ws: Workload[]): string {
  const head = "| workload | stackless JS | TS ES5 JS | stackless / ES5 | stackless `resume` bytecode | hand-written bytecode |";
  const rule = "| --- | ---: | ---: | ---: | ---: | ---: |";
  const cell = (v: number | string | undefined, unit: string) =>
    typeof v === "number" ? `${v} ${unit}` : v === undefined ? "—" : `n/a (${short(v, 40).replace(/\|/g, "\\|")})`;
  const lines = ws.map((w) => {
    const z = sizes.get(w.id);
    if (!z) return `| ${w.id} | — | — | — | — | — |`;
    const ratio = z.es5Bytes && z.stacklessBytes ? `${(z.stacklessBytes / z.es5Bytes).toFixed(2)}×` : "—";
    return `| ${w.id} | ${cell(z.stacklessBytes, "B")} | ${cell(z.es5Bytes, "B")} | ${ratio} | ${cell(z.stacklessBytecode, "B")} | ${cell(z.handBytecode, "B")} |`;
  });
  return [head, rule, ...lines].join("\n");
}

/**
 * The harness check: the empty resume ("echo", hand-written) against every other coroutine
 * workload's hand-written resume. A harness whose own cost swamps the resume would read them
 * alike; a ratio near 1 here means the other rows measure the driver, not the bodies.
 */
function formatHarnessCheck(rows: [Workload, Record<ImplName, Cell>][]): string {
  const echo = rows.find(([w]) => w.id === "echo")?.[1].hand;
  if (!echo || echo.kind !== "time") return "";
  const lines = rows
    .filter(([w, cells]) => w.id !== "echo" && w.kind === "coroutine" && cells.hand.kind === "time")
    .map(([w, cells]) => {
      const hand = (cells.hand as { m: Measurement }).m.nsPerOp;
      return `| ${w.id} | ${hand.toFixed(2)} ns | ${(hand / echo.m.nsPerOp).toFixed(1)}× |`;
    });
  return [
    `The empty resume (\`echo\`, hand-written) reads ${echo.m.nsPerOp.toFixed(2)} ns: the driver's own cost per resume. ` +
      "Each hand-written resume below, against it:",
    "",
    "| workload | hand-written ns per op | / empty resume |",
    "| --- | ---: | ---: |",
    ...lines,
  ].join("\n");
}

function environment(): string {
  const git = spawnSync("git", ["rev-parse", "--short", "HEAD"], { cwd: REPO, encoding: "utf8" });
  const cpus = os.cpus();
  const ts = require("typescript") as { version: string };
  return [
    `- Node ${process.version} (V8 ${process.versions.v8}), ${os.platform()} ${os.arch()}, ` +
      `${cpus.length} × ${cpus[0]?.model ?? "unknown CPU"}`,
    `- TypeScript ${ts.version}; commit ${git.status === 0 ? git.stdout.trim() : "unknown"}; ${new Date().toISOString()}`,
    `- ${timingOptions.rounds} interleaved rounds per workload, ~${timingOptions.targetMs} ms per batch, ` +
      `≥${timingOptions.warmupMs} ms warm-up per column${quick ? " (--quick)" : ""}`,
  ].join("\n");
}

function main(): void {
  const started = Date.now();
  const notes: string[] = [];
  const rows: [Workload, Record<ImplName, Cell>][] = [];
  for (const w of workloads) {
    process.stderr.write(`timing ${w.id}…\n`);
    rows.push([w, benchWorkload(w, notes)]);
  }

  if (!flag("--no-size")) {
    process.stderr.write("resume bytecode (one process per workload and column)…\n");
    for (const w of workloads) {
      const entry = sizes.get(w.id) ?? { handBytecode: "—", stacklessBytecode: "—" };
      entry.handBytecode = bytecodeLength(w, "hand");
      entry.stacklessBytecode = bytecodeLength(w, "stackless");
      sizes.set(w.id, entry);
    }
  }

  let memory = "";
  if (!flag("--no-memory")) {
    process.stderr.write("bytes per suspended instance (one process per column)…\n");
    memory = formatMemory(measureMemory(), workloads);
  }

  let buildTime = "";
  if (!flag("--no-build-time")) {
    process.stderr.write("build time (tsc, patched tsc and tspc, with and without the transformer)…\n");
    buildTime = formatBuildTime(measureBuildTime(quick ? 1 : 3));
  }

  let growth = "";
  if (!flag("--no-growth")) {
    process.stderr.write("transform time as a body grows…\n");
    growth = formatGrowth(measureGrowth(quick ? 1 : 3));
  }

  let languageService = "";
  if (!flag("--no-language-service")) {
    process.stderr.write("language service (semantic diagnostics with and without the plugin)…\n");
    languageService = formatLanguageService(measureLanguageService(quick ? 5 : 15));
  }

  const out = [
    "# Benchmark results",
    "",
    "Generated by `npm run bench` (bench/run.ts); see docs/performance.md for the method.",
    "",
    environment(),
    "",
    "## Time per operation",
    "",
    "Median ns per operation, and in parentheses the median over rounds of the ratio to the hand-written class " +
      "timed in the same round (lower is better).",
    "",
    formatTimes(rows),
    "",
    "Interquartile range of the per-round ratios:",
    "",
    formatSpread(rows),
  ];
  if (notes.length > 0) out.push("", "Notes:", "", ...notes.map((n) => `- ${n}`));
  const harness = formatHarnessCheck(rows);
  if (harness) out.push("", "## Harness check", "", harness);
  if (sizes.size > 0) {
    out.push(
      "",
      "## Code size",
      "",
      "JavaScript bytes of the body's own code (helpers, imports and export lines left out of both; see bench/code-size.ts), " +
        "and the bytecode length of the method each resume calls (V8 inlines callees below ~460 bytes).",
      "",
      formatSizes(workloads),
    );
  }
  if (memory) out.push("", "## Bytes per suspended instance", "", "Heap delta / instances, each column in its own `node --expose-gc` process.", "", memory);
  if (buildTime) out.push("", "## Build time", "", buildTime);
  if (growth) out.push("", "## Transform time as a body grows", "", "Best of 3 in one process, after a warm-up (bench/growth.ts).", "", growth);
  if (languageService) out.push("", "## Language service", "", languageService);
  out.push("", `Total benchmark time: ${Math.round((Date.now() - started) / 1000)} s.`, "");

  const text = out.join("\n");
  console.log(text);
  if (!flag("--no-write")) fs.writeFileSync(RESULTS, text);
}

main();
