/**
 * A TypeScript 7 project as a user makes one: `npm install typescript@7 <packed stackless>` with
 * no flags, TypeScript 7's tsc type-checks it, `stackless transform` and the loader (on
 * stackless's bundled TypeScript 6) produce output that runs (the TypeScript output built by
 * TypeScript 7's tsc), and `stackless lsp` serves a real
 * LSP client beside TypeScript 7's own `tsc --lsp --stdio` for the same files.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { applyTextEdits, LspClient } from "../support/lsp-client";
import { REPO, run, SUMMER_TS } from "./scratch";

const MAIN_TS = `declare const console: { log(...values: unknown[]): void };
import { summer } from "./summer.js";
console.log(summer.resume(5), summer.resume(4), summer.resume(3), summer.state);
`;
const EXPECTED = "5 9 12 Add\n";
const DUPLICATE_TS = `import { coroutine, yield_ } from "stackless";

export const twice = coroutine((n: number) => {
  Same: n += yield_<number>(n);
  Same: n += yield_<number>(n);
  return n;
});
`;
// One yield_, no loop: the third resume certainly runs past Done (70001).
const THRICE_TS = `import { coroutine, yield_ } from "stackless";

const once = coroutine((x: number) => { yield_<number>(x); return 0; });
once.resume(1);
once.resume(2);
once.resume(3);
`;
// A parameterless body: the first resume's argument is dropped (70002, with a fix).
const IGNORED_TS = `import { coroutine, yield_ } from "stackless";

const c = coroutine(() => { for (;;) yield_<number>(0); });
c.resume(5);
c.resume(6);
`;
const TYPE_ERROR_TS = `export const n: number = "not a number";\n`;
const TSCONFIG = `{
  "compilerOptions": {
    "target": "es2022", "module": "nodenext", "strict": true, "skipLibCheck": true, "noEmit": true,
    "lib": ["es2022", "esnext.disposable"], "types": [],
    // TypeScript 7 runs no plugins; the loader reads the transform entry, and state labels need this (TS7028).
    "allowUnusedLabels": true,
    "plugins": [{ "transform": "stackless/transformer" }]
  },
  "include": ["src"]
}
`;

function npm(args: string[], cwd: string): string {
  return execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("a TypeScript 7 project with the packed package", function () {
  this.timeout(600_000);
  let root = "";
  const bin = (name: string) => path.join(root, "node_modules/.bin", name);
  before(() => {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-pack7-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dest], REPO)) as { filename: string }[];
    root = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-ts7-"));
    fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "scratch7", private: true, type: "module" }));
    // Plain `npm install`, no --legacy-peer-deps: typescript is an optional peer of stackless.
    npm(["install", "--no-audit", "--no-fund", "--prefer-offline", "typescript@~7.0.2", path.join(dest, packed[0].filename)], root);
    fs.writeFileSync(path.join(root, "tsconfig.json"), TSCONFIG);
    for (const [file, text] of Object.entries({ "src/summer.ts": SUMMER_TS, "src/main.ts": MAIN_TS, "src/twice.ts": DUPLICATE_TS, "src/typed.ts": TYPE_ERROR_TS, "src/thrice.ts": THRICE_TS, "src/ignored.ts": IGNORED_TS })) {
      fs.mkdirSync(path.dirname(path.join(root, file)), { recursive: true });
      fs.writeFileSync(path.join(root, file), text);
    }
  });

  it("installed TypeScript 7, whose package has no JavaScript compiler API", () => {
    const version = JSON.parse(fs.readFileSync(path.join(root, "node_modules/typescript/package.json"), "utf8")).version as string;
    expect(version).to.match(/^7\.0\./);
    expect(run(bin("tsc"), ["--version"], root).stdout).to.contain("Version 7.0.");
  });

  it("TypeScript 7's tsc type-checks the markers (its only error is the file that has one)", () => {
    const checked = run(bin("tsc"), ["-p", "."], root);
    expect(checked.stdout.trim().split("\n")).to.deep.equal([`src/typed.ts(1,14): error TS2322: Type 'string' is not assignable to type 'number'.`]);
  });

  it("stackless init sets allowUnusedLabels: true (and once), and tsc 7 then accepts state labels", () => {
    const dir = path.join(root, "fresh");
    fs.mkdirSync(path.join(dir, "src"), { recursive: true });
    fs.writeFileSync(path.join(dir, "tsconfig.json"), `{\n  "compilerOptions": { "strict": true, "noEmit": true, "allowUnusedLabels": false, "module": "nodenext", "types": [] },\n  "include": ["src"]\n}\n`);
    fs.writeFileSync(path.join(dir, "src/summer.ts"), SUMMER_TS);
    expect(run(bin("tsc"), ["-p", "."], dir).stdout).to.contain("error TS7028: Unused label.");
    const first = run(bin("stackless"), ["init"], dir);
    expect(first.status).to.equal(0);
    expect(first.stdout).to.contain('set "allowUnusedLabels": true');
    const written = fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8");
    expect(run(bin("stackless"), ["init"], dir).stdout).to.not.contain("allowUnusedLabels");
    expect(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).to.equal(written);
    const checked = run(bin("tsc"), ["-p", "."], dir);
    expect(checked.stdout + checked.stderr).to.equal("");
    expect(checked.status).to.equal(0);
  });

  it("stackless transform --js writes JavaScript that runs (on the bundled TypeScript 6)", () => {
    const js = run(bin("stackless"), ["transform", "src/summer.ts", "src/main.ts", "--js", "--out-dir", "pre"], root);
    expect(js.stderr).to.equal("");
    expect(js.status).to.equal(0);
    expect(run(process.execPath, ["pre/main.js"], root).stdout).to.equal(EXPECTED);
  });

  it("TypeScript 7's tsc type-checks stackless transform's TypeScript output (strict), which then runs", () => {
    const ts = run(bin("stackless"), ["transform", "src/summer.ts", "src/main.ts", "--out-dir", "gen"], root);
    expect(ts.stderr).to.equal("");
    expect(ts.status).to.equal(0);
    expect(fs.readFileSync(path.join(root, "gen/summer.ts"), "utf8")).to.contain("class SummerCoroutine");
    // The project's own settings (strict, nodenext), over the generated folder.
    fs.writeFileSync(path.join(root, "gen/tsconfig.json"), JSON.stringify({ extends: "../tsconfig.json", compilerOptions: { noEmit: false, outDir: "../gen-out" }, include: ["."] }));
    const checked = run(bin("tsc"), ["-p", "gen"], root);
    expect(checked.stdout + checked.stderr).to.equal("");
    expect(checked.status).to.equal(0);
    expect(run(process.execPath, ["gen-out/main.js"], root).stdout).to.equal(EXPECTED);
  });

  it("the compiled program loads no compiler at run time (the bundled TypeScript 6 is for the tools)", () => {
    const r = run(process.execPath, ["--input-type=commonjs", "-e", `require("stackless"); console.log(Object.keys(require.cache).filter((f) => /typescript/.test(f)).length)`], root);
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal("0\n");
  });

  it("stackless transform fails on a misuse file, naming the code", () => {
    const r = run(bin("stackless"), ["transform", "src/twice.ts"], root);
    expect(r.status).to.equal(1);
    expect(r.stderr).to.contain("error TS70008");
  });

  it("stackless check -p . (on the bundled TypeScript 6) reports 70001 on the third resume and exits 1", () => {
    const r = run(bin("stackless"), ["check", "-p", ".", "--pretty", "false"], root);
    expect(r.stdout).to.contain("src/thrice.ts(6,1): error TS70001");
    expect(r.stdout).to.contain("src/twice.ts(5,");
    expect(r.stdout).to.contain("src/ignored.ts(4,10): warning TS70002");
    expect(r.status).to.equal(1);
    const json = JSON.parse(run(bin("stackless"), ["check", "-p", ".", "--format", "json"], root).stdout) as { code: number }[];
    expect(json.map((d) => d.code).sort()).to.deep.equal([70001, 70002, 70008]);
  });

  it("node --import stackless/register runs src/main.ts", () => {
    const r = run(process.execPath, ["--import", "stackless/register", "src/main.ts"], root, { STACKLESS_CACHE_DIR: "0" });
    expect(r.stderr).to.equal("");
    expect(r.stdout).to.equal(EXPECTED);
  });

  it("stackless lsp and TypeScript 7's tsc --lsp serve one LSP client for the same files, each its own findings", async () => {
    const stackless = new LspClient(bin("stackless"), ["lsp", "--stdio"], root, { pull: true });
    const typescript = new LspClient(bin("tsc"), ["--lsp", "--stdio"], root, { pull: true });
    try {
      await stackless.initialize(root);
      await typescript.initialize(root);
      const files = ["src/twice.ts", "src/summer.ts", "src/typed.ts"].map((f) => path.join(root, f));
      for (const file of files) for (const client of [stackless, typescript]) await client.open(file, fs.readFileSync(file, "utf8"));
      const [twice, summer, typed] = files;
      expect((await stackless.pull(twice)).map((d) => [d.code, d.source, d.range.start.line])).to.deep.equal([[70008, "stackless", 4]]);
      expect(await stackless.pull(summer)).to.deep.equal([]);
      // TypeScript's own error is TypeScript 7's to report, not stackless's.
      expect(await stackless.pull(typed)).to.deep.equal([]);
      expect((await typescript.pull(typed)).map((d) => d.code)).to.deep.equal([2322]);
      expect(await typescript.pull(twice)).to.deep.equal([]);
      const thrice = path.join(root, "src/thrice.ts");
      await stackless.open(thrice, THRICE_TS);
      expect((await stackless.pull(thrice)).map((d) => [d.code, d.range.start.line])).to.deep.equal([[70001, 5]]);
      // A code action applied: the 70002 fix removes the ignored argument, and the file is then clean.
      const ignored = path.join(root, "src/ignored.ts");
      await stackless.open(ignored, IGNORED_TS);
      const [warning] = await stackless.pull(ignored);
      expect(warning.code).to.equal(70002);
      const actions = (await stackless.codeActions(ignored, warning)) ?? [];
      expect(actions.map((a) => a.title)).to.deep.equal(["Remove the ignored first input"]);
      const fixed = applyTextEdits(IGNORED_TS, Object.values(actions[0].edit!.changes!)[0]);
      expect(fixed).to.contain("c.resume();\nc.resume(6);");
      await stackless.change(ignored, fixed);
      expect(await stackless.pull(ignored)).to.deep.equal([]);
      const hover = await stackless.hover(summer, 5, SUMMER_TS.split("\n")[5].indexOf("yield_") + 1);
      expect((hover!.contents as { value: string }).value).to.contain("Add");
    } finally {
      expect(await stackless.stop()).to.equal(0);
      await typescript.stop();
    }
  });
});
