/**
 * Start-up of a one-file TypeScript script through stackless/register, against tsx and ts-node
 * where they are installed, and against plain node running precompiled JavaScript.
 *
 * Writes a project into bench/out/loader-startup/ (gitignored): main.ts with one coroutine,
 * a tsconfig listing the stackless transformer (by path, as samples/ does), and the same
 * program precompiled by `stackless transform --js`. Each runner is a separate `node` process,
 * started in interleaved rounds; the table gives the median wall time over rounds. "cold" gives
 * the loader an empty cache directory every run (it loads TypeScript and compiles); "warm"
 * reuses one (a second start: no TypeScript loaded). tsx and ts-node run no transformers, so
 * they run a script without markers (what they would cost, not what they would produce);
 * `ts-node --compiler ts-patch/compiler` runs the transformer through ts-patch.
 * The "bundled TypeScript 6" rows run the same project from a folder with no typescript (as a
 * TypeScript 7 project is to stackless): the loader then loads stackless's own typescript6; the
 * "require(...)" rows are what loading each compiler alone costs.
 * Usage: `node dist/bench/loader-startup.js [--runs N]`.
 */
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { median } from "./timing";

const REPO = path.resolve(__dirname, "..", "..");
const OUT = path.join(REPO, "bench", "out", "loader-startup");
const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 15;

const MAIN_TS = `import { coroutine, yield_ } from "stackless";
const summer = coroutine((first: number) => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
console.log(summer.resume(5), summer.resume(4));
`;
const PLAIN_TS = `const add = (a: number, b: number): number => a + b;\nconsole.log(add(5, 4));\n`;

function setUp(): void {
  fs.rmSync(OUT, { recursive: true, force: true });
  fs.mkdirSync(OUT, { recursive: true });
  fs.writeFileSync(path.join(OUT, "package.json"), JSON.stringify({ name: "loader-startup", private: true }));
  fs.writeFileSync(
    path.join(OUT, "tsconfig.json"),
    JSON.stringify({ compilerOptions: { target: "es2022", module: "node16", strict: true, types: [], plugins: [{ transform: path.join(REPO, "dist/transformer/index.js") }] } }, null, 2),
  );
  fs.writeFileSync(path.join(OUT, "main.ts"), MAIN_TS);
  fs.writeFileSync(path.join(OUT, "plain.ts"), PLAIN_TS);
  const pre = spawnSync(process.execPath, [path.join(REPO, "dist/cli/index.js"), "transform", "main.ts", "--js", "-o", "main.js"], { cwd: OUT, encoding: "utf8" });
  if (pre.status !== 0) throw new Error(pre.stderr);
}

/** The same project in a folder outside this repository, where no typescript resolves (the TypeScript 7 case). */
const OUT_WITHOUT_TS = path.join(os.tmpdir(), "stackless-bench-loader-no-typescript");

function setUpWithoutTypescript(): void {
  fs.rmSync(OUT_WITHOUT_TS, { recursive: true, force: true });
  fs.cpSync(OUT, OUT_WITHOUT_TS, { recursive: true, filter: (f) => !f.includes("node_modules") });
  fs.mkdirSync(path.join(OUT_WITHOUT_TS, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO, path.join(OUT_WITHOUT_TS, "node_modules", "stackless"), "dir");
}

interface Runner {
  name: string;
  args: string[];
  cwd?: string;
  env?: () => Record<string, string>;
}

function installed(name: string): boolean {
  try {
    require.resolve(`${name}/package.json`, { paths: [REPO] });
    return true;
  } catch {
    return false;
  }
}

function runners(): Runner[] {
  const warmCache = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-bench-warm-"));
  const list: Runner[] = [
    { name: "node main.js (precompiled)", args: ["main.js"] },
    { name: "node --require stackless/register, cold cache", args: ["--require", "stackless/register", "main.ts"], env: () => ({ STACKLESS_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "stackless-bench-cold-")) }) },
    { name: "node --require stackless/register, warm cache", args: ["--require", "stackless/register", "main.ts"], env: () => ({ STACKLESS_CACHE_DIR: warmCache }) },
    { name: "node --import stackless/register, warm cache", args: ["--import", "stackless/register", "main.ts"], env: () => ({ STACKLESS_CACHE_DIR: warmCache }) },
  ];
  const requireOnly = (name: string) => `require(${JSON.stringify(require.resolve(name, { paths: [REPO] }))}); console.log(9)`;
  list.push({ name: "node -e require(typescript) (6.0, the project's)", args: ["-e", requireOnly("typescript")] });
  list.push({ name: "node -e require(typescript6) (the bundled 6.0)", args: ["-e", requireOnly("typescript6")] });
  list.push({ name: "node --require stackless/register, cold cache, bundled TypeScript 6", args: ["--require", "stackless/register", "main.ts"], cwd: OUT_WITHOUT_TS, env: () => ({ STACKLESS_CACHE_DIR: fs.mkdtempSync(path.join(os.tmpdir(), "stackless-bench-cold-")) }) });
  list.push({ name: "node --require stackless/register, warm cache, bundled TypeScript 6", args: ["--require", "stackless/register", "main.ts"], cwd: OUT_WITHOUT_TS, env: () => ({ STACKLESS_CACHE_DIR: warmCache }) });
  if (installed("tsx")) list.push({ name: "tsx (no transformer; plain.ts)", args: [path.join(REPO, "node_modules/tsx/dist/cli.mjs"), "plain.ts"] });
  if (installed("ts-node")) {
    const tsNode = path.join(REPO, "node_modules/ts-node/dist/bin.js");
    list.push({ name: "ts-node --transpile-only (no transformer; plain.ts)", args: [tsNode, "--transpile-only", "plain.ts"] });
    list.push({ name: "ts-node --compiler ts-patch/compiler (type-checks)", args: [tsNode, "--compiler", "ts-patch/compiler", "main.ts"] });
  }
  return list;
}

function timeOnce(runner: Runner): number {
  const start = process.hrtime.bigint();
  const r = spawnSync(process.execPath, runner.args, { cwd: runner.cwd ?? OUT, encoding: "utf8", env: { ...process.env, ...runner.env?.() } });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (r.status !== 0 || r.stdout.trim() !== "5 9" && r.stdout.trim() !== "9") throw new Error(`${runner.name} failed: ${r.stdout}${r.stderr}`);
  return ms;
}

function main(): void {
  // The stackless package must resolve from the project: link it as an installed package would be.
  setUp();
  fs.mkdirSync(path.join(OUT, "node_modules"), { recursive: true });
  fs.symlinkSync(REPO, path.join(OUT, "node_modules", "stackless"), "dir");
  setUpWithoutTypescript();
  const list = runners();
  for (const runner of list) timeOnce(runner); // warm-up: file system caches, the warm loader cache
  const times = new Map(list.map((r) => [r.name, [] as number[]]));
  for (let round = 0; round < runs; round++) for (const runner of list) times.get(runner.name)!.push(timeOnce(runner));
  const width = Math.max(...list.map((r) => r.name.length));
  console.log(`Start-up of a one-file script, median of ${runs} runs (ms), Node ${process.version}:`);
  for (const runner of list) console.log(`  ${runner.name.padEnd(width)}  ${median(times.get(runner.name)!).toFixed(0).padStart(5)}`);
}

main();
