/**
 * The size of what each column runs: bytes of generated JavaScript, and the bytecode length of
 * the method a resume calls (`resume` for stackless and the hand-written coroutines, `next` for
 * hand-written iterators), which decides whether V8 inlines it into the caller (Node 20's V8
 * inlines a callee only below ~460 bytes of bytecode: `--max-inlined-bytecode-size`).
 *
 * Bytecode comes from a child process per workload and column (`node --print-bytecode
 * --print-bytecode-filter=<method> dist/bench/code-size.js <workload> <impl>`): the child builds
 * the column, runs the driver's short trace (V8 compiles a function's bytecode on its first
 * call) and exits; the parent reads the "Bytecode length" lines V8 printed. The filter is a
 * function name, so only methods of that name that ran are printed, and the child runs nothing
 * else of that name.
 *
 * JavaScript bytes leave out the module plumbing both columns share unequally: helper
 * declarations (`var __generator = …`, `var __importStar = …`), imports and `require`s,
 * `"use strict"`, and the `exports.x = …` lines. What remains is the body's own code: the
 * `function*` lowered by TypeScript at ES5, or the generated class and its `make`.
 */
import { spawnSync } from "child_process";
import * as ts from "typescript";
import { build, instantiate, type ImplName } from "./implementations";
import { WORKLOADS, type Workload } from "./workloads";

/** Bytes of the body's own code in a column's generated module (see the header). */
export function ownCodeBytes(code: string): number {
  const file = ts.createSourceFile("m.js", code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  let bytes = 0;
  for (const s of file.statements) {
    if (isPlumbing(s)) continue;
    bytes += Buffer.byteLength(s.getText(file), "utf8");
  }
  return bytes;
}

function isPlumbing(s: ts.Statement): boolean {
  if (ts.isImportDeclaration(s)) return true;
  if (ts.isExpressionStatement(s)) {
    const e = s.expression;
    if (ts.isStringLiteral(e)) return true; // "use strict"
    if (ts.isCallExpression(e) && e.getText().startsWith("Object.defineProperty(exports")) return true;
    if (ts.isBinaryExpression(e) && e.left.getText().startsWith("exports.")) return true;
  }
  if (ts.isVariableStatement(s)) {
    return s.declarationList.declarations.every((d) => {
      const name = d.name.getText();
      const init = d.initializer?.getText() ?? "";
      return name.startsWith("__") || init.startsWith("require(") || /^__importStar\(require\(/.test(init);
    });
  }
  return false;
}

/** The method whose bytecode a resume runs, per column. */
function methodOf(impl: ImplName, w: Workload): string {
  return impl === "hand" && w.kind === "generator" ? "next" : "resume";
}

/** Bytecode length of the column's resume method (the largest, if several ran), or why not. */
export function bytecodeLength(w: Workload, impl: "hand" | "stackless"): number | string {
  const method = methodOf(impl, w);
  const child = spawnSync(process.execPath, ["--print-bytecode", `--print-bytecode-filter=${method}`, __filename, w.id, impl], {
    encoding: "utf8",
    maxBuffer: 64 * 1024 * 1024,
  });
  if (child.status !== 0) return (child.stderr || `exit ${child.status}`).trim().split("\n")[0];
  const lengths = [...child.stdout.matchAll(/^Bytecode length: (\d+)$/gm)].map((m) => Number(m[1]));
  return lengths.length ? Math.max(...lengths) : `no ${method} method ran`;
}

if (require.main === module) {
  const [id, impl] = process.argv.slice(2) as [string, ImplName];
  const w = WORKLOADS.find((x) => x.id === id);
  if (!w || (impl !== "hand" && impl !== "stackless")) {
    console.error(`usage: node --print-bytecode --print-bytecode-filter=resume ${__filename} <workload> <hand|stackless>`);
    process.exit(2);
  }
  const built = build(impl, w);
  if (!built.ok) {
    console.error(built.error);
    process.exit(1);
  }
  instantiate(impl, w, built, w.input()).trace();
}
