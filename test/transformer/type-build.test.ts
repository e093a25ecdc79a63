/**
 * 70004 in a build: a body that yields a string where O is number, in a real tsconfig project.
 * Through stacklessDiagnostics with the project's own program (what the build entries call), and
 * through `tspc` itself.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { stacklessDiagnostics } from "../../analysis/check";

const repoRoot = path.resolve(__dirname, "../../..");
const tspc = path.join(repoRoot, "node_modules/ts-patch/bin/tspc.js");
const transformerEntry = path.join(repoRoot, "dist/transformer/index.js");
const scratchRoot = path.join(repoRoot, "dist/test/scratch-type-build");

const MISTYPED = `import { coroutine, yield_ } from "stackless";
export const counter = coroutine<number, number>((step) => {
  let n = 0;
  for (;;) step = yield_<number>(n > 9 ? "many" : (n += step));
});
`;

describe("70004 in a build: yielding a string where O is number", () => {
  let dir: string;

  before(() => {
    fs.mkdirSync(scratchRoot, { recursive: true });
    dir = fs.mkdtempSync(path.join(scratchRoot, "p-"));
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src/counter.ts"), MISTYPED);
    const plugins = [{ transform: transformerEntry }, { transform: transformerEntry, import: "transformProgram", transformProgram: true }];
    const compilerOptions = { target: "es2022", module: "node16", moduleResolution: "node16", strict: true, types: [], rootDir: "src", outDir: "out", plugins };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify({ compilerOptions, include: ["src"] }, null, 2));
  });

  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("the project's program: TypeScript finds nothing, stacklessDiagnostics with its checker reports 70004 on the operand", () => {
    const config = ts.getParsedCommandLineOfConfigFile(path.join(dir, "tsconfig.json"), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!;
    const program = ts.createProgram(config.fileNames, config.options);
    expect(ts.getPreEmitDiagnostics(program).map((d) => d.code)).to.deep.equal([]);
    const file = program.getSourceFile(path.join(dir, "src/counter.ts"))!;
    const found = stacklessDiagnostics(ts, file, { checker: program.getTypeChecker() });
    expect(found.map((d) => [d.code, d.category, file.text.slice(d.start!, d.start! + d.length!)])).to.deep.equal([
      [70004, ts.DiagnosticCategory.Error, `n > 9 ? "many" : (n += step)`],
    ]);
  });

  it("tspc fails with error TS70004 (the transformer reports checkFile's rules)", () => {
    const r = spawnSync(process.execPath, [tspc, "-p", dir, "--pretty", "false"], { encoding: "utf8" });
    expect(r.stdout + r.stderr).to.match(/src\/counter\.ts\(4,34\): error TS70004: yield_ outputs 'number \| "many"'/);
    expect(r.status).to.not.equal(0);
  });
});
