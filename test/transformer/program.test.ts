/**
 * The program transformer (`transformProgram`) with the real `tspc` (ts-patch 4, TypeScript 6):
 * stackless's errors fail `--noEmit` and `--noEmitOnError` builds, state labels and a future's
 * context parameter pass `allowUnusedLabels: false` and `noUnusedParameters`, severity options
 * and `// @stackless-ignore` comments apply, and the emitted JavaScript is unchanged.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";

const repoRoot = path.resolve(__dirname, "../../..");
const tspc = path.join(repoRoot, "node_modules/ts-patch/bin/tspc.js");
const transformerEntry = path.join(repoRoot, "dist/transformer/index.js");
const scratchRoot = path.join(repoRoot, "dist/test/scratch-program");

const SOURCE_ENTRY = { transform: transformerEntry };
const PROGRAM_ENTRY = { transform: transformerEntry, import: "transformProgram", transformProgram: true };

interface Build {
  exitCode: number | null;
  output: string;
  /** The .js files written to out/, by name. */
  emitted: Record<string, string>;
}

/** A project in a fresh folder inside this package (so `"stackless"` resolves to dist). */
function project(files: Record<string, string>, compilerOptions: Record<string, unknown>, plugins: object[]): string {
  fs.mkdirSync(scratchRoot, { recursive: true });
  const dir = fs.mkdtempSync(path.join(scratchRoot, "p-"));
  fs.mkdirSync(path.join(dir, "src"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, "src", name), text);
  const tsconfig = {
    compilerOptions: {
      target: "es2022",
      module: "node16",
      moduleResolution: "node16",
      strict: true,
      types: [],
      rootDir: "src",
      outDir: "out",
      ...compilerOptions,
      plugins,
    },
    include: ["src"],
  };
  fs.writeFileSync(path.join(dir, "tsconfig.json"), JSON.stringify(tsconfig, null, 2));
  return dir;
}

function setPlugins(dir: string, plugins: object[]): void {
  const file = path.join(dir, "tsconfig.json");
  const tsconfig = JSON.parse(fs.readFileSync(file, "utf8"));
  tsconfig.compilerOptions.plugins = plugins;
  fs.writeFileSync(file, JSON.stringify(tsconfig, null, 2));
}

function build(dir: string, ...flags: string[]): Build {
  fs.rmSync(path.join(dir, "out"), { recursive: true, force: true });
  const r = spawnSync(process.execPath, [tspc, "-p", dir, "--pretty", "false", ...flags], { encoding: "utf8" });
  if (r.error) throw r.error;
  const outDir = path.join(dir, "out");
  const emitted: Record<string, string> = {};
  if (fs.existsSync(outDir)) {
    for (const f of fs.readdirSync(outDir)) emitted[f] = fs.readFileSync(path.join(outDir, f), "utf8");
  }
  return { exitCode: r.status, output: (r.stdout + r.stderr).trim(), emitted };
}

const count = (text: string, needle: string) => text.split(needle).length - 1;

const REFUSED = `import { coroutine, yield_ } from "stackless";
export const broken = coroutine((x: number = yield_<number>(1)) => x);
`;

// State labels, and a future whose context parameter only the transformer reads.
const LABELLED = `import { coroutine, future, await_, yield_ } from "stackless";
export const summer = coroutine((first: number): number => {
  let sum = first;
  for (;;) {
    Add: sum += yield_<number>(sum);
  }
});
export const later = future((cx) => {
  const n = await_(Promise.resolve(1));
  Both: return n + await_(Promise.resolve(2));
});
`;

const STRICTEST = { allowUnusedLabels: false, noUnusedParameters: true, noUnusedLocals: true, skipLibCheck: false };

/** Two states labelled `Read` (70008), with `ignore` on the line before the second. */
const duplicateLabels = (ignore: string) => `import { coroutine, yield_ } from "stackless";
export const pair = coroutine((a: number) => {
  Read: a = yield_<number>(a);
  ${ignore}
  Read: a = yield_<number>(a);
  return a;
});
`;

