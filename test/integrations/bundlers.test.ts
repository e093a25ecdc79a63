/**
 * The bundler plugins and `stackless transform`, run for real: esbuild bundles (through
 * stackless/esbuild, and through `stackless transform` as a pre-step) print what the tspc build
 * prints, rollup builds through stackless/rollup, Vitest runs a coroutine suite through
 * stackless/vite, and a 70007 body fails each of them with the stackless message.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { main } from "../../cli";
import type { CliIO } from "../../cli/command";
import { run, runBin, scratch, SUMMER_TS, UNSUPPORTED_TS } from "./scratch";

const MAIN_TS = `import { summer } from "./summer";
import { generator, yield_ } from "stackless";
const squares = generator(() => { for (let i = 1; i <= 3; i++) yield_(i * i); return "end"; });
console.log(summer.resume(5), summer.resume(4), summer.resume(3), summer.state, [...squares].join(","));
`;

const EXPECTED = "5 9 12 Add 1,4,9\n";

async function transformCli(args: string[], cwd: string): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = "";
  let stderr = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stderr += t), cwd, isTTY: false };
  const code = await main(args, io);
  return { code, stdout, stderr };
}

describe("bundlers and stackless transform", function () {
  this.timeout(180_000);
  let dir = "";
  before(() => {
    dir = scratch("bundlers", {
      "package.json": JSON.stringify({ name: "app", type: "module" }),
      "tsconfig.json": JSON.stringify({
        compilerOptions: { target: "es2022", module: "nodenext", strict: true, types: [], rootDir: "src", outDir: "tspc-out", skipLibCheck: true, plugins: [{ transform: "stackless/transformer" }] },
        include: ["src"],
      }),
      "src/summer.ts": SUMMER_TS,
      "src/main.ts": MAIN_TS.replace('"./summer"', '"./summer.js"'),
      "bad/unsupported.ts": UNSUPPORTED_TS,
      "bad/main.ts": `import { broken } from "./unsupported.js";\nconsole.log(broken);\n`,
    }, ["esbuild", "rollup", "vite", "vitest", "ts-patch", "typescript"]);
  });

  it("the tspc build prints the expected values (the reference for the others)", () => {
    const built = runBin("ts-patch", "bin/tspc.js", ["-p", "."], dir);
    expect(built.stdout + built.stderr).to.equal("");
    const r = run(process.execPath, ["tspc-out/main.js"], dir);
    expect(r.stdout).to.equal(EXPECTED);
  });

  it("stackless transform (TypeScript out) + esbuild bundle prints what the tspc build prints", async () => {
    const t = await transformCli(["transform", "src", "--out-dir", "pre"], dir);
    expect(t.stderr).to.equal("");
    expect(t.code).to.equal(0);
    const summer = fs.readFileSync(path.join(dir, "pre/summer.ts"), "utf8");
    expect(summer).to.contain("class SummerCoroutine extends __stackless.CoroutineMachine");
    expect(summer).to.contain("//# sourceMappingURL=summer.ts.map");
    const map = JSON.parse(fs.readFileSync(path.join(dir, "pre/summer.ts.map"), "utf8"));
    expect(map.sources).to.deep.equal(["../src/summer.ts"]);
    const esbuild = await import("esbuild");
    await esbuild.build({ entryPoints: [path.join(dir, "pre/main.ts")], bundle: true, platform: "node", format: "esm", outfile: path.join(dir, "pre-out/main.mjs"), logLevel: "silent" });
    expect(run(process.execPath, ["pre-out/main.mjs"], dir).stdout).to.equal(EXPECTED);
  });

  it("stackless transform --js -o writes JavaScript (types gone) and its source map", async () => {
    const t = await transformCli(["transform", "src/summer.ts", "--js", "-o", "js-out/summer.js"], dir);
    expect(t.code).to.equal(0);
    const js = fs.readFileSync(path.join(dir, "js-out/summer.js"), "utf8");
    expect(js).to.contain("class SummerCoroutine");
    expect(js).to.not.contain(": number");
    expect(fs.existsSync(path.join(dir, "js-out/summer.js.map"))).to.equal(true);
  });

  it("stackless transform exits 1 with the error tsc-style (file:line:col) and writes nothing", async () => {
    const t = await transformCli(["transform", "bad/unsupported.ts", "-o", "bad-out/unsupported.ts"], dir);
    expect(t.code).to.equal(1);
    expect(t.stderr).to.match(/^bad\/unsupported\.ts:4:3 - error TS70007: stackless cannot compile this coroutine\(\) body: a `with` statement/);
    expect(fs.existsSync(path.join(dir, "bad-out"))).to.equal(false);
  });

  it("stackless/esbuild: the bundle prints what the tspc build prints", async () => {
    const esbuild = await import("esbuild");
    const stackless = (await import("stackless/esbuild" as string)).default;
    await esbuild.build({ entryPoints: [path.join(dir, "src/main.ts")], absWorkingDir: dir, bundle: true, platform: "node", format: "esm", outfile: path.join(dir, "esb-out/main.mjs"), sourcemap: true, plugins: [stackless()], logLevel: "silent" });
    expect(run(process.execPath, ["--enable-source-maps", "esb-out/main.mjs"], dir).stdout).to.equal(EXPECTED);
    const map = JSON.parse(fs.readFileSync(path.join(dir, "esb-out/main.mjs.map"), "utf8"));
    expect(map.sources.some((s: string) => s.endsWith("src/summer.ts"))).to.equal(true);
  });

  it("stackless/esbuild: a 70007 body fails the build with the stackless message", async () => {
    const esbuild = await import("esbuild");
    const stackless = (await import("stackless/esbuild" as string)).default;
    let failure: unknown;
    try {
      await esbuild.build({ entryPoints: [path.join(dir, "bad/main.ts")], absWorkingDir: dir, bundle: true, platform: "node", write: false, plugins: [stackless()], logLevel: "silent" });
    } catch (e) {
      failure = e;
    }
    expect(String((failure as Error)?.message)).to.match(/TS70007: stackless cannot compile this coroutine\(\) body/);
  });

  it("stackless/rollup: builds a bundle that prints the same values", async () => {
    const { rollup } = await import("rollup");
    const stackless = (await import("stackless/rollup" as string)).default;
    const bundle = await rollup({ input: path.join(dir, "src/main.ts"), plugins: [stackless(), resolveTs()], external: ["stackless"], onwarn: () => {} });
    await bundle.write({ file: path.join(dir, "rollup-out/main.mjs"), format: "es" });
    expect(run(process.execPath, ["rollup-out/main.mjs"], dir).stdout).to.equal(EXPECTED);
  });

  it("stackless/rollup: a 70007 body fails the build with the stackless message", async () => {
    const { rollup } = await import("rollup");
    const stackless = (await import("stackless/rollup" as string)).default;
    let failure: unknown;
    try {
      await rollup({ input: path.join(dir, "bad/main.ts"), plugins: [stackless(), resolveTs()], external: ["stackless"], onwarn: () => {} });
    } catch (e) {
      failure = e;
    }
    expect(String((failure as Error)?.message)).to.match(/TS70007: stackless cannot compile this coroutine\(\) body/);
  });

  describe("Vitest through stackless/vite", () => {
    let vdir = "";
    before(() => {
      vdir = scratch("vitest", {
        "package.json": JSON.stringify({ name: "app", type: "module" }),
        "vite.config.ts": `import { defineConfig } from "vitest/config";\nimport stackless from "stackless/vite";\nexport default defineConfig({ plugins: [stackless()], test: { include: [process.env.SUITE ?? "none"] } });\n`,
        "src/summer.ts": SUMMER_TS,
        "src/summer.test.ts": `import { expect, test } from "vitest";\nimport { summer } from "./summer";\ntest("sums", () => {\n  expect([summer.resume(5), summer.resume(4), summer.state]).toEqual([5, 9, "Add"]);\n});\n`,
        "src/unsupported.ts": UNSUPPORTED_TS,
        "src/unsupported.test.ts": `import { expect, test } from "vitest";\nimport { broken } from "./unsupported";\ntest("never runs green", () => {\n  expect(broken).toBeDefined();\n});\n`,
      }, ["vite", "vitest"]);
    });
    it("a coroutine suite passes", () => {
      const r = runBin("vitest", "vitest.mjs", ["run"], vdir, { SUITE: "src/summer.test.ts" });
      expect(r.stdout + r.stderr).to.match(/1 passed/);
      expect(r.status).to.equal(0);
    });
    it("a suite with a 70007 body fails the run with the stackless message", () => {
      const r = runBin("vitest", "vitest.mjs", ["run"], vdir, { SUITE: "src/unsupported.test.ts" });
      expect(r.status).to.not.equal(0);
      expect(r.stdout + r.stderr).to.match(/TS70007: stackless cannot compile this coroutine\(\) body/);
    });
  });
});

/** Rollup resolves no .ts files by itself: `./summer` → `./summer.ts`. */
function resolveTs() {
  return {
    name: "resolve-ts",
    resolveId(source: string, importer?: string) {
      if (!importer || !source.startsWith(".")) return null;
      const base = path.resolve(path.dirname(importer), source.replace(/\.js$/, ""));
      return fs.existsSync(base + ".ts") ? base + ".ts" : null;
    },
  };
}
