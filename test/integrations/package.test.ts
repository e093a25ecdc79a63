/**
 * The packed package as a user gets it: `npm pack`, `npm install` of the tarball into scratch
 * projects (CommonJS and ESM) beside TypeScript 6.0 + ts-patch 4 and TypeScript 5.9 +
 * ts-patch 3, built with tspc, run through the loader, and through `npx stackless transform`,
 * and the project's own tsserver reporting stackless's diagnostics with the plugin resolved
 * from node_modules.
 */
import { expect } from "chai";
import { execFileSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { TsServer } from "../language-service/tsserver";
import { REPO, run, SUMMER_TS } from "./scratch";

const MAIN_TS = `declare const console: { log(...values: unknown[]): void };
import { summer } from "./summer.js";
import { coroutine } from "stackless";
console.log(summer.resume(5), summer.resume(4), summer.resume(3), summer.state, typeof coroutine);
`;
const EXPECTED = "5 9 12 Add function\n";

// One yield_, no loop: the third resume runs past Done (70001).
const THRICE_TS = `import { coroutine, yield_ } from "stackless";

const once = coroutine((x: number) => { yield_<number>(x); return 0; });
once.resume(1);
once.resume(2);
once.resume(3);
`;
const EDITOR_TSCONFIG = JSON.stringify({ compilerOptions: { target: "es2022", module: "commonjs", strict: true, skipLibCheck: true, types: [], plugins: [{ name: "stackless/language-service" }] } });

const TOOLCHAINS = [
  { typescript: "~6.0.3", tsPatch: "^4.0.1" },
  { typescript: "~5.9.3", tsPatch: "^3.3.0" },
];

function tsconfig(module: "node16" | "nodenext"): string {
  return `{
  "compilerOptions": {
    "target": "es2022", "module": "${module}", "strict": true, "skipLibCheck": true,
    "lib": ["es2022", "esnext.disposable"], "types": [], "rootDir": "src", "outDir": "out",
    "plugins": [{ "transform": "stackless/transformer" }]
  },
  "include": ["src"]
}
`;
}

function npm(args: string[], cwd: string): string {
  return execFileSync(process.platform === "win32" ? "npm.cmd" : "npm", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] });
}

describe("the packed package, installed with npm", function () {
  this.timeout(600_000);
  let tarball = "";
  before(() => {
    const dest = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-pack-"));
    const packed = JSON.parse(npm(["pack", "--json", "--pack-destination", dest], REPO)) as { filename: string; files: { path: string }[] }[];
    tarball = path.join(dest, packed[0].filename);
    files = packed[0].files.map((f) => f.path);
  });
  let files: string[] = [];

  it("holds declarations with their maps, the bin and the integrations, and no tests or benches", () => {
    expect(files).to.include.members(["dist/runtime/index.d.ts", "dist/runtime/index.d.ts.map", "dist/transformer/index.d.ts", "dist/cli/index.js", "dist/integrations/register.js", "dist/integrations/register-hooks.mjs", "runtime/index.ts"]);
    expect(files.filter((f) => /(^|\/)(test|bench|samples)\//.test(f))).to.deep.equal([]);
  });

  for (const toolchain of TOOLCHAINS) {
    describe(`TypeScript ${toolchain.typescript} with ts-patch ${toolchain.tsPatch}`, () => {
      let root = "";
      before(() => {
        root = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-install-"));
        fs.writeFileSync(path.join(root, "package.json"), JSON.stringify({ name: "scratch", private: true }));
        // One install per toolchain, shared by the CommonJS and ESM projects below it.
        npm(["install", "--no-audit", "--no-fund", "--prefer-offline", `typescript@${toolchain.typescript}`, `ts-patch@${toolchain.tsPatch}`, tarball], root);
        for (const [name, type, module] of [["cjs", "commonjs", "node16"], ["esm", "module", "nodenext"]] as const) {
          fs.mkdirSync(path.join(root, name, "src"), { recursive: true });
          fs.writeFileSync(path.join(root, name, "package.json"), JSON.stringify({ name, type }));
          fs.writeFileSync(path.join(root, name, "tsconfig.json"), tsconfig(module));
          fs.writeFileSync(path.join(root, name, "src/summer.ts"), SUMMER_TS);
          fs.writeFileSync(path.join(root, name, "src/main.ts"), MAIN_TS);
        }
      });
      const bin = (name: string) => path.join(root, "node_modules/.bin", name);

      for (const name of ["cjs", "esm"]) {
        it(`${name}: tspc builds it and node runs the output`, () => {
          const dir = path.join(root, name);
          const built = run(bin("tspc"), ["-p", "."], dir);
          expect(built.stdout + built.stderr).to.equal("");
          expect(built.status).to.equal(0);
          expect(fs.existsSync(path.join(dir, "out/summer.js"))).to.equal(true);
          expect(run(process.execPath, ["out/main.js"], dir).stdout).to.equal(EXPECTED);
        });
        for (const flag of ["--import", "--require"]) {
          it(`${name}: node ${flag} stackless/register runs src/main.ts`, () => {
            const r = run(process.execPath, [flag, "stackless/register", "src/main.ts"], path.join(root, name));
            expect(r.stderr).to.equal("");
            expect(r.stdout).to.equal(EXPECTED);
          });
        }
      }

      it("npx stackless transform writes the classes, TypeScript and --js", () => {
        const dir = path.join(root, "cjs");
        const ts = run(bin("stackless"), ["transform", "src/summer.ts"], dir);
        expect(ts.status).to.equal(0);
        expect(ts.stdout).to.contain("class SummerCoroutine extends __stackless.CoroutineMachine");
        const js = run(bin("stackless"), ["transform", "src", "--js", "--out-dir", "pre"], dir);
        expect(js.status, js.stderr).to.equal(0);
        expect(run(process.execPath, ["pre/main.js"], dir).stdout).to.equal(EXPECTED);
      });

      it("the project's tsserver loads stackless/language-service from node_modules and reports 70001", async () => {
        const dir = path.join(root, "editor");
        fs.mkdirSync(dir, { recursive: true });
        fs.writeFileSync(path.join(dir, "tsconfig.json"), EDITOR_TSCONFIG);
        const server = new TsServer(root, path.join(root, "tsserver.log"));
        try {
          const file = path.join(dir, "thrice.ts");
          await server.open(file, THRICE_TS);
          const found = await server.body<{ code: number; source?: string; start: { line: number } }[]>("semanticDiagnosticsSync", { file });
          expect(found.map((d) => [d.code, d.source, d.start.line])).to.deep.equal([[70001, "stackless", 6]]);
          expect(server.log()).to.contain("stackless: language service plugin loaded");
        } finally {
          server.close();
        }
      });
    });
  }
});
