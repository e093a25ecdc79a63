/**
 * Build time with and without the transformer.
 *
 * Generates a project of 300 coroutine/generator bodies into bench/out/build-time/ (gitignored):
 * 60 files, each with one copy of five workload bodies from workloads.ts, so the bodies are the
 * same shapes the runtime benchmark measures. Then times three full builds of it, interleaved:
 *
 *   tsc             TypeScript's own compiler (the `typescript` package, no plugins)
 *   tspc            ts-patch's tspc with no plugins: what patching alone costs
 *   tspc + stackless  tspc with { "transform": <dist/transformer/index.js> } in compilerOptions.plugins
 *                     (loaded through transformer-timed.cjs, which times each file's transform)
 *
 *   patched tsc     the same TypeScript patched in place by `ts-patch install` (ts-patch's persistent
 *                   mode, on a copy in bench/out/build-time/persistent/ so node_modules is left
 *                   alone), started as its own `tsc`, without and with the transformer: the setup the
 *                   transformer's cost is judged by, since tspc's own start-up (it patches TypeScript
 *                   in memory at every start) is a cost no transformer can remove
 *   no marker       patched tsc without and with the transformer on a project of the same size that
 *                   never mentions stackless (the same bodies as plain `function*` declarations):
 *                   what the transformer costs a build it has nothing to do in (its output must be
 *                   byte-identical to the build without it, which is checked)
 *
 * Each build is a separate process; besides its wall time, the CPU time the process used (user +
 * system, all its threads, read by a `--require`d hook at exit) is recorded, which moves less
 * than wall time when another process competes for the cores. Ratios to tsc are the median over
 * rounds of the ratio within each round (paired, as in timing.ts), so drift between rounds cancels.
 * For a build with the transformer, the time it adds is read the same way: the median over rounds
 * of its difference to the same compiler without the transformer. The time spent inside the
 * transformer is also measured directly, in the compiler process: moving much less with the
 * machine than whole builds do, it is the number to watch for the transformer's own speed.
 *
 * The compilers are started as `node <bin>` rather than `npx …`: npx adds its own start-up time
 * (and `npx tsc` in this repository resolves to the typescript5 alias's bin, TypeScript 5.9,
 * while tspc patches `typescript`, 6.0), so this compares the same TypeScript with and without
 * the transformer. Usage: `node dist/bench/build-time.js [--runs N] [--no-tspc]`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { median } from "./timing";
import { stacklessSource, toFunctionStarBody } from "./sources";
import { WORKLOADS } from "./workloads";

const REPO = path.resolve(__dirname, "..", "..");
const OUT = path.join(REPO, "bench", "out", "build-time");
/** As in implementations.ts, STACKLESS_BENCH_TRANSFORMER points at another build of the transformer. */
const TRANSFORMER_ENTRY = process.env.STACKLESS_BENCH_TRANSFORMER
  ? path.resolve(process.env.STACKLESS_BENCH_TRANSFORMER)
  : path.join(REPO, "dist", "transformer", "index.js");

/** The directory of an installed package (found from its main file: not every package exports package.json). */
function packageDir(name: string): string {
  let dir = path.dirname(require.resolve(name, { paths: [REPO] }));
  while (!fs.existsSync(path.join(dir, "package.json")) || readJson(path.join(dir, "package.json")).name !== name) {
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`cannot find the package directory of ${name}`);
    dir = up;
  }
  return dir;
}

function readJson(file: string): { name?: string; version?: string; bin?: Record<string, string> } {
  return JSON.parse(fs.readFileSync(file, "utf8"));
}

/** The script behind a package's bin entry. */
function binOf(pkg: string, bin: string): string {
  const dir = packageDir(pkg);
  const entry = readJson(path.join(dir, "package.json")).bin?.[bin];
  if (!entry) throw new Error(`${pkg} has no bin ${bin}`);
  return path.join(dir, entry);
}

const FILES = 60;
/** Five per file: 300 bodies. The tree walk is left out (its recursive `make` needs a type annotation). */
const BODY_IDS = ["sum", "tokenizer", "delay", "parser", "forof"];

