/**
 * ts-jest and webpack + ts-loader, run for real, each two ways: through the adapters
 * (stackless/ts-jest, stackless/ts-loader) and with `compiler: "ts-patch/compiler"` reading the
 * tsconfig's plugin entries. A jest suite that uses coroutines passes, a webpack bundle runs, and
 * a 70007 body makes each end red instead of a silent green with markers left in place.
 */
import { expect } from "chai";
import * as path from "path";
import { run, runBin, scratch, SUMMER_TS, UNSUPPORTED_TS } from "./scratch";

const COMPILER_OPTIONS = { target: "es2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true, types: [] };
// The adapters and ts-patch's compiler alike: tsc-style, with the file and its (line,col).
const TS_70007 = /unsupported\.ts\(4,3\): error TS70007: stackless cannot compile this coroutine\(\) body/;

/** How stackless gets into the tool: its adapter module, or ts-patch's compiler with the tsconfig's `transform` entry. */
interface Variant {
  title: string;
  tsconfig: string;
  /** ts-jest's options (the transform entry's second element). */
  tsJest: string;
  /** ts-loader's options. */
  tsLoader: string;
  tools: readonly string[];
}

const VARIANTS: readonly Variant[] = [
  {
    title: "the adapters stackless/ts-jest and stackless/ts-loader",
    tsconfig: JSON.stringify({ compilerOptions: COMPILER_OPTIONS }),
    tsJest: `{ isolatedModules: true, astTransformers: { before: [require.resolve("stackless/ts-jest")] } }`,
    tsLoader: `{ transpileOnly: true, getCustomTransformers: require.resolve("stackless/ts-loader") }`,
    tools: [],
  },
  {
    // ts-jest type-checks here (its language service), as it does by default.
    title: `compiler: "ts-patch/compiler" with the tsconfig's transform entry`,
    tsconfig: JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, plugins: [{ transform: "stackless/transformer" }] } }),
    tsJest: `{ compiler: "ts-patch/compiler" }`,
    // Only the files of the bundle: the program of the whole folder would hold the other build's files.
    tsLoader: `{ compiler: "ts-patch/compiler", onlyCompileBundledFiles: true }`,
    tools: ["ts-patch"],
  },
];

