/**
 * `stackless lsp`'s cost per keystroke: a 2,000-line project (20 modules of 100 lines, each with
 * coroutines, generators and a future) open in lsp/project.ts's long-lived language service;
 * one module edited per round, then that module's findings asked for (what the server does on
 * didChange), then every other open module's (cached: the same SourceFile objects). Reports the
 * median wall time of each over rounds and how many files were analysed again.
 * Usage: `node dist/bench/lsp-rediagnose.js [--runs N]`.
 */
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { LspProject, type OpenDocument } from "../lsp/project";
import { bundledTypescript } from "../integrations/typescript";
import { median } from "./timing";

const runs = Number(process.argv[process.argv.indexOf("--runs") + 1]) || 30;
const MODULES = 20;

/** One 100-line module: four coroutine sites of the kinds users write, padded with plain code. */
function moduleText(index: number, edit = 0): string {
  const lines = [
    `import { coroutine, generator, future, yield_, await_, type Context } from "stackless";`,
    `export const summer${index} = coroutine((first: number) => {`,
    `  let sum = first + ${edit};`,
    `  for (;;) {`,
    `    Add: sum += yield_<number>(sum);`,
    `  }`,
    `});`,
    `export const counter${index} = generator((limit: number) => {`,
    `  let seen = 0;`,
    `  for (let i = 0; i < limit; i++) {`,
    `    if (i % 3 === 0) continue;`,
    `    seen += yield_(i) ?? 0;`,
    `  }`,
    `  return seen;`,
    `});`,
    `export const tokens${index} = generator(() => {`,
    `  const parts = ["a", "b", "c"];`,
    `  try {`,
    `    for (const part of parts) First: yield_(part);`,
    `  } finally {`,
    `    parts.length = 0;`,
    `  }`,
    `});`,
    `export const waiter${index} = future((cx: Context) => {`,
    `  const value = await_(Promise.resolve(${index}));`,
    `  return value + 1;`,
    `});`,
  ];
  for (let i = lines.length; i < 100; i++) lines.push(`export function helper${index}_${i}(x: number): number { return x * ${i} + ${index}; }`);
  return lines.join("\n") + "\n";
}

function main(): void {
  const ts = bundledTypescript();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-bench-lsp-"));
  fs.mkdirSync(path.join(dir, "src"));
  fs.mkdirSync(path.join(dir, "node_modules"));
  fs.symlinkSync(path.resolve(__dirname, "..", ".."), path.join(dir, "node_modules", "stackless"), "dir");
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions: { strict: true, target: "es2022", module: "node16", lib: ["es2022", "esnext.disposable"], types: [], skipLibCheck: true }, include: ["src"] }));
  const files = Array.from({ length: MODULES }, (_, i) => path.join(dir, "src", `m${i}.ts`));
  files.forEach((f, i) => fs.writeFileSync(f, moduleText(i)));
  const open = new Map<string, OpenDocument>(files.map((f, i) => [f, { text: moduleText(i), version: 1 }]));
  const project = new LspProject(ts, path.join(dir, "tsconfig.json"), dir, open, ts.createDocumentRegistry());
  const first = process.hrtime.bigint();
  for (const f of files) project.report(f);
  const firstMs = Number(process.hrtime.bigint() - first) / 1e6;
  const edited: number[] = [];
  const others: number[] = [];
  let analysed = 0;
  for (let round = 1; round <= runs; round++) {
    const target = files[round % MODULES];
    open.set(target, { text: moduleText(round % MODULES, round), version: round + 1 });
    const before = project.analyses;
    const t0 = process.hrtime.bigint();
    project.report(target);
    const t1 = process.hrtime.bigint();
    for (const f of files) if (f !== target) project.report(f);
    const t2 = process.hrtime.bigint();
    edited.push(Number(t1 - t0) / 1e6);
    others.push(Number(t2 - t1) / 1e6);
    analysed = project.analyses - before;
  }
  const lines = files.reduce((n, f) => n + open.get(f)!.text.split("\n").length - 1, 0);
  console.log(`stackless lsp, one edited module of a ${lines}-line project (${MODULES} modules), TypeScript ${ts.version}, Node ${process.version}, median of ${runs} edits:`);
  console.log(`  first diagnostics of all ${MODULES} modules (program, checker, analysis)  ${firstMs.toFixed(0).padStart(6)} ms`);
  console.log(`  the edited module re-diagnosed (program update + its analysis)      ${median(edited).toFixed(1).padStart(6)} ms`);
  console.log(`  the other ${MODULES - 1} open modules asked again (cached)                    ${median(others).toFixed(1).padStart(6)} ms`);
  console.log(`  files analysed again per edit: ${analysed}`);
  project.dispose();
}

main();