export interface BuildRun {
  name: string;
  command: string;
  /** Median wall time in ms over successful runs; NaN if none succeeded. */
  medianMs: number;
  runs: number[];
  /** CPU time (user + system, all threads) of the compiler process per run, in ms; NaN if unknown. */
  cpuRuns: number[];
  medianCpuMs: number;
  /** Median over rounds of this build's wall time / tsc's in the same round; NaN if unpaired. */
  ratio: number;
  /** The same for CPU time. */
  cpuRatio: number;
  /** First lines of output of a failed build. */
  error?: string;
  /**
   * For a build with the transformer: the same compiler's build without it (its name), and the
   * median over rounds of the difference in wall time, with the interquartile range: what the
   * transformer adds, read within each round.
   */
  added?: {
    to: string;
    medianMs: number;
    lowMs: number;
    highMs: number;
    /** Median over rounds of (this build / the build without the transformer) - 1, wall time. */
    fraction: number;
    /** The same two medians for CPU time: the difference in ms, and the fraction. */
    cpuMs: number;
    cpuFraction: number;
  };
  /**
   * For a build with the transformer: the time spent inside it (the sum over files of the
   * transform call, timed in the compiler process by a wrapper around the entry point), median
   * and interquartile range over runs. Unlike `added`, this moves little with the machine.
   */
  inside?: { medianMs: number; lowMs: number; highMs: number };
  /** Per run, the time inside the transformer in ms (see `inside`). */
  insideRuns?: number[];
  /** The same, CPU time of the compiler process during the transform calls. */
  insideCpu?: { medianMs: number; lowMs: number; highMs: number };
  insideCpuRuns?: number[];
}

export interface BuildTimeResult {
  bodies: number;
  files: number;
  typescript: string;
  results: BuildRun[];
}

/** Required into every compiler process: writes its CPU time at exit to $STACKLESS_BENCH_CPU_FILE. */
const CPU_HOOK = path.join(OUT, "cpu-time.cjs");
const CPU_HOOK_TEXT = `"use strict";
process.on("exit", () => {
  const file = process.env.STACKLESS_BENCH_CPU_FILE;
  if (!file) return;
  const u = process.cpuUsage();
  require("fs").writeFileSync(file, String((u.user + u.system) / 1000));
});
`;

/**
 * The entry the transformer builds load: the real one, with each file's transform timed; the
 * totals are written at exit to $STACKLESS_BENCH_TRANSFORMER_FILE: wall and CPU milliseconds
 * (the process's CPU time over the calls: on a loaded machine, wall time also counts the time
 * the compiler waited for a core).
 */
const TIMED_ENTRY = path.join(OUT, "transformer-timed.cjs");
const TIMED_ENTRY_TEXT = `"use strict";
const real = require(${JSON.stringify(TRANSFORMER_ENTRY)});
let total = 0n;
let cpuMicros = 0;
process.on("exit", () => {
  const file = process.env.STACKLESS_BENCH_TRANSFORMER_FILE;
  if (file) require("fs").writeFileSync(file, Number(total) / 1e6 + " " + cpuMicros / 1000);
});
function timed(program, config, extras) {
  const factory = real.default(program, config, extras);
  return (context) => {
    const transform = factory(context);
    return (file) => {
      const t0 = process.hrtime.bigint();
      const c0 = process.cpuUsage();
      try {
        return transform(file);
      } finally {
        total += process.hrtime.bigint() - t0;
        const c = process.cpuUsage(c0);
        cpuMicros += c.user + c.system;
      }
    };
  };
}
module.exports = timed;
module.exports.default = timed;
`;

/**
 * The project's module texts: FILES modules, each holding the BODY_IDS bodies renamed so the file
 * holds five distinct exports (`sum_0`, `tokenizer_0`, …). test/support/dump-outputs.ts compiles
 * the same texts.
 */
