/**
 * Declarations for library consumers carry the literal union of each site's state names: a real
 * `tspc` build (ts-patch 4, TypeScript 6) with `declaration: true` and the program entry, whose
 * `.d.ts` a consumer then type-checks against with a real `tsc --strict`.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { runTsc } from "../support/tsc";

const repoRoot = path.resolve(__dirname, "../../..");
const tspc = path.join(repoRoot, "node_modules/ts-patch/bin/tspc.js");
const transformerEntry = path.join(repoRoot, "dist/transformer/index.js");
const scratchRoot = path.join(repoRoot, "dist/test/scratch-declarations");

const LIB = `import { coroutine, generator, yield_ } from "stackless";
export const summer = coroutine((first: number): number => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
export const makePinger = () => generator<number, void>(() => {
  Ping: yield_(1);
  Pong: yield_(2);
});
export class Holder {
  readonly counter = coroutine<number, number>((n) => {
    for (;;) n = yield_<number>(n + 1);
  });
}
export const notAnInstance = 1;
`;

const CONSUMER = `import { summer, makePinger, Holder } from "./out/lib.js";
export const s: "Start" | "Add" | "Done" = summer.state;
export const p: "Start" | "Ping" | "Pong" | "Done" = makePinger().state;
export const h: "Start" | "Yield1" | "Done" = new Holder().counter.state;
// @ts-expect-error: "Ping" is not a state of summer
export const wrong: "Ping" = summer.state;
export const n: number = summer.resume(1);
`;

describe("declarations: the instance's state is the union of its site's state names", () => {
  let dir: string;
  let dts = "";

  before(function () {
    this.timeout(120_000);
    fs.mkdirSync(scratchRoot, { recursive: true });
    dir = fs.mkdtempSync(path.join(scratchRoot, "p-"));
    fs.mkdirSync(path.join(dir, "src"));
    fs.writeFileSync(path.join(dir, "src/lib.ts"), LIB);
    const tsconfig = {
      compilerOptions: {
        target: "es2022",
        module: "node16",
        moduleResolution: "node16",
        strict: true,
        allowUnusedLabels: false,
        declaration: true,
        types: [],
        rootDir: "src",
        outDir: "out",
        plugins: [{ transform: transformerEntry }, { transform: transformerEntry, import: "transformProgram", transformProgram: true }],
      },
      include: ["src"],
    };
    fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
    const r = spawnSync(process.execPath, [tspc, "-p", dir, "--pretty", "false"], { encoding: "utf8" });
    expect((r.stdout + r.stderr).trim()).to.equal("");
    expect(r.status).to.equal(0);
    dts = fs.readFileSync(path.join(dir, "out/lib.d.ts"), "utf8");
  });

  after(() => { if (!process.env.KEEP) fs.rmSync(dir, { recursive: true, force: true }); });

  it("a variable, an arrow that returns an instance and a class property get the union; other declarations are unchanged", () => {
    expect(dts).to.contain(`export declare const summer: import("stackless").Coroutine<number, number> & {\n    readonly state: "Start" | "Add" | "Done";\n};`);
    expect(dts).to.contain(`export declare const makePinger: () => import("stackless").StacklessGenerator<number, void, unknown> & {\n    readonly state: "Start" | "Ping" | "Pong" | "Done";\n};`);
    expect(dts).to.contain(`readonly counter: import("stackless").Coroutine<number, number> & {\n        readonly state: "Start" | "Yield1" | "Done";\n    };`);
    expect(dts).to.contain("export declare const notAnInstance = 1;");
  });

  it("a consumer type-checks against the union under strict (and a wrong state name is an error)", function () {
    this.timeout(60_000);
    const consumer = path.join(dir, "consumer.ts");
    fs.writeFileSync(consumer, CONSUMER);
    const r = runTsc("typescript", [consumer], { strict: true, noEmit: true, skipLibCheck: false, target: "es2022", module: "node16", moduleResolution: "node16", types: [] }, dir);
    expect(r.output).to.equal("");
    expect(r.exitCode).to.equal(0);
  });
});
