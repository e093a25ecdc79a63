/**
 * stackless/transformer: entry points. The compiler lives in ./compiler, the analysis it shares
 * with the language service in ./analysis.
 *
 * - default export: the ts-patch / ttypescript "program" transformer
 *   `{ "transform": "stackless/transformer" }` → `(program, config, extras) => TransformerFactory`.
 * - `transformer(program?, options?)`: a plain factory for getCustomTransformers (ts-loader,
 *   ts-jest) and ts.transpileModule.
 * - `transformSource(code, options?)`: transpile one module's text (tests, the CLI, tools).
 */
import type * as TS from "typescript";
import { compileFile } from "./compiler/transform";
import { toDiagnostic, type Finding } from "../analysis/diagnostics";
import { checkFile } from "../analysis/check";
import { applySuppression, suppressionOptionsOf, type SuppressionOptions } from "../analysis/suppression";
import { projectTypescript } from "../integrations/typescript";

export interface StacklessOptions {
  /** The TypeScript module to build nodes with; defaults to the `typescript` beside stackless (or stackless's own TypeScript 6 when that is 7 or absent). */
  ts?: typeof TS;
  /**
   * Receives every diagnostic the transformer reports (70001+). Without it, a file with a stackless
   * error makes the factory throw StacklessDiagnosticsError (after `// @stackless-ignore` comments
   * and, given a program, the severity options of its stackless plugin entries):
   * `ts.transpileModule` and getCustomTransformers pipelines never read a script transformer's
   * diagnostics, and must not go green with a refused body in their output.
   */
  onDiagnostic?: (d: TS.Diagnostic) => void;
}

/** Thrown by a transformer() without onDiagnostic for a file with stackless errors; the message lists them tsc-style. */
export class StacklessDiagnosticsError extends Error {
  declare readonly diagnostics: readonly TS.Diagnostic[];

  constructor(ts: typeof TS, diagnostics: readonly TS.Diagnostic[]) {
    const host: TS.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => process.cwd(), getNewLine: () => "\n" };
    super(ts.formatDiagnostics(diagnostics, host).trimEnd());
    this.name = "StacklessDiagnosticsError";
    // Not enumerable: an uncaught one (ts-node) prints its message, not a dump of source files.
    Object.defineProperty(this, "diagnostics", { value: diagnostics, enumerable: false });
  }
}

/** The `typescript` next to stackless when it has the JavaScript API (5.5–6.x), else stackless's own TypeScript 6. */
function defaultTs(): typeof TS {
  return projectTypescript(__dirname);
}

export function transformer(program?: TS.Program, options: StacklessOptions = {}): TS.TransformerFactory<TS.SourceFile> {
  const ts = options.ts ?? defaultTs();
  if (!options.onDiagnostic) return throwingOnErrors(ts, program, options);
  // Site ids are relative to the project (the tsconfig's folder), never to the working directory:
  // the same source gives the same site from any directory or checkout (docs/snapshots.md).
  const configFile = program?.getCompilerOptions().configFilePath;
  const rootDir = typeof configFile === "string" ? configFile.replace(/[\\/][^\\/]*$/, "") : undefined;
  const compilerOptions = program?.getCompilerOptions();
  const strictNullChecks = compilerOptions ? (compilerOptions.strictNullChecks ?? compilerOptions.strict ?? false) : true;
  return () => (file) => {
    // Markers come from an import of "stackless": a file that never says so has nothing to do.
    if (file.isDeclarationFile || !file.text.includes("stackless")) return file;
    try {
      // The analysis walks up through `parent`. Compilers bind a file (which sets it) before
      // emitting it; `ts.transform` on a file parsed without parent nodes does not.
      if (file.statements.length && !file.statements[0].parent) setParents(ts, file);
      // Every finding comes from checkFile (the analysis and every rule, as `stackless check` and
      // the editor see them); the compiler adds only an internal error (a 70007 naming it), each
      // finding once: compileFile reports the analysis' own findings again, which are left out.
      const checker = checkerOf(program);
      const check = checkFile(ts, file, { checker });
      const reported = new Set<string>();
      const report = (f: Finding) => {
        const key = findingKey(file, f);
        if (reported.has(key)) return;
        reported.add(key);
        options.onDiagnostic?.(toDiagnostic(ts, f));
      };
      check.findings.forEach(report);
      return compileFile(ts, check.analysis, { rootDir, report, checker, strictNullChecks });
    } catch (e) {
      // Never crash the compiler: report and leave the file as written (markers throw at run time).
      options.onDiagnostic?.({
        file,
        start: 0,
        length: 0,
        category: ts.DiagnosticCategory.Error,
        code: 70007,
        source: "stackless",
        messageText: `stackless failed on this file (${e instanceof Error ? e.stack ?? e.message : String(e)}); its markers are left in place and throw NOT_TRANSFORMED at run time`,
      });
      return file;
    }
  };
}