export function buildProjectFiles(): { name: string; code: string; bodies: number }[] {
  const bodies = WORKLOADS.filter((w) => BODY_IDS.includes(w.id));
  const files: { name: string; code: string; bodies: number }[] = [];
  for (let f = 0; f < FILES; f++) {
    const imports = new Set<string>();
    const parts: string[] = [];
    for (const w of bodies) {
      const [importLine, ...rest] = stacklessSource(w).split("\n");
      for (const name of importLine.replace(/^import \{|\} from.*$/g, "").split(",")) imports.add(name.trim());
      parts.push(rest.join("\n").replace("export const make =", `export const ${w.id}_${f} =`));
    }
    const code = `import { ${[...imports].sort().join(", ")} } from "stackless";\n${parts.join("\n")}`;
    files.push({ name: `bodies_${String(f).padStart(3, "0")}`, code, bodies: bodies.length });
  }
  return files;
}

/**
 * The no-marker project: the same FILES modules of the same bodies, each a plain `function*`
 * declaration (as bench/sources.ts derives it), with no mention of stackless anywhere.
 */
export function plainProjectFiles(): { name: string; code: string }[] {
  const bodies = WORKLOADS.filter((w) => BODY_IDS.includes(w.id));
  const files: { name: string; code: string }[] = [];
  for (let f = 0; f < FILES; f++) {
    // Typed as Generator<any, any, any>: under strict, an unannotated generator's yield is an error (TS7057).
    const parts = bodies.map((w) => {
      const params = [w.outer, w.param].filter((p) => p !== "").join(", ");
      return [w.prelude, `export function* ${w.id}_${f}(${params}): Generator<any, any, any> {${toFunctionStarBody(w.body)}}`, ""].join("\n");
    });
    files.push({ name: `plain_${String(f).padStart(3, "0")}`, code: parts.join("\n") });
  }
  return files;
}

/** Write both projects; returns the number of bodies of the marker project. */
export function generateProject(): number {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, "src"), { recursive: true });
  fs.mkdirSync(path.join(OUT, "src-plain"), { recursive: true });
  let count = 0;
  for (const file of buildProjectFiles()) {
    fs.writeFileSync(path.join(OUT, "src", `${file.name}.ts`), file.code);
    count += file.bodies;
  }
  for (const file of plainProjectFiles()) fs.writeFileSync(path.join(OUT, "src-plain", `${file.name}.ts`), file.code);
  const base = {
    compilerOptions: {
      target: "es2022",
      module: "node16",
      moduleResolution: "node16",
      lib: ["es2022", "esnext.disposable"],
      types: [],
      strict: true,
      skipLibCheck: true,
    },
  };
  // "stackless" resolves by package self-reference: the project lies inside this package's
  // directory, so its imports see the package's own exports (dist/runtime/index.d.ts).
  const config = (outDir: string, plugins: object[], src = "src") => ({
    ...base,
    compilerOptions: { ...base.compilerOptions, rootDir: src, outDir, plugins },
    include: [src],
  });
  const write = (name: string, value: object) => fs.writeFileSync(path.join(OUT, name), JSON.stringify(value, null, 2));
  const stackless = [{ transform: TIMED_ENTRY }];
  write("tsconfig.tsc.json", config("dist-tsc", []));
  write("tsconfig.tspc.json", config("dist-tspc", []));
  write("tsconfig.stackless.json", config("dist-stackless", stackless));
  write("tsconfig.persistent.json", config("dist-persistent", []));
  write("tsconfig.persistent-stackless.json", config("dist-persistent-stackless", stackless));
  write("tsconfig.plain.json", config("dist-plain", [], "src-plain"));
  write("tsconfig.plain-stackless.json", config("dist-plain-stackless", stackless, "src-plain"));
  fs.writeFileSync(CPU_HOOK, CPU_HOOK_TEXT);
  fs.writeFileSync(TIMED_ENTRY, TIMED_ENTRY_TEXT);
  return count;
}

/**
 * A copy of the typescript package patched in place by `ts-patch install` (ts-patch's cache
 * directed into the copy too); returns its tsc bin.
 */
