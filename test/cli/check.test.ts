/**
 * The build and `stackless check` on a fixture project with misuse, with the real tools: `tspc -p`
 * (ts-patch 4, both plugin entries) prints every stackless diagnostic with file(line,col), once,
 * and fails; `stackless check` (the bin, as a process) prints the same in tsc's format or as
 * JSON, applies the severity options and `// @stackless-ignore`; clean projects pass both.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
const tspc = path.join(repoRoot, "node_modules/ts-patch/bin/tspc.js");
const bin = path.join(repoRoot, "dist/cli/index.js");
const transformerEntry = path.join(repoRoot, "dist/transformer/index.js");
const scratchRoot = path.join(repoRoot, "dist/test/scratch-check");

const MISUSE = `import { coroutine, yield_ } from "stackless";

export function run(): number {
  const c = coroutine((x: number) => {
    yield_<number>(x);
    return 2;
  });
  c.resume(1);
  c.resume(2);
  return c.resume(3);
}

export function lazy(): void {
  const unused = coroutine(() => 1);
}

export const ends = coroutine((x: number) => {
  yield_<number>(x);
});
`;

// The diagnostics of MISUSE, as tsc prints them (file names relative to the project).
const EXPECTED = [
  "src/misuse.ts(10,10): error TS70001",
  "src/misuse.ts(14,9): warning TS70006",
  "src/misuse.ts(19,1): warning TS70005",
];

const CLEAN = `import { coroutine, yield_ } from "stackless";

export function run(): number {
  const c = coroutine((x: number) => {
    const y = yield_<number>(x);
    return x + y;
  });
  c.resume(1);
  return c.resume(2);
}
`;

function project(files: Record<string, string>, pluginOptions: object = {}): string {
  fs.mkdirSync(scratchRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(scratchRoot, "p-"));
  fs.mkdirSync(path.join(dir, "src"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "src", name), text);
  // A base config the project extends, as real projects often do.
  fs.writeFileSync(path.join(dir, "tsconfig.base.json"), JSON.stringify({ compilerOptions: { target: "es2022", module: "node16", moduleResolution: "node16", strict: true, types: [] } }));
  const tsconfig = {
    extends: "./tsconfig.base.json",
    compilerOptions: {
      rootDir: "src",
      outDir: "out",
      plugins: [
        { transform: transformerEntry, ...pluginOptions },
        { transform: transformerEntry, import: "transformProgram", transformProgram: true },
      ],
    },
    include: ["src"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return dir;
}

function run(command: string, args: string[], cwd: string): { status: number | null; output: string } {
  const r = spawnSync(process.execPath, [command, ...args], { cwd, encoding: "utf8" });
  if (r.error) throw r.error;
  return { status: r.status, output: (r.stdout + r.stderr).trim() };
}

/** `file(line,col): severity TScode` of each diagnostic line. */
const heads = (output: string) =>
  output
    .split("\n")
    .map((l) => /^(\S+\(\d+,\d+\): \w+ TS\d+)/.exec(l)?.[1])
    .filter(Boolean);

describe("stackless check and tspc on a fixture project", function () {
  this.timeout(120_000);
  after(() => fs.rmSync(scratchRoot, { recursive: true, force: true }));

  it("tspc -p prints every stackless diagnostic once, with file(line,col), and exits non-zero", () => {
    const dir = project({ "misuse.ts": MISUSE });
    const r = run(tspc, ["-p", ".", "--pretty", "false"], dir);
    expect(heads(r.output)).to.deep.equal(EXPECTED);
    expect(r.status).to.not.equal(0);
    const noEmit = run(tspc, ["-p", ".", "--pretty", "false", "--noEmit"], dir);
    expect(heads(noEmit.output)).to.deep.equal(EXPECTED);
    expect(noEmit.status).to.not.equal(0);
  });

  it("tspc -p on a clean project prints nothing and exits 0", () => {
    const r = run(tspc, ["-p", ".", "--pretty", "false"], project({ "clean.ts": CLEAN }));
    expect(r.output).to.equal("");
    expect(r.status).to.equal(0);
  });

  it("stackless check prints the same in tsc's format and exits 1 on an error; 0 on a clean project", () => {
    const dir = project({ "misuse.ts": MISUSE });
    const r = run(bin, ["check", "-p", "tsconfig.json"], dir);
    expect(heads(r.output)).to.deep.equal(EXPECTED);
    expect(r.output).to.contain("error TS70001: this resume always throws CoroutineError RESUMED_AFTER_COMPLETION");
    expect(r.status).to.equal(1);
    const clean = run(bin, ["check", "-p", "."], project({ "clean.ts": CLEAN }));
    expect(clean).to.deep.equal({ status: 0, output: "" });
  });

  it("--pretty prints tsc's coloured format with the source line", () => {
    const r = run(bin, ["check", "-p", ".", "--pretty"], project({ "misuse.ts": MISUSE }));
    expect(r.output).to.contain("\u001b[");
    expect(r.output).to.contain("return c.resume(3);");
    expect(r.status).to.equal(1);
  });

  it("--format json: one object per diagnostic with file, line, column, code, severity, message, span", () => {
    const dir = project({ "misuse.ts": MISUSE });
    const r = spawnSync(process.execPath, [bin, "check", "-p", ".", "--format", "json"], { cwd: dir, encoding: "utf8" });
    const list = JSON.parse(r.stdout) as { file: string; line: number; column: number; code: number; severity: string; message: string; span: { start: number; length: number } }[];
    expect(list.map((d) => [path.relative(dir, d.file), d.line, d.column, d.code, d.severity])).to.deep.equal([
      ["src/misuse.ts", 10, 10, 70001, "error"],
      ["src/misuse.ts", 14, 9, 70006, "warning"],
      ["src/misuse.ts", 19, 1, 70005, "warning"],
    ]);
    expect(MISUSE.slice(list[0].span.start, list[0].span.start + list[0].span.length)).to.equal("c.resume");
    expect(list[1].message).to.contain("never used");
    expect(r.status).to.equal(1);
  });

  it("applies the plugin entries' severity options and // @stackless-ignore", () => {
    const silenced = MISUSE.replace("  return c.resume(3);", "  // @stackless-ignore 70001\n  return c.resume(3);");
    const r = run(bin, ["check", "-p", "."], project({ "misuse.ts": silenced }, { severity: { "70006": "off", "70005": "error" } }));
    expect(heads(r.output)).to.deep.equal(["src/misuse.ts(20,1): error TS70005"]);
    expect(r.status).to.equal(1);
  });

  it("exits 2 on a tsconfig that cannot be read, and on a bad command line", () => {
    const dir = project({ "clean.ts": CLEAN });
    fs.writeFileSync(path.join(dir, "broken.json"), `{ "compilerOptions": { "target": "nope" } }`);
    expect(run(bin, ["check", "-p", "broken.json"], dir).status).to.equal(2);
    expect(run(bin, ["check", "-p", "missing.json"], dir).status).to.equal(2);
    expect(run(bin, ["check", "--frobnicate"], dir).status).to.equal(2);
    expect(run(bin, ["check", "--help"], dir).output).to.contain("--format json");
  });
});
