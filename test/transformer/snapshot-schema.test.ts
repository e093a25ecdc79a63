/**
 * Class.snapshotSchema with the checker's types: a real tspc build gives each saved local the
 * JSON Schema of its TypeScript type, written for format 1's encoding (NaN, -0, undefined,
 * bigint, holes, $-keys and shared objects still validate), so ajv accepts every snapshot the
 * class makes and rejects one with a wrong-typed local; a build without a checker
 * (transpileModule) keeps any JSON for every local.
 */
import { expect } from "chai";
import { spawnSync } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { load, IMPORTS } from "../support/load";
import { scratch, REPO } from "../integrations/scratch";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const Ajv2020 = require("ajv/dist/2020").default as new (o: object) => { compile(s: object): ((v: unknown) => boolean) & { errors?: unknown } };

const SOURCE = `import { coroutine, yield_ } from "stackless";
export interface Item { sku: string; qty: number; note?: string }
export const form = () => coroutine((first: number) => {
  let count = first;
  let label = "cart";
  let open = true;
  let items: Item[] = [];
  let mode: "buy" | "sell" = "buy";
  let maybe: number | undefined = undefined;
  let big = BigInt(0);
  let tags: Record<string, number> = {};
  let pair: [string, number] = ["a", 1];
  let same: Item[] = items;
  let free: unknown = null;
  for (;;) {
    const p: any = yield_<unknown>([count, label, open, items, mode, maybe, big, tags, pair, same, free]);
    if ("count" in p) count = p.count;
    if ("label" in p) label = p.label;
    if ("items" in p) items = same = p.items;
    if ("mode" in p) mode = p.mode;
    if ("maybe" in p) maybe = p.maybe;
    if ("big" in p) big = p.big;
    if ("tags" in p) tags = p.tags;
    if ("free" in p) free = p.free;
  }
});
`;

/** A compiled `form` module's snapshot after one patch, as JSON (what a service receives). */
function snapshotAfter(module: { form: () => any }, patch: object): Record<string, any> {
  const c = module.form();
  c.resume(5);
  c.resume(patch);
  return JSON.parse(JSON.stringify(c.snapshot()));
}

const withLocal = (snap: Record<string, any>, name: string, value: unknown) => ({ ...snap, locals: { ...snap.locals, [name]: value } });

describe("Class.snapshotSchema with the checker's types (real tspc builds)", function () {
  this.timeout(240000);
  const tspc = path.join(REPO, "node_modules/ts-patch/bin/tspc.js");
  const tsconfig = (strict: boolean) =>
    JSON.stringify({
      compilerOptions: { target: "ES2022", module: "commonjs", strict, outDir: strict ? "strict" : "loose", rootDir: ".", skipLibCheck: true, plugins: [{ transform: "stackless/transformer" }] },
      include: ["src"],
    });
  let dir = "";
  const built: Record<string, { form: () => any }> = {};
  before(() => {
    dir = scratch("schema-types", { "tsconfig.json": tsconfig(true), "tsconfig.loose.json": tsconfig(false), "src/form.ts": SOURCE });
    for (const [project, out] of [["tsconfig.json", "strict"], ["tsconfig.loose.json", "loose"]]) {
      const r = spawnSync(process.execPath, [tspc, "-p", project, "--pretty", "false"], { cwd: dir, encoding: "utf8" });
      expect(r.stdout + r.stderr, "tspc output").to.equal("");
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      built[out] = require(path.join(dir, out, "src/form.js")) as { form: () => any };
    }
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  const validatorOf = (m: { form: () => any }) => new Ajv2020({ strict: false }).compile(m.form().constructor.snapshotSchema);

  it("accepts the snapshots the class makes, whatever format 1 encodes (NaN, -0, undefined, bigint, holes, $-keys, shared arrays)", () => {
    const validate = validatorOf(built.strict);
    const sparse: unknown[] = [{ sku: "a", qty: -0 }];
    sparse[3] = { sku: "b", qty: Infinity, note: "x" };
    const patches = [{}, { count: NaN, maybe: 7 }, { count: -0, maybe: undefined }, { items: sparse, big: BigInt("-123456789012345678901") }, { tags: { $price: 1, plain: NaN }, mode: "sell" }, { free: { anything: [() => 0].length } }];
    for (const patch of patches) {
      const snap = snapshotAfter(built.strict, patch);
      expect(validate(snap), `${JSON.stringify(snap)}: ${JSON.stringify(validate.errors)}`).to.equal(true);
    }
    // (the encodings did show up: the schema was tried on them)
    const text = patches.map((p) => JSON.stringify(snapshotAfter(built.strict, p))).join();
    for (const tag of ['"$number":"NaN"', '"$number":"-0"', '"$undefined":true', '"$bigint"', '"$array":4', '"$object"', '"$ref":']) expect(text).to.contain(tag);
  });

  it("rejects a snapshot with a wrong-typed local, for each kind of type", () => {
    const validate = validatorOf(built.strict);
    const good = snapshotAfter(built.strict, {});
    const wrong: [string, unknown][] = [
      ["count", "5"],
      ["count", { $number: "NaNish" }],
      ["label", 5],
      ["open", "yes"],
      ["items", [{ sku: 1, qty: 1 }]],
      ["items", [{ qty: 1 }]],
      ["items", { $array: 2, items: { 0: { sku: "a", qty: "1" } } }],
      ["mode", "rent"],
      ["maybe", null],
      ["big", 5],
      ["tags", { a: "1" }],
      ["pair", [true, 1]],
      ["same", "not an array"],
    ];
    for (const [name, value] of wrong) expect(validate(withLocal(good, name, value)), `${name}: ${JSON.stringify(value)}`).to.equal(false);
    // a local of type unknown takes any JSON
    expect(validate(withLocal(good, "free", { any: ["thing"] }))).to.equal(true);
  });

  it("without strictNullChecks, every local may also be null or undefined", () => {
    const loose = validatorOf(built.loose);
    const strict = validatorOf(built.strict);
    const good = snapshotAfter(built.loose, {});
    expect(loose(good), JSON.stringify(loose.errors)).to.equal(true);
    for (const value of [null, { $undefined: true }]) {
      expect(loose(withLocal(good, "label", value))).to.equal(true);
      expect(strict(withLocal(snapshotAfter(built.strict, {}), "label", value))).to.equal(false);
    }
    expect(loose(withLocal(good, "label", 5))).to.equal(false);
  });

  it("without a checker (transpileModule) every local stays any JSON, as before", () => {
    const m = load(IMPORTS + SOURCE.replace(/^import .*\n/, ""), { fileName: "form.ts" }).exports as { form: () => any };
    expect(m.form().constructor.localTypes).to.equal(undefined);
    const validate = validatorOf(m);
    const good = snapshotAfter(m, {});
    expect(validate(good)).to.equal(true);
    expect(validate(withLocal(good, "count", "5"))).to.equal(true);
    expect(validate(withLocal(good, "nope", 1))).to.equal(false);
  });
});
