/**
 * Snapshots of compiled bodies: the compiler's temporaries never block a snapshot of ordinary
 * code (Number(yield_()) and friends continue in another process with the same outputs), values
 * keep their identity, clone() copies a yield_.from in progress, and sites are stable across
 * working directories, checkout locations and comment-only edits (real tspc builds).
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { load, IMPORTS } from "../support/load";
import { scratch, REPO } from "../integrations/scratch";

function codeOf(fn: () => unknown): { code?: string; message: string } | undefined {
  try {
    fn();
  } catch (e) {
    return { code: (e as { code?: string }).code, message: (e as Error).message };
  }
  return undefined;
}

/** The five call patterns the issue names: each keeps a callee or method in a temporary across the suspension. */
const WIZARD = `
export const wizard = () => coroutine(() => {
  const items: number[] = [];
  const age = Number(yield_<string>("age?"));
  const prefs = JSON.parse(yield_<string>("prefs?"));
  items.push(yield_<number>("item?"));
  const best = Math.max(age, yield_<number>("score?"));
  const name = String(yield_<string>("name?")).trim();
  return { age, prefs, items, best, name };
});
`;
const WIZARD_INPUTS: unknown[] = [undefined, "42", '{"dark":true}', 7, 50, "  Ada  "];

describe("snapshots of compiled bodies", () => {
  const m = load(IMPORTS + WIZARD, { fileName: "wizard.ts" }).exports;

  it("the five call patterns snapshot, round-trip through JSON and restore at every suspension with the uninterrupted outputs", () => {
    const plain = m.wizard();
    const expected = WIZARD_INPUTS.map((i) => plain.resume(i));
    let c = m.wizard();
    const outputs = WIZARD_INPUTS.map((i) => {
      const out = c.resume(i);
      if (!c.done) c = m.wizard().restore(JSON.parse(JSON.stringify(c.snapshot())));
      return out;
    });
    expect(outputs).to.deep.equal(expected);
    expect(expected[expected.length - 1]).to.deep.equal({ age: 42, prefs: { dark: true }, items: [7], best: 50, name: "Ada" });
  });

  it("re-reads those callees rather than storing them: the snapshot holds only the user's locals", () => {
    const c = m.wizard();
    c.resume(undefined);
    c.resume("42");
    expect(Object.keys(c.snapshot().locals).sort()).to.deep.equal(["age", "items"]);
  });

  it("continues in another node process from a snapshot passed as JSON text", function () {
    this.timeout(60000);
    const { output } = load(IMPORTS + WIZARD, { fileName: "wizard.ts" });
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-snap-"));
    try {
      const runtime = path.join(REPO, "dist/runtime/index.js");
      fs.writeFileSync(path.join(dir, "wizard.js"), output.replace(/require\("stackless"\)/g, JSON.stringify(runtime).replace(/^/, "require(") + ")"));
      const step = (snapshot: string | undefined, input: unknown) => {
        const script = `const { wizard } = require(${JSON.stringify(path.join(dir, "wizard.js"))});
          const c = wizard(); ${snapshot ? `c.restore(JSON.parse(${JSON.stringify(snapshot)}));` : ""}
          const out = c.resume(${JSON.stringify(input)});
          process.stdout.write(JSON.stringify({ out, snap: c.done ? null : JSON.stringify(c.snapshot()) }));`;
        const r = spawnSync(process.execPath, ["-e", script], { encoding: "utf8" });
        expect(r.stderr).to.equal("");
        return JSON.parse(r.stdout) as { out: unknown; snap: string | null };
      };
      let snap: string | undefined;
      const outputs: unknown[] = [];
      for (const input of WIZARD_INPUTS) {
        const r = step(snap, input);
        outputs.push(r.out);
        snap = r.snap ?? undefined;
      }
      const plain = m.wizard();
      expect(outputs).to.deep.equal(WIZARD_INPUTS.map((i) => plain.resume(i)));
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it("names the user's expression and its position when a temporary truly cannot be saved", () => {
    const k = load(IMPORTS + `
const pick = () => (s: string) => s.length;
export const make = () => coroutine(() => {
  return pick()(yield_<string>("?"));
});`, { fileName: "form.ts" }).exports;
    const c = k.make();
    c.resume(undefined);
    const e = codeOf(() => c.snapshot());
    expect(e?.code).to.equal("NOT_SERIALIZABLE");
    expect(e?.message).to.match(/the value of `pick\(\)` at form.ts:\d+:10 /);
    expect(e?.message).to.not.match(/'t(_\d+)?'/);
  });

  it("refuses a re-read that would give another value (a captured let reassigned while suspended)", () => {
    const k = load(IMPORTS + `
export let f = (x: string) => x + "!";
export const setF = (g: (x: string) => string) => { f = g; };
export const make = () => coroutine(() => f(yield_<string>("?")));`, { fileName: "relet.ts" }).exports;
    const c = k.make();
    c.resume(undefined);
    expect(Object.keys(c.snapshot().locals)).to.deep.equal([]);
    k.setF((x: string) => x);
    expect(codeOf(() => c.snapshot())?.message).to.contain("no longer reads");
    expect(c.resume("a")).to.equal("a!"); // the call uses the callee read before the suspension
  });

  it("keeps aliasing: `const b = a; yield_(0); a.push(1); return b.length` is 1 after a JSON round trip", () => {
    const k = load(IMPORTS + `export const make = () => coroutine(() => { const a: number[] = []; const b = a; yield_(0); a.push(1); return b.length; });`).exports;
    const c = k.make();
    c.resume(undefined);
    const r = k.make().restore(JSON.parse(JSON.stringify(c.snapshot())));
    expect(r.resume(undefined)).to.equal(1);
  });

  it("keeps one object held twice in an array, and -0", () => {
    const k = load(IMPORTS + `export const make = () => coroutine(() => { const o = { n: 1 }; const pair = [o, o]; const z = -0; yield_(0); pair[0].n = 2; return [pair[1].n, Object.is(z, -0)]; });`).exports;
    const c = k.make();
    c.resume(undefined);
    expect(k.make().restore(JSON.parse(JSON.stringify(c.snapshot()))).resume(undefined)).to.deep.equal([2, true]);
  });

  describe("clone() during yield_.from", () => {
    const g = load(IMPORTS + `
export const inner = () => generator(() => { yield_(1); yield_(2); yield_(3); return "in"; });
export const outer = (it: Iterable<number>) => generator(() => { const r = yield_.from(it as any); yield_(9); return r; });`, { fileName: "deleg.ts" }).exports;

    it("clones the delegated stackless instance: the clone and the original advance independently", () => {
      const o = g.outer(g.inner());
      expect(o.next().value).to.equal(1);
      const c = o.clone();
      expect(c.next().value).to.equal(2);
      expect(o.next().value).to.equal(2);
      expect([...c]).to.deep.equal([3, 9]);
      expect([...o]).to.deep.equal([3, 9]);
    });

    it("refuses a foreign iterator with NOT_CLONEABLE naming the delegation, for clone() and snapshot()", () => {
      const o = g.outer([1, 2, 3]);
      o.next();
      for (const f of [() => o.clone(), () => o.snapshot()]) {
        const e = codeOf(f);
        expect(e?.code).to.equal("NOT_CLONEABLE");
        expect(e?.message).to.match(/`yield_.from\(it as any\)` at deleg.ts:\d+:\d+/);
      }
      expect(o.next().value).to.equal(2); // refused: the instance runs on
    });

    it("after the delegation ended, clone and snapshot work again", () => {
      const o = g.outer([1]);
      o.next();
      o.next();
      expect(o.state).to.equal("Yield2");
      expect(o.clone().next()).to.deep.equal({ value: undefined, done: true });
      expect(g.outer([1]).restore(JSON.parse(JSON.stringify(o.snapshot()))).state).to.equal("Yield2");
    });
  });
});

describe("stable site identity (real tspc builds)", function () {
  this.timeout(240000);
  const tspc = path.join(REPO, "node_modules/ts-patch/bin/tspc.js");
  const tsconfig = JSON.stringify({
    compilerOptions: { target: "ES2022", module: "commonjs", strict: true, outDir: "out", rootDir: ".", skipLibCheck: true, plugins: [{ transform: "stackless/transformer" }] },
    include: ["src"],
  });
  const source = `import { coroutine, yield_ } from "stackless";
export const wizard = () => coroutine(() => {
  const age = Number(yield_<string>("age?"));
  const name = yield_<string>("name?");
  return name + " " + age;
});
`;
  const commented = `import { coroutine, yield_ } from "stackless";
// A comment-only edit: comments and formatting change, the shape does not.
export const wizard = () =>
  coroutine(() => {
    /* ask the age first */
    const age = Number(
      yield_<string>("age?"),
    );
    const name = yield_<string>("name?"); // then the name
    return name + " " + age;
  });
`;
  const build = (project: string, cwd: string, outDir: string) => {
    const r = spawnSync(process.execPath, [tspc, "-p", project, "--outDir", outDir, "--pretty", "false"], { cwd, encoding: "utf8" });
    expect(r.stdout + r.stderr, "tspc output").to.equal("");
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return require(path.join(outDir, "src/wizard.js")) as { wizard: () => any };
  };

  it("gives the same site and version from two working directories and two checkout locations, and snapshots restore across the builds", () => {
    const a = scratch("site-a", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    const b = scratch("site-b", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    try {
      const fromInside = build(".", a, path.join(a, "out1"));
      const fromOutside = build(path.join(a, "tsconfig.json"), os.tmpdir(), path.join(a, "out2"));
      const elsewhere = build(".", b, path.join(b, "out"));
      const c = fromInside.wizard();
      c.resume(undefined);
      const snap = JSON.parse(JSON.stringify(c.snapshot()));
      expect(snap.site).to.equal("src/wizard.ts#WizardCoroutine");
      for (const other of [fromOutside, elsewhere]) {
        const r = other.wizard().restore(snap);
        expect(r.resume("42")).to.equal("name?");
        expect(r.resume("Ada")).to.equal("Ada 42");
      }
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
      fs.rmSync(b, { recursive: true, force: true });
    }
  });

  it("restores an old snapshot after an edit that changes only comments and formatting", () => {
    const a = scratch("site-edit", { "tsconfig.json": tsconfig, "src/wizard.ts": source });
    try {
      const before = build(".", a, path.join(a, "out1"));
      const c = before.wizard();
      c.resume(undefined);
      c.resume("42");
      const snap = JSON.parse(JSON.stringify(c.snapshot()));
      fs.writeFileSync(path.join(a, "src/wizard.ts"), commented);
      const after = build(".", a, path.join(a, "out2"));
      const r = after.wizard().restore(snap);
      expect(r.resume("Ada")).to.equal("Ada 42");
    } finally {
      fs.rmSync(a, { recursive: true, force: true });
    }
  });
});