function persistentTsc(): string {
  const dir = path.join(OUT, "persistent");
  const ts = path.join(dir, "node_modules", "typescript");
  fs.rmSync(dir, { recursive: true, force: true });
  fs.cpSync(packageDir("typescript"), ts, { recursive: true });
  const r = spawnSync(process.execPath, [binOf("ts-patch", "ts-patch"), "install", "--dir", ts], {
    cwd: dir,
    encoding: "utf8",
    env: { ...process.env, TSP_CACHE_DIR: path.join(dir, "ts-patch-cache") },
  });
  if (r.status !== 0) throw new Error(`ts-patch install failed: ${failureSummary(`${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}`)}`);
  const entry = readJson(path.join(ts, "package.json")).bin?.tsc;
  if (!entry) throw new Error("the patched copy of typescript has no bin tsc");
  return path.join(ts, entry);
}

interface Variant {
  name: string;
  bin: string;
  config: string;
  /** Why the variant cannot run (its setup failed). */
  error?: string;
  /** For a build with the transformer: the index of the same compiler's build without it. */
  without?: number;
  /** A build of the no-marker project (its output must equal its `without` build's). */
  plain?: boolean;
}

/** Every build, in the order of the table; `withTspc: false` leaves out the two tspc rows. */
function variants(withTspc: boolean): Variant[] {
  const tsc = binOf("typescript", "tsc");
  const list: Variant[] = [{ name: "tsc", bin: tsc, config: "tsconfig.tsc.json" }];
  let bin = "";
  let error: string | undefined;
  try {
    bin = persistentTsc();
  } catch (e) {
    error = e instanceof Error ? e.message : String(e);
  }
  const patched = list.push({ name: "patched tsc (`ts-patch install`), no plugins", bin, config: "tsconfig.persistent.json", error }) - 1;
  list.push({ name: "patched tsc + stackless transformer", bin, config: "tsconfig.persistent-stackless.json", error, without: patched });
  const plain = list.push({ name: "no marker: patched tsc, no plugins", bin, config: "tsconfig.plain.json", error, plain: true }) - 1;
  list.push({ name: "no marker: patched tsc + stackless transformer", bin, config: "tsconfig.plain-stackless.json", error, without: plain, plain: true });
  if (withTspc) {
    const tspc = binOf("ts-patch", "tspc");
    const bare = list.push({ name: "tspc (no plugins)", bin: tspc, config: "tsconfig.tspc.json" }) - 1;
    list.push({ name: "tspc + stackless transformer", bin: tspc, config: "tsconfig.stackless.json", without: bare });
  }
  return list;
}