/**
 * transformer() without onDiagnostic: collects each file's diagnostics and throws if any error is
 * left after ignore comments and, given a program, the severity options of its stackless plugin
 * entries (as a tspc build of the same project would grade them); what is left of a file without
 * errors goes to `passOn` (warnings, for a host that may print them).
 */
function throwingOnErrors(
  ts: typeof TS,
  program: TS.Program | undefined,
  options: StacklessOptions,
  suppression: SuppressionOptions = program ? suppressionOptionsOf(program, undefined) : {},
  passOn?: (d: TS.Diagnostic) => void,
): TS.TransformerFactory<TS.SourceFile> {
  const reported: TS.Diagnostic[] = [];
  const inner = transformer(program, { ...options, ts, onDiagnostic: (d) => reported.push(d) });
  return (context) => {
    const visitFile = inner(context) as (file: TS.SourceFile) => TS.SourceFile;
    return (file) => {
      reported.length = 0;
      const transformed = visitFile(file);
      const kept = applySuppression(reported, suppression);
      const errors = kept.filter((d) => d.category === ts.DiagnosticCategory.Error);
      if (errors.length) throw new StacklessDiagnosticsError(ts, errors);
      if (passOn) kept.forEach(passOn);
      return transformed;
    };
  };
}

/** The program's checker, when there is a program that has one (a program mid-emit always does). */
function checkerOf(program: TS.Program | undefined): TS.TypeChecker | undefined {
  try {
    return program?.getTypeChecker();
  } catch {
    return undefined; // a stand-in program without a checker: the syntactic rules still run
  }
}

/** One finding's identity: its code and span (the same construct found twice is one finding). */
function findingKey(file: TS.SourceFile, f: Finding): string {
  return `${f.code}:${f.node.getStart(file)}:${f.node.getEnd()}`;
}

function setParents(ts: typeof TS, file: TS.SourceFile): void {
  // Exported by TypeScript 5 and 6 though not in their declarations (without it the analysis
  // fails, and the file gets 70007 as any file the transformer cannot compile).
  (ts as unknown as { setParentRecursive?(node: TS.Node, incremental: boolean): void }).setParentRecursive?.(file, true);
}

/** What ts-patch passes as the third argument of a program transformer. */
interface TransformerExtras {
  ts?: typeof TS;
  addDiagnostic?: (d: TS.Diagnostic) => number;
  /** Which of TypeScript's files ts-patch patched: "tsc", "tsserver", "tsserverlibrary" or "typescript" (the API). */
  library?: string;
}

/** ts-patch libraries whose drivers print what a transformer reports at emit: tspc (or tsc after `ts-patch install`) and tsserver. */
const PRINTS_EMIT_DIAGNOSTICS: ReadonlySet<string> = new Set(["tsc", "tsserver", "tsserverlibrary"]);

/** The ts-patch / ttypescript entry: `{ "transform": "stackless/transformer" }`. */
export default function programTransformer(program: TS.Program, config?: unknown, extras?: TransformerExtras): TS.TransformerFactory<TS.SourceFile> {
  const add = extras?.addDiagnostic;
  // ts-patch puts what this entry reports straight into tsc's list, so the severity options and
  // `// @stackless-ignore` are applied here, as the program entry applies them to what it reports.
  const options = suppressionOptionsOf(program, config);
  if (add && extras?.library !== undefined && !PRINTS_EMIT_DIAGNOSTICS.has(extras.library)) {
    // ts-patch's `typescript` library (`ts-patch/compiler`, or typescript.js after `ts-patch
    // install`) compiles for ts-node, ts-loader and ts-jest, which print the type checker's
    // diagnostics and never the emit's: a refused body would run as a NOT_TRANSFORMED throw.
    // Throw at compile time instead (the tool reports it as the file's compile error); what is
    // not an error still goes to ts-patch's list.
    return throwingOnErrors(extras.ts ?? defaultTs(), program, { ts: extras.ts }, options, (d) => void add(d));
  }
  return transformer(program, {
    ts: extras?.ts,
    onDiagnostic: add ? (d) => applySuppression([d], options).forEach((kept) => void add(kept)) : undefined,
  });
}

export interface TransformSourceResult {
  outputText: string;
  sourceMapText?: string;
  diagnostics: TS.Diagnostic[];
}

/** Transpile one module's text with the stackless transformer (CommonJS, ES2022 unless told otherwise). */
export function transformSource(
  code: string,
  options: { fileName?: string; ts?: typeof TS; compilerOptions?: TS.CompilerOptions } = {},
): TransformSourceResult {
  const ts = options.ts ?? defaultTs();
  const diagnostics: TS.Diagnostic[] = [];
  const out = ts.transpileModule(code, {
    fileName: options.fileName ?? "module.ts",
    reportDiagnostics: true,
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      sourceMap: true,
      ...options.compilerOptions,
    },
    transformers: { before: [transformer(undefined, { ts, onDiagnostic: (d) => diagnostics.push(d) })] },
  });
  return { outputText: out.outputText, sourceMapText: out.sourceMapText, diagnostics: [...(out.diagnostics ?? []), ...diagnostics] };
}
export { transformProgram } from "./program";
