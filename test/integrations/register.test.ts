/**
 * stackless/register, run for real: `node --import` and `node --require` on CommonJS and ESM
 * projects, with the tsconfig's transformers (stackless's and another), source-mapped stack
 * traces, a syntax error's exit, and the on-disk cache.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { run, scratch, SUMMER_TS, UNSUPPORTED_TS } from "./scratch";

const MAIN_TS = `import { summer } from "./summer.js";
import { shout } from "./shout.js";
console.log(summer.resume(5), summer.resume(4), summer.resume(3), summer.state, shout);
export function fail(): never {
  throw new Error("from main.ts line 5");
}
if (process.env.FAIL) fail();
`;

/** Another ttypescript-style transformer: turns the string "quiet" into "LOUD". */
const SHOUT_TRANSFORMER = `module.exports = (program, config, { ts }) => (context) => (file) => {
  const visit = (node) => ts.isStringLiteral(node) && node.text === "quiet" ? context.factory.createStringLiteral("LOUD") : ts.visitEachChild(node, visit, context);
  return ts.visitNode(file, visit);
};
`;

function project(kind: "commonjs" | "module"): string {
  return scratch(`register-${kind}`, {
    "package.json": JSON.stringify({ name: "app", type: kind }),
    "tsconfig.json": `{
  // JSONC, as tsc reads it
  "compilerOptions": {
    "target": "es2022", "module": "nodenext", "strict": true,
    "plugins": [{ "transform": "stackless/transformer" }, { "transform": "./shout-transformer.cjs" }, { "name": "stackless/language-service" }]
  }
}`,
    "shout-transformer.cjs": SHOUT_TRANSFORMER,
    "summer.ts": SUMMER_TS,
    "shout.ts": `export const shout = "quiet";\n`,
    "main.ts": MAIN_TS,
    "bad.ts": `const x: = 1;\n`,
    "unsupported.ts": UNSUPPORTED_TS,
  });
}

describe("stackless/register (node --import / --require)", function () {
  this.timeout(120_000);
  const cache = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-register-cache-"));
  const env = { STACKLESS_CACHE_DIR: cache };
  const projects = { commonjs: "", module: "" };
  before(() => {
    projects.commonjs = project("commonjs");
    projects.module = project("module");
  });

  for (const kind of ["commonjs", "module"] as const) {
    for (const flag of ["--import", "--require"] as const) {
      it(`runs a ${kind} project's main.ts with ${flag}, through both tsconfig transformers`, () => {
        const r = run(process.execPath, [flag, "stackless/register", "main.ts"], projects[kind], env);
        expect(r.stderr).to.equal("");
        expect(r.stdout).to.equal("5 9 12 Add LOUD\n");
        expect(r.status).to.equal(0);
      });
    }
    it(`maps a ${kind} stack trace to the .ts line`, () => {
      const r = run(process.execPath, ["--import", "stackless/register", "main.ts"], projects[kind], { ...env, FAIL: "1" });
      expect(r.status).to.equal(1);
      expect(r.stderr).to.contain("from main.ts line 5");
      expect(r.stderr).to.match(/main\.ts:5:\d+/);
    });
    it(`exits non-zero with file:line:col on a ${kind} syntax error`, () => {
      const r = run(process.execPath, ["--import", "stackless/register", "bad.ts"], projects[kind], env);
      expect(r.status).to.not.equal(0);
      expect(r.stderr).to.contain("bad.ts:1:10 - error TS1110: Type expected.");
    });
    it(`exits non-zero on a ${kind} body stackless cannot compile (70007), naming it`, () => {
      const r = run(process.execPath, ["--import", "stackless/register", "unsupported.ts"], projects[kind], env);
      expect(r.status).to.not.equal(0);
      expect(r.stderr).to.match(/unsupported\.ts:4:3 - error TS70007: .*`with` statement/);
    });
  }

  for (const [module, type, expected] of [["commonjs", "module", "object"], ["esnext", "commonjs", "undefined"]] as const) {
    it(`honours "module": "${module}" in a "type": "${type}" package (typeof module is ${expected})`, () => {
      const dir = scratch(`register-${module}`, {
        "package.json": JSON.stringify({ name: "app", type }),
        "tsconfig.json": JSON.stringify({ compilerOptions: { target: "es2022", module, moduleResolution: "bundler", strict: true, plugins: [{ transform: "stackless/transformer" }] } }),
        "summer.ts": SUMMER_TS,
        "main.ts": `import { summer } from "./summer.js";\ndeclare const module: unknown;\nconsole.log(summer.resume(5), typeof module);\n`,
      });
      const r = run(process.execPath, ["--import", "stackless/register", "main.ts"], dir, env);
      expect(r.stderr).to.equal("");
      expect(r.stdout).to.equal(`5 ${expected}\n`);
    });
  }

  it("caches on disk by content and configuration: a second start reuses it, an edit adds an entry", () => {
    const own = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-register-own-cache-"));
    const count = () => fs.readdirSync(own, { recursive: true }).filter((f) => String(f).endsWith(".json")).length;
    const start = () => run(process.execPath, ["--import", "stackless/register", "main.ts"], projects.commonjs, { STACKLESS_CACHE_DIR: own });
    expect(start().stdout).to.equal("5 9 12 Add LOUD\n");
    const entries = count();
    expect(entries).to.equal(3); // main, summer, shout
    expect(start().stdout).to.equal("5 9 12 Add LOUD\n");
    expect(count()).to.equal(entries);
    // A cache entry is what runs: edit it and the edit shows (proves the second start read it).
    const shoutEntry = fs.readdirSync(own, { recursive: true }).map(String).filter((f) => f.endsWith(".json")).map((f) => path.join(own, f)).find((f) => fs.readFileSync(f, "utf8").includes("LOUD"))!;
    fs.writeFileSync(shoutEntry, fs.readFileSync(shoutEntry, "utf8").replace("LOUD", "CACHED"));
    expect(start().stdout).to.equal("5 9 12 Add CACHED\n");
    // Changing the configuration (the tsconfig text) misses the cache.
    const tsconfig = path.join(projects.commonjs, "tsconfig.json");
    const before = fs.readFileSync(tsconfig, "utf8");
    fs.writeFileSync(tsconfig, before.replace("// JSONC, as tsc reads it", "// edited"));
    try {
      expect(start().stdout).to.equal("5 9 12 Add LOUD\n");
      expect(count()).to.equal(entries * 2);
    } finally {
      fs.writeFileSync(tsconfig, before);
    }
  });
});