function runOnce(v: Variant): { ms: number; cpuMs: number; insideMs: number; insideCpuMs: number; ok: boolean; output: string } {
  const cpuFile = path.join(OUT, "cpu-time.out");
  const insideFile = path.join(OUT, "transformer-time.out");
  fs.rmSync(cpuFile, { force: true });
  fs.rmSync(insideFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ["--require", CPU_HOOK, v.bin, "-p", v.config], {
    cwd: OUT,
    encoding: "utf8",
    env: { ...process.env, STACKLESS_BENCH_CPU_FILE: cpuFile, STACKLESS_BENCH_TRANSFORMER_FILE: insideFile },
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  const read = (file: string) => (fs.existsSync(file) ? Number(fs.readFileSync(file, "utf8")) : NaN);
  const [insideMs, insideCpuMs] = fs.existsSync(insideFile) ? fs.readFileSync(insideFile, "utf8").split(" ").map(Number) : [NaN, NaN];
  return { ms, cpuMs: read(cpuFile), insideMs, insideCpuMs, ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
}

/** Median and interquartile range. */
function spread(xs: number[]): { medianMs: number; lowMs: number; highMs: number } {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { medianMs: median(xs), lowMs: at(0.25), highMs: at(0.75) };
}

/** The line that says why a build failed: a thrown error's message, else the first TS diagnostics. */
function failureSummary(output: string): string {
  const lines = output.split("\n").map((l) => l.trim()).filter((l) => l !== "");
  const thrown = lines.find((l) => /^\w*Error\b.*:/.test(l));
  if (thrown) return thrown;
  const diagnostics = lines.filter((l) => /error TS\d+/.test(l));
  if (diagnostics.length > 0) return diagnostics.slice(0, 2).join(" / ");
  return lines.slice(0, 3).join(" / ") || "build failed with no output";
}

export function measureBuildTime(runs = 3, options: { tspc?: boolean } = {}): BuildTimeResult {
  const bodies = generateProject();
  const VARIANTS = variants(options.tspc ?? true);
  const results: BuildRun[] = VARIANTS.map((v) => ({
    name: v.name,
    command: v.bin ? `node ${path.relative(REPO, v.bin)} -p ${v.config}` : "(not set up)",
    medianMs: NaN,
    runs: [],
    cpuRuns: [],
    medianCpuMs: NaN,
    ratio: NaN,
    cpuRatio: NaN,
    error: v.error,
  }));
  /** Per round: wall and CPU time of every variant (undefined where it failed). */
  const rounds: { ms: number; cpuMs: number }[][] = [];
  for (let r = 0; r < runs; r++) {
    const round: { ms: number; cpuMs: number }[] = [];
    for (let k = 0; k < VARIANTS.length; k++) {
      const i = (k + r) % VARIANTS.length;
      if (results[i].error !== undefined) continue; // a failing build fails the same way every time
      const { ms, cpuMs, insideMs, insideCpuMs, ok, output } = runOnce(VARIANTS[i]);
      if (ok) {
        results[i].runs.push(ms);
        results[i].cpuRuns.push(cpuMs);
        if (Number.isFinite(insideMs)) (results[i].insideRuns ??= []).push(insideMs);
        if (Number.isFinite(insideCpuMs)) (results[i].insideCpuRuns ??= []).push(insideCpuMs);
        round[i] = { ms, cpuMs };
      } else results[i].error = failureSummary(output);
    }
    rounds.push(round);
  }
  for (const [i, res] of results.entries()) {
    if (res.runs.length === 0) continue;
    res.medianMs = median(res.runs);
    res.medianCpuMs = median(res.cpuRuns);
    // The no-marker project's builds are compared with its own build without plugins.
    const reference = VARIANTS[i].plain ? VARIANTS.findIndex((v) => v.plain) : 0;
    const paired = rounds.filter((round) => round[reference] && round[i]);
    if (paired.length > 0) {
      res.ratio = median(paired.map((round) => round[i].ms / round[reference].ms));
      res.cpuRatio = median(paired.map((round) => round[i].cpuMs / round[reference].cpuMs));
    }
    const without = VARIANTS[i].without;
    if (without !== undefined) {
      const both = rounds.filter((round) => round[without] && round[i]);
      if (both.length > 0) {
        res.added = {
          to: VARIANTS[without].name,
          ...spread(both.map((round) => round[i].ms - round[without].ms)),
          fraction: median(both.map((round) => round[i].ms / round[without].ms - 1)),
          cpuMs: median(both.map((round) => round[i].cpuMs - round[without].cpuMs)),
          cpuFraction: median(both.map((round) => round[i].cpuMs / round[without].cpuMs - 1)),
        };
      }
    }
    if (res.insideRuns?.length) res.inside = spread(res.insideRuns);
    if (res.insideCpuRuns?.length) res.insideCpu = spread(res.insideCpuRuns);
  }
  // A build that "succeeds" without rewriting the bodies would time nothing: check the output for
  // calls of the marker (`yield_(…)`, or `(0, stackless_1.yield_)(…)` in CommonJS output).
  for (const [i, v] of VARIANTS.entries()) {
    const transformed = results[i];
    if (!v.config.includes("stackless") || transformed.error !== undefined) continue;
    const dir = path.join(OUT, JSON.parse(fs.readFileSync(path.join(OUT, v.config), "utf8")).compilerOptions.outDir);
    const left = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => f.endsWith(".js") && /\byield_\)?\s*\(/.test(fs.readFileSync(path.join(dir, f), "utf8")))
      : ["(no output)"];
    if (left.length > 0) {
      transformed.error = `built, but ${left.length} emitted file(s) still call yield_() (e.g. ${left[0]}): the bodies were not rewritten`;
    }
  }
  // With nothing to compile, the transformer must leave the no-marker project's output as it is.
  for (const [i, v] of VARIANTS.entries()) {
    if (!v.plain || v.without === undefined || results[i].error !== undefined || results[v.without].error !== undefined) continue;
    const outDir = (config: string) => path.join(OUT, JSON.parse(fs.readFileSync(path.join(OUT, config), "utf8")).compilerOptions.outDir);
    const differing = sameFiles(outDir(VARIANTS[v.without].config), outDir(v.config));
    if (differing !== undefined) results[i].error = `its output differs from the build without the transformer (${differing})`;
  }
  const typescript = readJson(path.join(packageDir("typescript"), "package.json")).version ?? "unknown";
  return { bodies, files: FILES, typescript, results };
}

/** undefined when two output folders hold the same files with the same bytes, else the first difference. */
function sameFiles(a: string, b: string): string | undefined {
  const list = (dir: string) => (fs.existsSync(dir) ? fs.readdirSync(dir).sort() : []);
  const [left, right] = [list(a), list(b)];
  if (left.length === 0) return "no output";
  if (left.join("\n") !== right.join("\n")) return "different file names";
  const changed = left.find((name) => !fs.readFileSync(path.join(a, name)).equals(fs.readFileSync(path.join(b, name))));
  return changed === undefined ? undefined : `${changed} differs`;
}

export function formatBuildTime(b: BuildTimeResult): string {
  const s = (ms: number) => (ms / 1000).toFixed(2);
  const x = (ratio: number) => (Number.isFinite(ratio) ? `${ratio.toFixed(2)}×` : "—");
  const lines = [
    `Build of a generated project: ${b.bodies} bodies in ${b.files} files, TypeScript ${b.typescript}, ` +
      `${Math.max(...b.results.map((r) => r.runs.length))} interleaved runs: median wall time (fastest–slowest run), ` +
      `median CPU time of the compiler process (user + system, all threads); "vs tsc" is the median of the ratios ` +
      `to tsc within each run (for the no-marker project, to its own build without plugins).`,
    "",
    "| build | wall time | vs tsc | CPU time | vs tsc | command |",
    "| --- | ---: | ---: | ---: | ---: | --- |",
  ];
  for (const r of b.results) {
    if (r.error !== undefined) {
      lines.push(`| ${r.name} | failed: ${r.error.replace(/\|/g, "\\|")} | — | — | — | \`${r.command}\` |`);
      continue;
    }
    const wall = `${s(r.medianMs)} s (${s(Math.min(...r.runs))}–${s(Math.max(...r.runs))})`;
    const cpu = Number.isFinite(r.medianCpuMs) ? `${s(r.medianCpuMs)} s` : "—";
    lines.push(`| ${r.name} | ${wall} | ${x(r.ratio)} | ${cpu} | ${x(r.cpuRatio)} | \`${r.command}\` |`);
  }
  const added = b.results.filter((r) => r.error === undefined && r.added);
  if (added.length > 0) lines.push("");
  for (const r of added) {
    const a = r.added!;
    const cpuInside = r.insideCpu ? `, ${s(r.insideCpu.medianMs)} s (${s(r.insideCpu.lowMs)}–${s(r.insideCpu.highMs)} s) of CPU time` : "";
    const inside = r.inside ? `; ${s(r.inside.medianMs)} s (${s(r.inside.lowMs)}–${s(r.inside.highMs)} s) of wall time${cpuInside} is spent inside the transformer (its transform calls, timed in the compiler process)` : "";
    const pct = (f: number) => `${f >= 0 ? "+" : ""}${(f * 100).toFixed(0)}%`;
    lines.push(
      `- ${r.name}: the transformer adds ${s(a.medianMs)} s of wall time (${pct(a.fraction)}; interquartile range ${s(a.lowMs)}–${s(a.highMs)} s) ` +
        `and ${s(a.cpuMs)} s of CPU time (${pct(a.cpuFraction)}), medians over runs of the difference to "${a.to}" in the same run${inside}.`,
    );
  }
  return lines.join("\n");
}

if (require.main === module) {
  const i = process.argv.indexOf("--runs");
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 5;
  console.log(formatBuildTime(measureBuildTime(runs, { tspc: !process.argv.includes("--no-tspc") })));
}