describe("transformer/program: transformProgram with the real tspc", function () {
  this.timeout(120_000);
  after(() => fs.rmSync(scratchRoot, { recursive: true, force: true }));

  it("tspc --noEmit fails on a body the transformer refused (70007), reporting it", () => {
    const r = build(project({ "bad.ts": REFUSED }, {}, [SOURCE_ENTRY, PROGRAM_ENTRY]), "--noEmit");
    expect(r.output).to.match(/bad\.ts\(2,\d+\): error TS70007: stackless cannot compile this coroutine\(\) body/);
    expect(r.exitCode).to.not.equal(0);
  });

  it("tspc --noEmitOnError writes nothing when stackless reports an error", () => {
    const dir = project({ "bad.ts": REFUSED, "ok.ts": LABELLED }, {}, [SOURCE_ENTRY, PROGRAM_ENTRY]);
    const r = build(dir, "--noEmitOnError");
    expect(r.output).to.contain("error TS70007");
    expect(r.exitCode).to.not.equal(0);
    expect(r.emitted).to.deep.equal({});
  });

  it("a plain tspc build reports the 70007 once, not once per entry", () => {
    const r = build(project({ "bad.ts": REFUSED }, {}, [SOURCE_ENTRY, PROGRAM_ENTRY]));
    expect(count(r.output, "TS70007")).to.equal(1);
    expect(r.exitCode).to.not.equal(0);
  });

  it("state labels and a future's context pass allowUnusedLabels: false and noUnusedParameters: tspc, tspc --noEmitOnError, tspc --noEmit", () => {
    const dir = project({ "ok.ts": LABELLED }, STRICTEST, [SOURCE_ENTRY, PROGRAM_ENTRY]);
    const plain = build(dir);
    expect(plain.output).to.equal("");
    expect(plain.exitCode).to.equal(0);
    expect(plain.emitted["ok.js"]).to.contain("SummerCoroutine");
    const emitted = build(dir, "--noEmitOnError");
    expect(emitted.output).to.equal("");
    expect(emitted.exitCode).to.equal(0);
    expect(emitted.emitted["ok.js"]).to.contain("SummerCoroutine");
    const checked = build(dir, "--noEmit");
    expect(checked.output).to.equal("");
    expect(checked.exitCode).to.equal(0);
  });

  it("without the program entry, --noEmit misses the 70007 and fails on TS7028 and TS6133 (what the entry is for)", () => {
    const r = build(project({ "bad.ts": REFUSED, "ok.ts": LABELLED }, STRICTEST, [SOURCE_ENTRY]), "--noEmit");
    expect(r.output).to.not.contain("TS70007");
    expect(count(r.output, "error TS7028: Unused label.")).to.equal(2);
    expect(r.output).to.contain("error TS6133: 'cx' is declared but its value is never read.");
    expect(r.exitCode).to.not.equal(0);
  });

  it("keeps TS7028 on labels that name no state and TS6133 on other unused parameters", () => {
    const text =
      LABELLED +
      `export const g = coroutine((x: number) => {
  Outer: for (;;) x = yield_<number>(x);
});
export function plain(unused: number) {
  Loop: for (;;) return 1;
}
`;
    const r = build(project({ "ok.ts": text }, STRICTEST, [SOURCE_ENTRY, PROGRAM_ENTRY]), "--noEmit");
    expect(r.output.split("\n").map((l) => l.replace(/^.*ok\.ts\((\d+),\d+\): error (TS\d+).*$/, "$1 $2"))).to.deep.equal([
      "13 TS7028",
      "15 TS6133",
      "16 TS7028",
    ]);
  });

  it("applies the severity option and // @stackless-ignore comments to what --noEmit reports", () => {
    const off = build(project({ "dup.ts": duplicateLabels("") }, {}, [SOURCE_ENTRY, { ...PROGRAM_ENTRY, severity: { "70008": "off" } }]), "--noEmit");
    expect(off.output).to.equal("");
    expect(off.exitCode).to.equal(0);
    const files = { "silenced.ts": duplicateLabels("// @stackless-ignore 70008"), "other.ts": duplicateLabels("// @stackless-ignore 70003") };
    const ignored = build(project(files, {}, [SOURCE_ENTRY, PROGRAM_ENTRY]), "--noEmit");
    expect(ignored.output.split("\n").map((l) => l.replace(/^.*\/src\/(\w+\.ts)\(.*error (TS\d+).*$/, "$1 $2"))).to.deep.equal(["other.ts TS70008"]);
  });

  // ts-patch hands a source transformer's diagnostics straight to tsc's list (the program's emit
  // never sees them), so only the default export in transformer/index.ts can grade those.
  it("applies the severity option and // @stackless-ignore to what an emitting build reports (the transform entry alone)", () => {
    const off = build(project({ "dup.ts": duplicateLabels("") }, {}, [{ ...SOURCE_ENTRY, severity: { "70008": "off" } }]));
    expect(off.output).to.equal("");
    expect(off.exitCode).to.equal(0);
    const files = { "silenced.ts": duplicateLabels("// @stackless-ignore 70008"), "other.ts": duplicateLabels("// @stackless-ignore 70003") };
    const ignored = build(project(files, {}, [SOURCE_ENTRY]));
    expect(ignored.output.split("\n").map((l) => l.replace(/^.*\/src\/(\w+\.ts)\(.*error (TS\d+).*$/, "$1 $2"))).to.deep.equal(["other.ts TS70008"]);
    expect(ignored.exitCode).to.not.equal(0);
  });

  it("emits the same JavaScript with and without the program entry (the samples)", () => {
    const samples = path.join(repoRoot, "samples");
    const files: Record<string, string> = {};
    for (const f of fs.readdirSync(samples).filter((f) => f.endsWith(".ts"))) files[f] = fs.readFileSync(path.join(samples, f), "utf8");
    const options = { lib: ["es2022", "esnext.disposable"], types: ["node"], skipLibCheck: true };
    // One folder for both builds: the generated classes' `site` names the file's path.
    const dir = project(files, options, [SOURCE_ENTRY]);
    const plain = build(dir);
    setPlugins(dir, [SOURCE_ENTRY, PROGRAM_ENTRY]);
    const wrapped = build(dir);
    expect(plain.exitCode).to.equal(0);
    expect(Object.keys(plain.emitted).length).to.be.greaterThan(3);
    expect(wrapped.emitted).to.deep.equal(plain.emitted);
  });
});
