/**
 * Writes what the transformer emits for a fixed corpus into a directory, so that a refactor can
 * prove the generated JavaScript byte-identical (`diff -r` of two dumps).
 *
 *   node dist/test/support/dump-outputs.js OUT_DIR [--fuzz N] [--corpus recorded.json]
 *
 * The corpus: N fuzz programs (seeds 1.., features "all"; N/5 more with the unsupported
 * constructs and N/5 with the base features only), the 300 bodies of bench/build-time's project
 * (the same 60 module texts), samples/*.ts, and the module texts the tests hand to the transformer
 * (recorded with record-sources.ts). Each input gives NAME.js (the output text) and NAME.diag
 * (its diagnostics, one a line), so a change of output and a change of diagnostics read apart.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { transformSource } from "../../transformer";
import { renderModule } from "../fuzz/ast";
import { generateProgram, programSeed } from "../fuzz/generate";
import { buildProjectFiles } from "../../bench/build-time";
import type { RecordedSource } from "./record-sources";

const REPO = path.resolve(__dirname, "..", "..", "..");

function diagnosticLines(ds: readonly TS.Diagnostic[]): string {
  const text = (m: string | TS.DiagnosticMessageChain): string => (typeof m === "string" ? m : m.messageText);
  return ds.map((d) => `${d.code} ${d.start ?? "-"}+${d.length ?? "-"} ${d.category} ${text(d.messageText)}\n`).join("");
}

function dumpOne(outDir: string, name: string, code: string, fileName: string): void {
  let js: string;
  let diag: string;
  try {
    const r = transformSource(code, { fileName, compilerOptions: { sourceMap: false } });
    js = r.outputText;
    diag = diagnosticLines(r.diagnostics);
  } catch (e) {
    js = "";
    diag = `THREW ${e instanceof Error ? e.message : String(e)}\n`;
  }
  const file = path.join(outDir, name);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(`${file}.js`, js);
  fs.writeFileSync(`${file}.diag`, diag);
}


function main(argv: string[]): void {
  const outDir = argv[0];
  if (!outDir || outDir.startsWith("--")) throw new Error("usage: dump-outputs OUT_DIR [--fuzz N] [--corpus recorded.json]");
  const flag = (name: string): string | undefined => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const fuzzCount = Number(flag("--fuzz") ?? 1500);
  const corpus = flag("--corpus");
  fs.rmSync(outDir, { recursive: true, force: true });
  const counts: Record<string, number> = {};
  const count = (k: string): void => void (counts[k] = (counts[k] ?? 0) + 1);

  const fuzzRuns: [string, string, object, number, number][] = [
    ["all", "all", {}, 1, fuzzCount],
    ["unsupported", "all", { unsupported: true }, 500_000, Math.ceil(fuzzCount / 5)],
    ["base", "base", {}, 900_000, Math.ceil(fuzzCount / 5)],
  ];
  for (const [dir, features, opts, seed, n] of fuzzRuns) {
    for (let i = 0; i < n; i++) {
      const s = programSeed(seed, i);
      const p = generateProgram(s, features, opts);
      dumpOne(outDir, `fuzz-${dir}/${s}`, renderModule(p, "stackless"), `fuzz/seed-${s}.ts`);
      count(`fuzz-${dir}`);
    }
  }
  for (const { name, code } of buildProjectFiles()) {
    dumpOne(outDir, `build-project/${name}`, code, `src/${name}.ts`);
    count("build-project");
  }
  const samples = path.join(REPO, "samples");
  for (const f of fs.readdirSync(samples).filter((n) => n.endsWith(".ts")).sort()) {
    dumpOne(outDir, `samples/${f.replace(/\.ts$/, "")}`, fs.readFileSync(path.join(samples, f), "utf8"), f);
    count("samples");
  }
  if (corpus) {
    const recorded = JSON.parse(fs.readFileSync(corpus, "utf8")) as RecordedSource[];
    recorded.forEach((r, i) => {
      dumpOne(outDir, `tests/${String(i).padStart(4, "0")}`, r.code, r.fileName);
      count("tests");
    });
  }
  console.log(Object.entries(counts).map(([k, n]) => `${k}: ${n}`).join(", "));
}

main(process.argv.slice(2));
