/**
 * ts-node with ts-patch's compiler (`ts-node --compiler ts-patch/compiler`), run for real: the
 * tsconfig's stackless entry compiles the bodies; a 70007 body stops the run only at run time.
 */
import { expect } from "chai";
import * as path from "path";
import { run, scratch, SUMMER_TS } from "./scratch";

/** 70007 in a body that type-checks (ts-node checks types first): a direct eval. */
const UNSUPPORTED_TYPED_TS = `import { coroutine, yield_ } from "stackless";\n\nexport const broken = coroutine(() => {\n  yield_(eval("1"));\n});\n`;

describe("ts-node --compiler ts-patch/compiler", function () {
  this.timeout(120_000);
  let dir = "";
  before(() => {
    dir = scratch("ts-node", {
      "package.json": JSON.stringify({ name: "app" }),
      "tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022", module: "commonjs", strict: true, types: [], lib: ["es2022", "esnext.disposable"], plugins: [{ transform: "stackless/transformer" }] } }),
      "summer.ts": SUMMER_TS,
      "main.ts": `declare const console: { log(...values: unknown[]): void };\nimport { summer } from "./summer";\nconsole.log(summer.resume(5), summer.resume(4), summer.state);\n`,
      "unsupported.ts": UNSUPPORTED_TYPED_TS,
      "bad.ts": `declare const console: { log(...values: unknown[]): void };\nimport { broken } from "./unsupported";\nconsole.log(broken);\n`,
    }, ["ts-node", "ts-patch", "typescript"]);
  });
  const tsNode = (file: string) => run(process.execPath, [path.join(dir, "node_modules/ts-node/dist/bin.js"), "--compiler", "ts-patch/compiler", file], dir);

  it("runs a coroutine, type-checked and transformed", () => {
    const r = tsNode("main.ts");
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("5 9 Add\n");
  });
  // ts-node reports the type checker's diagnostics, not the ones a transformer adds at emit, so
  // the build error is not printed; what stops the run is the refused call, which says why.
  it("a 70007 body is not reported by ts-node (emit diagnostics ignored): the run stops with NOT_TRANSFORMED instead", () => {
    const r = tsNode("bad.ts");
    expect(r.status).to.not.equal(0);
    expect(r.stderr).to.not.contain("TS70007");
    expect(r.stderr).to.contain("coroutine() was not compiled: the stackless transformer refused this body with error 70007");
    expect(r.stderr).to.match(/unsupported\.ts:3:\d+/);
  });
});
