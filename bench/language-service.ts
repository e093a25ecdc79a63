/**
 * The tsserver plugin's cost beside TypeScript alone, in one process: semantic diagnostics of a
 * 2,000-line file with ~150 coroutines after an edit (each round edits the file, so both
 * language services re-check it and the plugin re-analyses it), and of a file of the same size
 * that imports nothing from stackless. Two language services over the same host, one decorated,
 * timed alternately; the ratio is the median over rounds of the per-round ratio, of wall time and of
 * the process's CPU time (user + system: on a machine shared with other work, the waits for a
 * core stretch wall times but not CPU times, so the CPU ratio is the steadier reading).
 * Usage: `node dist/bench/language-service.js [--rounds N]` (npm run bench runs it too).
 */
import * as path from "path";
import * as ts from "typescript";
import { decorate } from "../language-service/decorate";
import { readPluginOptions } from "../language-service/options";

const REPO = path.resolve(__dirname, "..", "..");

/** ~13 lines per coroutine: a loop, a labelled state, a few locals. */
export function coroutineFile(count: number, edit: number): string {
  const parts = [`import { coroutine, generator, yield_ } from "stackless";`, `export const edit = ${edit};`];
  for (let i = 0; i < count; i++) {
    parts.push(
      i % 2
        ? `export const c${i} = coroutine((first: number) => {\n  let sum = first;\n  const hist: number[] = [];\n  for (let k = 0; k < ${i + 2}; k++) {\n    hist.push(sum);\n    Add: sum += yield_<number>(sum);\n  }\n  if (sum > ${i}) {\n    return sum * 2;\n  }\n  return hist.length;\n});\n`
        : `export const g${i} = generator(() => {\n  let n = ${i};\n  while (n > 0) {\n    const got = yield_<string>(n);\n    if (got === "stop") return "stopped";\n    n--;\n  }\n  yield_.from([1, 2, 3]);\n  return "done";\n});\n`,
    );
  }
  return parts.join("\n");
}

/** The same amount of code with no stackless at all. */
export function plainFile(count: number, edit: number): string {
  const parts = [`export const edit = ${edit};`];
  for (let i = 0; i < count; i++) {
    parts.push(`export function f${i}(first: number): number {\n  let sum = first;\n  const hist: number[] = [];\n  for (let k = 0; k < ${i + 2}; k++) {\n    hist.push(sum);\n    sum += k;\n  }\n  if (sum > ${i}) {\n    return sum * 2;\n  }\n  return hist.length;\n}\n`);
  }
  return parts.join("\n");
}

interface Subject {
  readonly fileName: string;
  text: string;
  version: number;
}

function languageService(subject: Subject): ts.LanguageService {
  const options: ts.CompilerOptions = {
    strict: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
    types: [],
    skipLibCheck: true,
    baseUrl: REPO,
    paths: { stackless: ["dist/runtime/index.d.ts"] },
  };
  const host: ts.LanguageServiceHost = {
    getCompilationSettings: () => options,
    getScriptFileNames: () => [subject.fileName],
    getScriptVersion: (name) => (name === subject.fileName ? String(subject.version) : "0"),
    getScriptSnapshot: (name) => {
      if (name === subject.fileName) return ts.ScriptSnapshot.fromString(subject.text);
      const text = ts.sys.readFile(name);
      return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
    },
    getCurrentDirectory: () => REPO,
    getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
    fileExists: (name) => name === subject.fileName || ts.sys.fileExists(name),
    readFile: (name) => (name === subject.fileName ? subject.text : ts.sys.readFile(name)),
  };
  return ts.createLanguageService(host, ts.createDocumentRegistry());
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

export interface LanguageServiceResult {
  readonly name: string;
  readonly lines: number;
  readonly typescriptMs: number;
  readonly pluginMs: number;
  /** Median over rounds of plugin / TypeScript alone (wall time). */
  readonly ratio: number;
  /** The same of CPU times. */
  readonly cpuRatio: number;
}

function measureFile(name: string, make: (edit: number) => string, rounds: number): LanguageServiceResult {
  const plainSubject: Subject = { fileName: path.join(REPO, "bench/out/language-service", `${name}.ts`), text: make(0), version: 0 };
  const pluggedSubject: Subject = { ...plainSubject };
  const plain = languageService(plainSubject);
  const plugged = decorate(ts, languageService(pluggedSubject), () => readPluginOptions({}), (m) => process.stderr.write(m + "\n"));
  /** Wall and CPU milliseconds of one semantic-diagnostics request after an edit. */
  const time = (ls: ts.LanguageService, subject: Subject, edit: number): { wall: number; cpu: number } => {
    subject.text = make(edit);
    subject.version = edit;
    const cpu = process.cpuUsage();
    const start = process.hrtime.bigint();
    ls.getSemanticDiagnostics(subject.fileName);
    const wall = Number(process.hrtime.bigint() - start) / 1e6;
    const used = process.cpuUsage(cpu);
    return { wall, cpu: (used.user + used.system) / 1e3 };
  };
  // Warm up both (first programs, lib files, JIT).
  for (let i = 1; i <= 3; i++) time(plain, plainSubject, i), time(plugged, pluggedSubject, i);
  const tsTimes: number[] = [];
  const pluginTimes: number[] = [];
  const ratios: number[] = [];
  const cpuRatios: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const edit = 10 + r;
    // Alternate which goes first, so neither always runs on a warmer heap.
    let t: { wall: number; cpu: number };
    let p: { wall: number; cpu: number };
    if (r % 2) {
      p = time(plugged, pluggedSubject, edit);
      t = time(plain, plainSubject, edit);
    } else {
      t = time(plain, plainSubject, edit);
      p = time(plugged, pluggedSubject, edit);
    }
    tsTimes.push(t.wall);
    pluginTimes.push(p.wall);
    ratios.push(p.wall / t.wall);
    cpuRatios.push(p.cpu / t.cpu);
  }
  return { name, lines: make(0).split("\n").length, typescriptMs: median(tsTimes), pluginMs: median(pluginTimes), ratio: median(ratios), cpuRatio: median(cpuRatios) };
}

export function measureLanguageService(rounds = 15): LanguageServiceResult[] {
  return [
    measureFile("~170 coroutines", (edit) => coroutineFile(170, edit), rounds),
    measureFile("no stackless import", (edit) => plainFile(170, edit), rounds),
  ];
}

function percent(ratio: number): string {
  return `${((ratio - 1) * 100).toFixed(1)}%`;
}

export function formatLanguageService(results: readonly LanguageServiceResult[]): string {
  const rows = results.map(
    (r) => `| ${r.name} | ${r.lines} | ${r.typescriptMs.toFixed(1)} | ${r.pluginMs.toFixed(1)} | ${percent(r.ratio)} | ${percent(r.cpuRatio)} |`,
  );
  return [
    "Semantic diagnostics of one file after an edit, TypeScript alone and with the stackless plugin, in one process (median wall ms; the added cost is the median over rounds of the per-round ratio, of wall time and of CPU time).",
    "",
    "| file | lines | TypeScript alone (ms) | with the plugin (ms) | added (wall) | added (CPU) |",
    "| --- | ---: | ---: | ---: | ---: | ---: |",
    ...rows,
  ].join("\n");
}

if (require.main === module) {
  const i = process.argv.indexOf("--rounds");
  console.log(formatLanguageService(measureLanguageService(i >= 0 ? Number(process.argv[i + 1]) : 15)));
}
