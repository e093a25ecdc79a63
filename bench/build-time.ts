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
 *
 * The compilers are started as `node <bin>` rather than `npx …`: npx adds its own start-up time
 * (and `npx tsc` in this repository resolves to the typescript5 alias's bin, TypeScript 5.9,
 * while tspc patches `typescript`, 6.0), so this compares the same TypeScript with and without
 * the transformer. Usage: `node dist/bench/build-time.js [--runs N]`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { median } from "./timing";
import { stacklessSource } from "./sources";
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
  /** First lines of output of a failed build. */
  error?: string;
}

export interface BuildTimeResult {
  bodies: number;
  files: number;
  typescript: string;
  results: BuildRun[];
}

/** Write the project; returns the number of bodies. */
export function generateProject(): number {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(path.join(OUT, "src"), { recursive: true });
  const bodies = WORKLOADS.filter((w) => BODY_IDS.includes(w.id));
  let count = 0;
  for (let f = 0; f < FILES; f++) {
    const imports = new Set<string>();
    const parts: string[] = [];
    for (const w of bodies) {
      // One module text per body, renamed so the file holds five distinct exports.
      const [importLine, ...rest] = stacklessSource(w).split("\n");
      for (const name of importLine.replace(/^import \{|\} from.*$/g, "").split(",")) imports.add(name.trim());
      parts.push(rest.join("\n").replace("export const make =", `export const ${w.id}_${f} =`));
      count++;
    }
    const text = `import { ${[...imports].sort().join(", ")} } from "stackless";\n${parts.join("\n")}`;
    fs.writeFileSync(path.join(OUT, "src", `bodies_${String(f).padStart(3, "0")}.ts`), text);
  }
  const base = {
    compilerOptions: {
      target: "es2022",
      module: "node16",
      moduleResolution: "node16",
      lib: ["es2022", "esnext.disposable"],
      types: [],
      strict: true,
      skipLibCheck: true,
      rootDir: "src",
    },
    include: ["src"],
  };
  // "stackless" resolves by package self-reference: the project lies inside this package's
  // directory, so its imports see the package's own exports (dist/runtime/index.d.ts).
  const config = (outDir: string, plugins: object[]) => ({
    ...base,
    compilerOptions: { ...base.compilerOptions, outDir, plugins },
  });
  fs.writeFileSync(path.join(OUT, "tsconfig.tsc.json"), JSON.stringify(config("dist-tsc", []), null, 2));
  fs.writeFileSync(path.join(OUT, "tsconfig.tspc.json"), JSON.stringify(config("dist-tspc", []), null, 2));
  fs.writeFileSync(
    path.join(OUT, "tsconfig.stackless.json"),
    JSON.stringify(config("dist-stackless", [{ transform: TRANSFORMER_ENTRY }]), null, 2),
  );
  return count;
}

interface Variant {
  name: string;
  bin: string;
  config: string;
}

function variants(): Variant[] {
  const tsc = binOf("typescript", "tsc");
  const tspc = binOf("ts-patch", "tspc");
  return [
    { name: "tsc", bin: tsc, config: "tsconfig.tsc.json" },
    { name: "tspc (no plugins)", bin: tspc, config: "tsconfig.tspc.json" },
    { name: "tspc + stackless transformer", bin: tspc, config: "tsconfig.stackless.json" },
  ];
}

function runOnce(v: Variant): { ms: number; ok: boolean; output: string } {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, [v.bin, "-p", v.config], { cwd: OUT, encoding: "utf8" });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  return { ms, ok: r.status === 0, output: `${r.stdout ?? ""}${r.stderr ?? ""}${r.error ? String(r.error) : ""}` };
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

export function measureBuildTime(runs = 3): BuildTimeResult {
  const bodies = generateProject();
  const VARIANTS = variants();
  const results: BuildRun[] = VARIANTS.map((v) => ({
    name: v.name,
    command: `node ${path.relative(REPO, v.bin)} -p ${v.config}`,
    medianMs: NaN,
    runs: [],
  }));
  for (let r = 0; r < runs; r++) {
    for (let k = 0; k < VARIANTS.length; k++) {
      const i = (k + r) % VARIANTS.length;
      if (results[i].error !== undefined) continue; // a failing build fails the same way every time
      const { ms, ok, output } = runOnce(VARIANTS[i]);
      if (ok) results[i].runs.push(ms);
      else results[i].error = failureSummary(output);
    }
  }
  for (const res of results) if (res.runs.length > 0) res.medianMs = median(res.runs);
  // A build that "succeeds" without rewriting the bodies would time nothing: check the output for
  // calls of the marker (`yield_(…)`, or `(0, stackless_1.yield_)(…)` in CommonJS output).
  const transformed = results[2];
  if (transformed.error === undefined) {
    const dir = path.join(OUT, "dist-stackless");
    const left = fs.existsSync(dir)
      ? fs.readdirSync(dir).filter((f) => f.endsWith(".js") && /\byield_\)?\s*\(/.test(fs.readFileSync(path.join(dir, f), "utf8")))
      : ["(no output)"];
    if (left.length > 0) {
      transformed.error = `built, but ${left.length} emitted file(s) still call yield_() (e.g. ${left[0]}): the bodies were not rewritten`;
    }
  }
  const typescript = readJson(path.join(packageDir("typescript"), "package.json")).version ?? "unknown";
  return { bodies, files: FILES, typescript, results };
}

export function formatBuildTime(b: BuildTimeResult): string {
  const base = b.results[0].medianMs;
  const lines = [
    `Build of a generated project: ${b.bodies} bodies in ${b.files} files, TypeScript ${b.typescript}, ` +
      `median wall time of ${Math.max(...b.results.map((r) => r.runs.length))} interleaved runs.`,
    "",
    "| build | median | vs tsc | command |",
    "| --- | ---: | ---: | --- |",
  ];
  for (const r of b.results) {
    const time = r.error !== undefined ? `failed: ${r.error.replace(/\|/g, "\\|")}` : `${(r.medianMs / 1000).toFixed(2)} s`;
    const ratio = r.error !== undefined || !(base > 0) ? "—" : `${(r.medianMs / base).toFixed(2)}×`;
    lines.push(`| ${r.name} | ${time} | ${ratio} | \`${r.command}\` |`);
  }
  return lines.join("\n");
}

if (require.main === module) {
  const i = process.argv.indexOf("--runs");
  const runs = i >= 0 ? Number(process.argv[i + 1]) : 3;
  console.log(formatBuildTime(measureBuildTime(runs)));
}