describe("ts-jest and webpack + ts-loader", function () {
  this.timeout(240_000);

  for (const variant of VARIANTS) {
    describe(`jest + ts-jest, ${variant.title}`, () => {
      let dir = "";
      before(() => {
        dir = scratch("ts-jest", {
          "package.json": JSON.stringify({ name: "app" }),
          "tsconfig.json": variant.tsconfig,
          "jest.config.js": `module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\\\.ts$": ["ts-jest", ${variant.tsJest}] },
};
`,
          "src/summer.ts": SUMMER_TS,
          "src/summer.test.ts": `import { expect, test } from "@jest/globals";\nimport { summer } from "./summer";\ntest("sums", () => {\n  expect([summer.resume(5), summer.resume(4), summer.state]).toEqual([5, 9, "Add"]);\n});\n`,
          "bad/unsupported.ts": UNSUPPORTED_TS,
          "bad/unsupported.test.ts": `import { expect, test } from "@jest/globals";\nimport { broken } from "./unsupported";\ntest("never runs green", () => {\n  expect(broken).toBeDefined();\n});\n`,
        }, ["jest", "ts-jest", "@jest/globals", "typescript", ...variant.tools]);
      });
      it("a coroutine suite passes", () => {
        const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "src"], dir);
        expect(r.stderr).to.match(/Tests:\s+1 passed, 1 total/);
        expect(r.status).to.equal(0);
      });
      it("a suite with a 70007 body fails with the stackless message", () => {
        const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "bad"], dir);
        expect(r.status).to.not.equal(0);
        expect(r.stderr).to.contain("Test suite failed to run");
        expect(r.stderr).to.match(TS_70007);
      });
    });

    describe(`webpack + ts-loader, ${variant.title}`, () => {
      let dir = "";
      const config = (entry: string) => `module.exports = {
  mode: "production", target: "node", entry: "./${entry}", devtool: "source-map",
  output: { path: __dirname + "/out-${path.basename(path.dirname(entry))}", filename: "main.js" },
  resolve: { extensions: [".ts", ".js"] },
  externals: { stackless: "commonjs stackless" },
  module: { rules: [{ test: /\\.ts$/, loader: "ts-loader", options: ${variant.tsLoader} }] },
};
`;
      before(() => {
        dir = scratch("webpack", {
          "package.json": JSON.stringify({ name: "app" }),
          "tsconfig.json": variant.tsconfig,
          // webpack's Node API (its CLI is a separate package): exit 1 when the compilation has errors.
          "build.js": `const webpack = require("webpack");
webpack(require(process.argv[2]), (error, stats) => {
  if (error) throw error;
  console.log(stats.toString({ colors: false, errors: true, modules: false, assets: false }));
  process.exitCode = stats.hasErrors() ? 1 : 0;
});
`,
          "webpack.good.js": config("src/main.ts"),
          "webpack.bad.js": config("bad/main.ts"),
          "src/summer.ts": SUMMER_TS,
          "src/main.ts": `import { summer } from "./summer";\nconsole.log(summer.resume(5), summer.resume(4), summer.resume(3), summer.state);\n`,
          "bad/unsupported.ts": UNSUPPORTED_TS,
          "bad/main.ts": `import { broken } from "./unsupported";\nconsole.log(broken);\n`,
        }, ["webpack", "ts-loader", "typescript", ...variant.tools]);
      });
      it("builds a bundle that runs", () => {
        const built = run(process.execPath, ["build.js", "./webpack.good.js"], dir);
        expect(built.status, built.stdout + built.stderr).to.equal(0);
        expect(run(process.execPath, ["out-src/main.js"], dir).stdout).to.equal("5 9 12 Add\n");
      });
      it("a 70007 body fails the build with the stackless message", () => {
        const built = run(process.execPath, ["build.js", "./webpack.bad.js"], dir);
        expect(built.status).to.not.equal(0);
        expect(built.stdout + built.stderr).to.match(TS_70007);
      });
    });
  }

  // What `stackless init` writes: both entries. ts-jest fails a test file on any warning of the
  // type checker's list, where tspc prints stackless's warnings and builds past them.
  describe(`jest + ts-jest, compiler: "ts-patch/compiler" with the transform and transformProgram entries`, () => {
    let dir = "";
    before(() => {
      const plugins = [{ transform: "stackless/transformer" }, { transform: "stackless/transformer", import: "transformProgram", transformProgram: true }];
      dir = scratch("ts-jest-program", {
        "package.json": JSON.stringify({ name: "app" }),
        "tsconfig.json": JSON.stringify({ compilerOptions: { ...COMPILER_OPTIONS, plugins } }),
        "jest.config.js": `module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\\\.ts$": ["ts-jest", { compiler: "ts-patch/compiler" }] },
};
`,
        "src/summer.ts": SUMMER_TS,
        // 70005 (a warning): the end is reachable, the resume that reaches it outputs undefined.
        "src/ends.ts": `import { coroutine, yield_ } from "stackless";\nexport const ends = coroutine((x: number) => {\n  yield_<number>(x);\n});\n`,
        "src/summer.test.ts": `import { expect, test } from "@jest/globals";\nimport { summer } from "./summer";\nimport { ends } from "./ends";\ntest("sums", () => {\n  expect([summer.resume(5), summer.resume(4), ends.resume(1), ends.resume(2)]).toEqual([5, 9, 1, undefined]);\n});\n`,
        "bad/unsupported.ts": UNSUPPORTED_TS,
        "bad/unsupported.test.ts": `import { expect, test } from "@jest/globals";\nimport { broken } from "./unsupported";\ntest("never runs green", () => {\n  expect(broken).toBeDefined();\n});\n`,
      }, ["jest", "ts-jest", "@jest/globals", "typescript", "ts-patch"]);
    });
    it("a coroutine suite with a stackless warning (70005) passes", () => {
      const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "src"], dir);
      expect(r.stderr, r.stderr).to.match(/Tests:\s+1 passed, 1 total/);
      expect(r.status).to.equal(0);
    });
    it("a suite with a 70007 body fails with the stackless message", () => {
      const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "bad"], dir);
      expect(r.status).to.not.equal(0);
      expect(r.stderr).to.contain("Test suite failed to run");
      expect(r.stderr).to.match(TS_70007);
    });
  });
});
