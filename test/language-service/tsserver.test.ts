/**
 * The tsserver plugin end to end: a real tsserver (the scratch project's own `typescript`), a
 * tsconfig that lists `{ "name": "stackless/language-service" }` as a user's does, and the
 * requests VS Code sends, over the protocol.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { FIXABLE_CODES } from "../../language-service/decorate";
import { transformSource } from "../../transformer";
import { CODE_CASES, expectedSpan, NEAR_MISSES } from "./cases";
import { applyChanges, locationOf, positionOf, TsServer, tsserverProject, type Location, type ProtocolTextChange } from "./tsserver";

const TSCONFIG = JSON.stringify({
  compilerOptions: {
    target: "es2022",
    module: "node16",
    strict: true,
    skipLibCheck: true,
    noEmit: true,
    lib: ["es2022", "esnext.disposable"],
    types: [],
    allowUnusedLabels: false,
    noUnusedParameters: true,
    plugins: [{ transform: "stackless/transformer" }, { name: "stackless/language-service" }],
  },
  include: ["src"],
});

interface Diagnostic {
  start: Location;
  end: Location;
  code: number;
  category: string;
  source?: string;
  text: string;
}

const SUMMER = `import { coroutine, yield_ } from "stackless";

export const summer = coroutine((first: number) => {
  let sum = first;
  const hist: number[] = [];
  for (;;) {
    hist.push(sum);
    Add: sum += yield_<number>(sum);
    if (hist.length > 3) return hist;
  }
});

export const pair = coroutine(() => {
  const a = yield_<number>(0);
  const b = yield_<number>(a);
  return a + b;
});
`;

const GENERATOR = `export function* count(limit: number): Generator<number, string, unknown> {
  for (let i = 0; i < limit; i++) {
    const got = yield i;
    if (got === "stop") return "stopped";
  }
  yield* ["x", "y"].map((s) => s.length);
  return "done";
}
export const values = [...count(3)];
`;

describe("tsserver plugin, end to end (a real tsserver over its protocol)", function () {
  this.timeout(120_000);
  let dir = "";
  let server: TsServer;
  const file = (name: string) => path.join(dir, "src", name);
  const texts = new Map<string, string>();

  async function open(name: string, text: string): Promise<string> {
    texts.set(name, text);
    await server.open(file(name), text);
    return file(name);
  }
  async function diagnostics(name: string): Promise<Diagnostic[]> {
    return server.body<Diagnostic[]>("semanticDiagnosticsSync", { file: file(name) });
  }
  const spanText = (name: string, d: Diagnostic) => texts.get(name)!.slice(positionOf(texts.get(name)!, d.start), positionOf(texts.get(name)!, d.end));
  const at = (name: string, needle: string, nth = 0) => {
    const text = texts.get(name)!;
    let position = -1;
    for (let i = 0; i <= nth; i++) position = text.indexOf(needle, position + 1);
    return locationOf(text, position);
  };

  before(async () => {
    const files: Record<string, string> = { "tsconfig.json": TSCONFIG, "fresh/tsconfig.json": TSCONFIG.replace('["src"]', '["."]') };
    dir = tsserverProject("tsserver", files);
    server = new TsServer(dir, path.join(dir, "tsserver.log"));
    await server.body("configure", { hostInfo: "vscode", preferences: { includeInlayParameterNameHints: "none", providePrefixAndSuffixTextForRename: true } });
  });
  after(() => server?.close());

  it("loads the plugin from the project's node_modules", async () => {
    await open("summer.ts", SUMMER);
    await diagnostics("summer.ts");
    expect(server.log()).to.contain("stackless: language service plugin loaded");
  });

  for (const c of CODE_CASES) {
    it(`reports ${c.code} with its span`, async () => {
      const name = `c${c.code}.ts`;
      await open(name, c.source);
      const found = (await diagnostics(name)).filter((d) => d.source === "stackless");
      expect(found.map((d) => ({ code: d.code, text: spanText(name, d), start: positionOf(c.source, d.start) }))).to.deep.equal([
        { code: c.code, ...expectedSpan(c) },
      ]);
    });
  }

  it("reports nothing on near misses, leaves out TS7028 on a state label and TS6133 on a future's context", async () => {
    await open("near.ts", NEAR_MISSES);
    const found = await diagnostics("near.ts");
    expect(found.map((d) => `${d.code} ${d.text}`)).to.deep.equal([]);
  });

  it("still reports TypeScript's own diagnostics, and an unused label that names no state", async () => {
    const text = `import { generator, yield_ } from "stackless";\nexport const g = generator(() => { Plain: for (;;) { yield_(1); } });\nexport const n: number = "no";\n`;
    await open("own.ts", text);
    const codes = (await diagnostics("own.ts")).map((d) => d.code).sort();
    expect(codes).to.deep.equal([2322, 7028]);
  });

  it("survives a project reload without wrapping twice (each diagnostic once)", async () => {
    await server.body("reloadProjects");
    const name = `c${CODE_CASES[0].code}.ts`;
    const found = (await diagnostics(name)).filter((d) => d.source === "stackless");
    expect(found).to.have.length(1);
  });

  it("getSupportedCodeFixes without arguments (as VS Code asks once) lists stackless's fixable codes", async () => {
    const codes = await server.body<string[]>("getSupportedCodeFixes");
    expect(codes).to.include.members(FIXABLE_CODES.map(String));
    expect(codes).to.include("2304");
    const forFile = await server.body<string[]>("getSupportedCodeFixes", { file: file("summer.ts") });
    expect(forFile).to.include.members(FIXABLE_CODES.map(String));
  });

  it("getCodeFixes: imports a marker used without its import, and the fixed file is clean", async () => {
    const name = path.join(dir, "fresh", "first.ts");
    const text = `export const c = coroutine(() => 1);\n`;
    await server.open(name, text);
    const found = await server.body<Diagnostic[]>("semanticDiagnosticsSync", { file: name });
    expect(found.map((d) => d.code)).to.deep.equal([2304]);
    const start = locationOf(text, text.indexOf("coroutine"));
    const end = locationOf(text, text.indexOf("coroutine") + "coroutine".length);
    const fixes = await server.body<{ fixName: string; description: string; changes: { textChanges: ProtocolTextChange[] }[] }[]>("getCodeFixes", {
      file: name,
      startLine: start.line,
      startOffset: start.offset,
      endLine: end.line,
      endOffset: end.offset,
      errorCodes: [2304],
    });
    const ours = fixes.filter((f) => f.fixName === "stackless.addMissingImport");
    expect(ours.map((f) => f.description)).to.deep.equal([`Import 'coroutine' from "stackless"`]);
    const fixed = applyChanges(text, ours[0].changes[0].textChanges);
    expect(fixed).to.equal(`import { coroutine } from "stackless";\n\nexport const c = coroutine(() => 1);\n`);
    await server.replace(name, text, fixed);
    expect(await server.body<Diagnostic[]>("semanticDiagnosticsSync", { file: name })).to.deep.equal([]);
  });

  for (const [code, description, result] of [
    // (code, the fix's description, a text the fixed file has)
    [70002, "Remove the ignored first input", "c.resume();"],
    [70004, "Write the type arguments the body outputs", "coroutine<number, string>((x) =>"],
  ] as const) {
  it(`getCodeFixes: the ${code} fix applied over the protocol, and the fixed file has no stackless diagnostic`, async () => {
    const c = CODE_CASES.find((k) => k.code === code)!;
    const name = `fix${code}.ts`;
    await open(name, c.source);
    const { start } = expectedSpan(c);
    const from = locationOf(c.source, start);
    const to = locationOf(c.source, start + c.span.length);
    const fixes = await server.body<{ fixName: string; description: string; changes: { textChanges: ProtocolTextChange[] }[] }[]>("getCodeFixes", {
      file: file(name),
      startLine: from.line,
      startOffset: from.offset,
      endLine: to.line,
      endOffset: to.offset,
      errorCodes: [code],
    });
    const ours = fixes.filter((f) => f.fixName.startsWith("stackless."));
    expect(ours.map((f) => f.description.slice(0, description.length))).to.deep.equal([description]);
    const fixed = applyChanges(c.source, ours[0].changes[0].textChanges);
    expect(fixed).to.not.equal(c.source);
    expect(fixed).to.contain(result);
    await server.replace(file(name), c.source, fixed);
    texts.set(name, fixed);
    expect((await diagnostics(name)).map((d) => d.code)).to.deep.equal([]);
  });
  }

  it("getApplicableRefactors + getEditsForRefactor convert a generator function; the result is clean and behaves the same", async () => {
    await open("gen.ts", GENERATOR);
    const refactors = await server.body<{ name: string; actions: { name: string }[] }[]>("getApplicableRefactors", { file: file("gen.ts"), ...at("gen.ts", "count") });
    const convert = refactors.find((r) => r.name === "stackless.convertGenerator");
    expect(convert, JSON.stringify(refactors.map((r) => r.name))).to.not.equal(undefined);
    const inBody = await server.body<{ name: string }[]>("getApplicableRefactors", { file: file("gen.ts"), ...at("gen.ts", "limit;") });
    expect(inBody.map((r) => r.name)).to.not.include("stackless.convertGenerator");
    const result = await server.body<{ edits: { textChanges: ProtocolTextChange[] }[] }>("getEditsForRefactor", {
      file: file("gen.ts"),
      ...at("gen.ts", "count"),
      refactor: "stackless.convertGenerator",
      action: "stackless.convertGenerator",
    });
    const converted = applyChanges(GENERATOR, result.edits[0].textChanges);
    expect(converted).to.contain("return generator<number, string, unknown>(() => {");
    expect(converted).to.contain("yield_<unknown>(i)");
    expect(converted).to.contain("yield_.from(");
    await server.replace(file("gen.ts"), GENERATOR, converted);
    texts.set("gen.ts", converted);
    expect((await diagnostics("gen.ts")).map((d) => `${d.code} ${d.text}`)).to.deep.equal([]);
    const run = (code: string): unknown => {
      const out = transformSource(code, { fileName: "gen.ts" });
      const m: { exports: Record<string, unknown> } = { exports: {} };
      new Function("module", "exports", "require", out.outputText)(m, m.exports, require);
      return m.exports.values;
    };
    expect(run(converted)).to.deep.equal(run(GENERATOR)).and.deep.equal([0, 1, 2, 1, 1]);
  });

  it("quickinfo on a marker shows its states and resumes; on a yield_ the state and the locals it saves", async () => {
    type QuickInfo = { documentation: string | { text: string }[] };
    const doc = (q: QuickInfo) => (typeof q.documentation === "string" ? q.documentation : q.documentation.map((p) => p.text).join(""));
    const marker = await server.body<QuickInfo>("quickinfo", { file: file("summer.ts"), ...at("summer.ts", "coroutine", 1) });
    expect(doc(marker)).to.contain("`Start` → `Add` → `Done`").and.contain("unbounded");
    const pair = await server.body<QuickInfo>("quickinfo", { file: file("summer.ts"), ...at("summer.ts", "coroutine", 2) });
    expect(doc(pair)).to.contain("`Start` → `Yield1` → `Yield2` → `Done`").and.contain("takes 3 resumes");
    const suspension = await server.body<QuickInfo>("quickinfo", { file: file("summer.ts"), ...at("summer.ts", "yield_", 1) });
    expect(doc(suspension)).to.contain("**`Add`** — saves sum, hist");
    const plain = await server.body<QuickInfo>("quickinfo", { file: file("summer.ts"), ...at("summer.ts", "hist.push") });
    expect(doc(plain)).to.not.contain("saves");
  });

  it("provideInlayHints: none by default; state names once `inlayHints` is on (configurePlugin)", async () => {
    const span = { file: file("summer.ts"), start: 0, length: SUMMER.length };
    const stateHints = (hints: { text: string; position: Location }[]) => hints.filter((h) => /^(Yield\d+|Add):$/.test(h.text));
    expect(stateHints(await server.body("provideInlayHints", span))).to.deep.equal([]);
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: { inlayHints: true } });
    const hints = stateHints(await server.body("provideInlayHints", span));
    expect(hints.map((h) => ({ text: h.text, at: SUMMER.slice(positionOf(SUMMER, h.position)).slice(0, 6) }))).to.deep.equal([
      { text: "Yield1:", at: "yield_" },
      { text: "Yield2:", at: "yield_" },
    ]);
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: { inlayHints: false } });
  });

  it("a severity option in the tsconfig entry re-grades or turns off a code", async () => {
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: { severity: { "70008": "off", "70007": "warning" } } });
    expect((await diagnostics("c70008.ts")).filter((d) => d.source === "stackless")).to.deep.equal([]);
    expect((await diagnostics("c70007.ts")).filter((d) => d.source === "stackless").map((d) => d.category)).to.deep.equal(["warning"]);
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: {} });
    expect((await diagnostics("c70008.ts")).filter((d) => d.source === "stackless")).to.have.length(1);
  });

  it("fuzz: random and truncated sources through every hook; tsserver answers each request", async () => {
    let seed = 20251207;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const sources = [SUMMER, GENERATOR, NEAR_MISSES, ...CODE_CASES.map((c) => c.source)];
    const variants: string[] = [];
    for (let i = 0; i < 40; i++) {
      const source = sources[i % sources.length];
      const cut = Math.floor(random() * source.length);
      if (i % 2) variants.push(source.slice(0, cut));
      else {
        const from = Math.floor(random() * source.length);
        variants.push(source.slice(0, from) + source.slice(from + Math.floor(random() * 40)) + "{(*".slice(0, i % 4));
      }
    }
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: { inlayHints: true } });
    let previous = texts.get("summer.ts")!;
    for (const text of variants) {
      await server.replace(file("summer.ts"), previous, text);
      previous = text;
      const position = locationOf(text, Math.floor(random() * Math.max(1, text.length)));
      const answers = await Promise.all([
        server.request("semanticDiagnosticsSync", { file: file("summer.ts") }),
        server.request("quickinfo", { file: file("summer.ts"), ...position }),
        server.request("getCodeFixes", { file: file("summer.ts"), startLine: position.line, startOffset: position.offset, endLine: position.line, endOffset: position.offset, errorCodes: [2304, 70003, 70007, 70008] }),
        server.request("getApplicableRefactors", { file: file("summer.ts"), ...position }),
        server.request("provideInlayHints", { file: file("summer.ts"), start: 0, length: text.length }),
      ]);
      // quickinfo answers "no content" (success false) where there is nothing to show; the rest must succeed.
      expect(answers.filter((a, i) => i !== 1 && !a.success).map((a) => a.message), text).to.deep.equal([]);
    }
    await server.replace(file("summer.ts"), previous, SUMMER);
    expect(server.alive).to.equal(true);
    await server.body("configurePlugin", { pluginName: "stackless/language-service", configuration: {} });
  });

  it("logged no internal error of the plugin", () => {
    expect(server.log()).to.not.match(/stackless: \w+ failed/);
  });
});
