/**
 * ts-jest (through stackless/ts-jest) and webpack + ts-loader (through stackless/ts-loader), run
 * for real: a jest suite that uses coroutines passes, a webpack bundle runs, and a 70007 body
 * makes each end red instead of a silent green with a refused body in the output.
 */
import { expect } from "chai";
import * as path from "path";
import { run, runBin, scratch, SUMMER_TS, UNSUPPORTED_TS } from "./scratch";

const TSCONFIG = JSON.stringify({ compilerOptions: { target: "es2022", module: "commonjs", strict: true, esModuleInterop: true, skipLibCheck: true, types: [] } });

describe("ts-jest and webpack + ts-loader", function () {
  this.timeout(240_000);

  describe("jest + ts-jest with stackless/ts-jest", () => {
    let dir = "";
    before(() => {
      dir = scratch("ts-jest", {
        "package.json": JSON.stringify({ name: "app" }),
        "tsconfig.json": TSCONFIG,
        "jest.config.js": `module.exports = {
  testEnvironment: "node",
  transform: { "^.+\\\\.ts$": ["ts-jest", { isolatedModules: true, astTransformers: { before: [require.resolve("stackless/ts-jest")] } }] },
};
`,
        "src/summer.ts": SUMMER_TS,
        "src/summer.test.ts": `import { expect, test } from "@jest/globals";\nimport { summer } from "./summer";\ntest("sums", () => {\n  expect([summer.resume(5), summer.resume(4), summer.state]).toEqual([5, 9, "Add"]);\n});\n`,
        "bad/unsupported.ts": UNSUPPORTED_TS,
        "bad/unsupported.test.ts": `import { expect, test } from "@jest/globals";\nimport { broken } from "./unsupported";\ntest("never runs green", () => {\n  expect(broken).toBeDefined();\n});\n`,
      }, ["jest", "ts-jest", "@jest/globals", "typescript"]);
    });
    it("a coroutine suite passes", () => {
      const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "src"], dir);
      expect(r.stderr).to.match(/Tests:\s+1 passed, 1 total/);
      expect(r.status).to.equal(0);
    });
    it("a suite with a 70007 body fails with the stackless message", () => {
      const r = runBin("jest", "bin/jest.js", ["--ci", "--no-cache", "bad"], dir);
      expect(r.status).to.not.equal(0);
      // The adapter is transformer() without onDiagnostic: StacklessDiagnosticsError, tsc-style with file(line,col).
      expect(r.stderr).to.match(/unsupported\.ts\(4,3\): error TS70007: stackless cannot compile this coroutine\(\) body/);
    });
  });

  describe("webpack + ts-loader with stackless/ts-loader", () => {
    let dir = "";
    const config = (entry: string) => `module.exports = {
  mode: "production", target: "node", entry: "./${entry}", devtool: "source-map",
  output: { path: __dirname + "/out-${path.basename(path.dirname(entry))}", filename: "main.js" },
  resolve: { extensions: [".ts", ".js"] },
  externals: { stackless: "commonjs stackless" },
  module: { rules: [{ test: /\\.ts$/, loader: "ts-loader", options: { transpileOnly: true, getCustomTransformers: require.resolve("stackless/ts-loader") } }] },
};
`;
    before(() => {
      dir = scratch("webpack", {
        "package.json": JSON.stringify({ name: "app" }),
        "tsconfig.json": TSCONFIG,
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
      }, ["webpack", "ts-loader", "typescript"]);
    });
    it("builds a bundle that runs", () => {
      const built = run(process.execPath, ["build.js", "./webpack.good.js"], dir);
      expect(built.status, built.stdout + built.stderr).to.equal(0);
      expect(run(process.execPath, ["out-src/main.js"], dir).stdout).to.equal("5 9 12 Add\n");
    });
    it("a 70007 body fails the build with the stackless message", () => {
      const built = run(process.execPath, ["build.js", "./webpack.bad.js"], dir);
      expect(built.status).to.not.equal(0);
      expect(built.stdout + built.stderr).to.match(/unsupported\.ts\(4,3\): error TS70007: stackless cannot compile this coroutine\(\) body/);
    });
  });
});
