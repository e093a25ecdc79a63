/**
 * transformer() in ts.transpileModule, the real API on TypeScript 6.0, 5.9 and 5.5: transpileModule
 * never reads a script transformer's diagnostics (its `diagnostics` stay []), so without
 * onDiagnostic the factory throws on a stackless error instead of returning output with a refused body.
 */
import { expect } from "chai";
import type * as TS from "typescript";
import { StacklessDiagnosticsError, transformer } from "../../transformer";

const REFUSED = `import { coroutine, yield_ } from "stackless";
export const broken = coroutine((x: number = yield_<number>(1)) => x);
`;
const FINE = `import { coroutine, yield_ } from "stackless";
export const fine = coroutine((x: number) => yield_<number>(x) + 1);
`;

for (const pkg of ["typescript", "typescript5", "typescript55"]) {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = require(pkg);
  const transpile = (code: string, factory: TS.TransformerFactory<TS.SourceFile>) =>
    ts.transpileModule(code, { fileName: "src/broken.ts", reportDiagnostics: true, compilerOptions: { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022 }, transformers: { before: [factory] } });

  describe(`transpileModule with transformer() (${pkg} ${ts.version})`, () => {
    it("throws StacklessDiagnosticsError on a 70007 body when no onDiagnostic is passed, tsc-style", () => {
      let caught: unknown;
      try {
        transpile(REFUSED, transformer(undefined, { ts }));
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(StacklessDiagnosticsError);
      const e = caught as StacklessDiagnosticsError;
      expect(e.message).to.match(/^src\/broken\.ts\(2,46\): error TS70007: stackless cannot compile this coroutine\(\) body: a suspension in a parameter default/);
      expect(e.diagnostics.map((d) => d.code)).to.deep.equal([70007]);
    });

    it("with onDiagnostic, reports to it and returns the output (whose refused call throws NOT_TRANSFORMED)", () => {
      const seen: number[] = [];
      const out = transpile(REFUSED, transformer(undefined, { ts, onDiagnostic: (d) => seen.push(d.code) }));
      expect(seen).to.deep.equal([70007]);
      // What the API leaves for its own diagnostics: the transformer's never reach them.
      expect(out.diagnostics).to.deep.equal([]);
      expect(out.outputText).to.contain(`__stackless.notCompiled("coroutine", 70007,`);
    });

    it("a clean body compiles without throwing; an ignore comment keeps a 70007 from throwing", () => {
      expect(transpile(FINE, transformer(undefined, { ts })).outputText).to.contain("class FineCoroutine");
      const ignored = REFUSED.replace("export const broken", "// @stackless-ignore 70007\nexport const broken");
      expect(transpile(ignored, transformer(undefined, { ts })).outputText).to.contain("__stackless.notCompiled(");
    });
  });
}

describe("transformer() without onDiagnostic in a program's emit (ts-loader, ts-jest with a program)", () => {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = require("typescript");
  const emitWith = (plugins: object[]) => {
    const options: TS.CompilerOptions = { module: ts.ModuleKind.CommonJS, target: ts.ScriptTarget.ES2022, noLib: true, types: [], plugins: plugins as TS.PluginImport[] };
    const host = ts.createCompilerHost(options);
    const readFile = host.readFile;
    host.readFile = (f) => (f.endsWith("broken.ts") ? REFUSED : readFile(f));
    host.fileExists = (f) => f.endsWith("broken.ts") || ts.sys.fileExists(f);
    host.getSourceFile = (f, v) => (f.endsWith("broken.ts") ? ts.createSourceFile(f, REFUSED, v) : undefined);
    const program = ts.createProgram(["broken.ts"], options, host);
    const written: string[] = [];
    program.emit(undefined, (name, text) => written.push(text), undefined, false, { before: [transformer(program, { ts })] });
    return written.join("");
  };

  it("throws on a 70007 body, as without a program", () => {
    expect(() => emitWith([{ transform: "stackless/transformer" }])).to.throw(StacklessDiagnosticsError, /TS70007/);
  });

  it("grades by the severity option of the program's stackless plugin entries, as tspc does", () => {
    const out = emitWith([{ transform: "stackless/transformer" }, { name: "stackless/language-service", severity: { "70007": "warning" } }]);
    expect(out).to.contain(`__stackless.notCompiled("coroutine", 70007,`);
  });
});
