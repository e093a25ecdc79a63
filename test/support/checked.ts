/**
 * checkFile with a real checker: one module's text in a real ts.Program (strict, node16, with
 * "stackless" resolved to this package's built declarations), for the type-aware rules.
 */
import * as path from "path";
import type * as TS from "typescript";
import { checkFile } from "../../analysis/check";
import type { Finding } from "../../analysis/diagnostics";

let counter = 0;

// The lib and declaration files parsed once per TypeScript module: a program per test stays cheap.
const parsedByTs = new WeakMap<typeof TS, Map<string, TS.SourceFile | undefined>>();

export interface Checked {
  readonly findings: readonly Finding[];
  /** TypeScript's own errors of the module, as `TSnnnn message` (the examples must be valid TypeScript). */
  readonly typeErrors: readonly string[];
  readonly text: string;
  readonly file: TS.SourceFile;
}

/** Type-check `text` as a module inside this package and return checkFile's findings with the checker. */
export function checkTyped(text: string, options: { ts?: typeof TS; compilerOptions?: TS.CompilerOptions; checker?: boolean } = {}): Checked {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = options.ts ?? require("typescript");
  // Inside the package, so `import … from "stackless"` resolves by the package's self-reference.
  const fileName = path.join(__dirname, `__checked_${process.pid}_${counter++}.ts`);
  const compilerOptions: TS.CompilerOptions = {
    strict: true,
    noEmit: true,
    target: ts.ScriptTarget.ES2022,
    module: ts.ModuleKind.Node16,
    moduleResolution: ts.ModuleResolutionKind.Node16,
    moduleDetection: ts.ModuleDetectionKind.Force,
    types: [],
    ...options.compilerOptions,
  };
  const host = ts.createCompilerHost(compilerOptions, true);
  const getSourceFile = host.getSourceFile.bind(host);
  const parsed = parsedByTs.get(ts) ?? new Map<string, TS.SourceFile | undefined>();
  parsedByTs.set(ts, parsed);
  host.getSourceFile = (name, language, ...rest) => {
    if (path.resolve(name) === fileName) return ts.createSourceFile(name, text, language, true);
    const key = `${name}:${JSON.stringify(language)}`;
    if (!parsed.has(key)) parsed.set(key, getSourceFile(name, language, ...rest));
    return parsed.get(key);
  };
  const fileExists = host.fileExists.bind(host);
  host.fileExists = (name) => path.resolve(name) === fileName || fileExists(name);
  const program = ts.createProgram([fileName], compilerOptions, host);
  const file = program.getSourceFile(fileName)!;
  const typeErrors = ts
    .getPreEmitDiagnostics(program, file)
    .filter((d) => d.category === ts.DiagnosticCategory.Error)
    .map((d) => `TS${d.code} ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
  const { findings } = checkFile(ts, file, { checker: options.checker === false ? undefined : program.getTypeChecker() });
  return { findings, typeErrors, text, file };
}

/** Apply a fix's edits to the text (last edit first, so earlier offsets stay valid). */
export function applyEdits(text: string, edits: readonly { start: number; length: number; newText: string }[]): string {
  return [...edits].sort((a, b) => b.start - a.start).reduce((t, e) => t.slice(0, e.start) + e.newText + t.slice(e.start + e.length), text);
}
