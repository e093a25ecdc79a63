/**
 * ts-node with ts-patch's compiler (`ts-node --compiler ts-patch/compiler`), run for real: the
 * tsconfig's stackless entry compiles the bodies, and a 70007 body fails the compile of its file
 * (before anything of it runs), with the tsconfig `stackless init` writes as with the bare entry.
 */
import { expect } from "chai";
import * as path from "path";
import { run, scratch, SUMMER_TS } from "./scratch";

/** 70007 in a body that type-checks (ts-node checks types first): a direct eval. */
const UNSUPPORTED_TYPED_TS = `import { coroutine, yield_ } from "stackless";\n\nexport const broken = coroutine(() => {\n  yield_(eval("1"));\n});\n`;
/** A body whose end is reachable: warning 70005, which tspc prints and builds past. */
const WARNING_TS = `import { coroutine, yield_ } from "stackless";\n\nexport const once = coroutine(() => {\n  yield_(1);\n});\n`;
const CONSOLE = `declare const console: { log(...values: unknown[]): void };\n`;

const TRANSFORM_ENTRY = { transform: "stackless/transformer" };
/** What `stackless init` writes: the emit transformer, the program transformer, the tsserver plugin. */
const INIT_ENTRIES = [TRANSFORM_ENTRY, { transform: "stackless/transformer", import: "transformProgram", transformProgram: true }, { name: "stackless/language-service" }];

const SETUPS = [
  { title: "the transform entry", plugins: [TRANSFORM_ENTRY] },
  { title: "the entries stackless init writes", plugins: INIT_ENTRIES },
];

describe("ts-node --compiler ts-patch/compiler", function () {
  this.timeout(120_000);
  for (const setup of SETUPS) {
    describe(`with ${setup.title}`, () => {
      let dir = "";
      before(() => {
        dir = scratch("ts-node", {
          "package.json": JSON.stringify({ name: "app" }),
          "tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022", module: "commonjs", strict: true, types: [], lib: ["es2022", "esnext.disposable"], plugins: setup.plugins } }),
          "summer.ts": SUMMER_TS,
          "main.ts": `${CONSOLE}import { summer } from "./summer";\nconsole.log(summer.resume(5), summer.resume(4), summer.state);\n`,
          "unsupported.ts": UNSUPPORTED_TYPED_TS,
          "bad.ts": `${CONSOLE}import { broken } from "./unsupported";\nconsole.log(broken);\n`,
          "warning.ts": WARNING_TS,
          "warned.ts": `${CONSOLE}import { once } from "./warning";\nconsole.log(once.resume(), once.resume(), once.state);\n`,
        }, ["ts-node", "ts-patch", "typescript"]);
      });
      const tsNode = (file: string) => run(process.execPath, [path.join(dir, "node_modules/ts-node/dist/bin.js"), "--compiler", "ts-patch/compiler", file], dir);

      it("runs a coroutine, type-checked and transformed", () => {
        const r = tsNode("main.ts");
        expect(r.stderr).to.equal("");
        expect(r.stdout).to.equal("5 9 Add\n");
      });
      // ts-node prints the type checker's diagnostics, never the emit's: the transformer throws
      // the error instead, which fails the compile of the file (not a NOT_TRANSFORMED at run time).
      it("a 70007 body fails the compile with the stackless diagnostic, before the file runs", () => {
        const r = tsNode("bad.ts");
        expect(r.status).to.equal(1);
        expect(r.stdout).to.equal("");
        expect(r.stderr).to.contain("unsupported.ts(4,10): error TS70007: stackless cannot compile this coroutine() body: a direct eval");
        expect(r.stderr).to.not.contain("CoroutineError");
      });
      // ts-node fails a compile on any diagnostic it reads, warnings included.
      it("a body with a stackless warning (70005) runs", () => {
        const r = tsNode("warned.ts");
        expect(r.stderr).to.equal("");
        expect(r.stdout).to.equal("1 undefined Done\n");
      });
    });
  }
});
