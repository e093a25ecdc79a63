/**
 * ts-patch's program transformer, `{ "transform": "stackless/transformer", "import":
 * "transformProgram", "transformProgram": true }`: wraps the program when it is created, so that
 * its diagnostics tell the truth before anything is emitted.
 *
 * Source transformers only run at emit, so on their own `tspc --noEmit` reports nothing of
 * stackless and `--noEmitOnError` has already decided to emit when they speak. The wrapper:
 * - adds stackless's diagnostics to `getSemanticDiagnostics` (computed by running the transformer
 *   over the file without emitting), so `--noEmit` and `--noEmitOnError` see them;
 * - leaves out TS7028 "Unused label" on state labels (a label on the statement that holds a
 *   `yield_`/`await_` names its state: it is used, by the transformer) and TS6133 on a future's
 *   context parameter (the transformer reads it), so `allowUnusedLabels: false` and
 *   `noUnusedParameters` builds pass; every other unused label or parameter is still reported;
 * - applies the `severity` options and `// @stackless-ignore` comments (analysis/suppression.ts)
 *   to stackless's diagnostics, also to those the source transformer reports at emit;
 * - adds the declaration transformer that writes each instance's state names into the emitted
 *   `.d.ts` (transformer/declarations.ts).
 */
import type * as TS from "typescript";
import { applySuppression, suppressionOptionsOf, type SuppressionOptions } from "../analysis/suppression";
import { transformer } from "./index";
import { stateUnionDeclarations } from "./declarations";

/** What ts-patch passes as the fourth argument of a program transformer. */
interface ProgramTransformerExtras {
  ts?: typeof TS;
}

const UNUSED_LABEL = 7028;
const UNUSED_DECLARATION = 6133;

/** The program transformer entry (ts-patch `transformProgram: true`). */
export function transformProgram(
  program: TS.Program,
  _host?: TS.CompilerHost,
  config?: unknown,
  extras?: ProgramTransformerExtras,
): TS.Program {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const ts: typeof TS = extras?.ts ?? require("typescript");
  const options = suppressionOptionsOf(program, config);
  return wrapProgram(ts, program, options);
}


function wrapProgram(ts: typeof TS, program: TS.Program, options: SuppressionOptions): TS.Program {
  const stacklessByFile = new Map<TS.SourceFile, readonly TS.Diagnostic[]>();
  const stacklessOf = (file: TS.SourceFile): readonly TS.Diagnostic[] => {
    let found = stacklessByFile.get(file);
    if (!found) stacklessByFile.set(file, (found = applySuppression(analyseFile(ts, program, file), options)));
    return found;
  };
  const filesToCheck = (file?: TS.SourceFile) => (file ? [file] : program.getSourceFiles().filter((f) => !f.isDeclarationFile));

  const getSemanticDiagnostics = (file?: TS.SourceFile, token?: TS.CancellationToken): readonly TS.Diagnostic[] => [
    ...program.getSemanticDiagnostics(file, token).filter((d) => !isStacklessFalsePositive(ts, d)),
    ...filesToCheck(file).flatMap(stacklessOf),
  ];
  const preEmitErrors = (file?: TS.SourceFile): boolean =>
    [
      ...program.getOptionsDiagnostics(),
      ...program.getGlobalDiagnostics(),
      ...program.getSyntacticDiagnostics(file),
      ...getSemanticDiagnostics(file),
    ].some((d) => d.category === ts.DiagnosticCategory.Error);

  // Declarations for library consumers carry each instance's state names (transformer/declarations.ts).
  const withDeclarations = (transformers: TS.CustomTransformers | undefined): TS.CustomTransformers => ({
    ...transformers,
    afterDeclarations: [...(transformers?.afterDeclarations ?? []), stateUnionDeclarations(ts)],
  });
  const ownEmit: TS.Program["emit"] = (file, writeFile, token, dtsOnly, given) => {
    const transformers = withDeclarations(given);
    const compilerOptions = program.getCompilerOptions();
    if (!compilerOptions.noEmitOnError || compilerOptions.noEmit) return program.emit(file, writeFile, token, dtsOnly, transformers);
    if (preEmitErrors(file)) return { emitSkipped: true, diagnostics: [], emittedFiles: undefined };
    // Our diagnostics are clean, but the program's own noEmitOnError check would count the TS7028
    // and TS6133 left out above: emit with the check off (the options object is the program's).
    compilerOptions.noEmitOnError = false;
    try {
      return program.emit(file, writeFile, token, dtsOnly, transformers);
    } finally {
      compilerOptions.noEmitOnError = true;
    }
  };
  // ts-patch replaces the returned program's `emit` with one that runs the source transformers
  // and then appends what they reported: keep that one, and pass its result through the same
  // suppression, leaving out what getSemanticDiagnostics already reported.
  let patchedEmit: TS.Program["emit"] | undefined;
  const emitThroughPatch: TS.Program["emit"] = (...args) => {
    // ts-patch's emit ends in the program's emit as it was when it patched it (ownEmit), which
    // adds the declaration transformer: not here too.
    const result = patchedEmit!(...args);
    const reported = new Set(filesToCheck(args[0]).flatMap(stacklessOf).map(diagnosticKey));
    const diagnostics = applySuppression(result.diagnostics, options).filter(
      (d) => !isStacklessFalsePositive(ts, d) && !reported.has(diagnosticKey(d)),
    );
    return { ...result, diagnostics };
  };

  const wrapper: TS.Program = Object.create(program);
  wrapper.getSemanticDiagnostics = getSemanticDiagnostics;
  Object.defineProperty(wrapper, "emit", {
    configurable: true,
    enumerable: true,
    get: () => (patchedEmit ? emitThroughPatch : ownEmit),
    set: (emit: TS.Program["emit"]) => {
      patchedEmit = emit;
    },
  });
  return wrapper;
}

/** What the transformer reports for `file`, by running it without emitting. */
function analyseFile(ts: typeof TS, program: TS.Program, file: TS.SourceFile): TS.Diagnostic[] {
  if (file.isDeclarationFile || !file.text.includes("stackless")) return [];
  const found: TS.Diagnostic[] = [];
  const result = ts.transform(file, [transformer(program, { ts, onDiagnostic: (d) => found.push(d) })], program.getCompilerOptions());
  result.dispose();
  return found;
}

function diagnosticKey(d: TS.Diagnostic): string {
  return `${d.file?.fileName}:${d.start}:${d.code}`;
}

/** TS7028 on a state label, or TS6133 on a future's context parameter: used by the transformer. */
function isStacklessFalsePositive(ts: typeof TS, d: TS.Diagnostic): boolean {
  if (!d.file || d.start === undefined || (d.code !== UNUSED_LABEL && d.code !== UNUSED_DECLARATION)) return false;
  if (!d.file.text.includes("stackless")) return false;
  const node = tokenAt(ts, d.file, d.start);
  if (!node || !ts.isIdentifier(node)) return false;
  const markers = stacklessMarkerNames(ts, d.file);
  if (d.code === UNUSED_LABEL) return ts.isLabeledStatement(node.parent) && holdsSuspension(ts, node.parent.statement, markers);
  const param = node.parent;
  return ts.isParameter(param) && param.name === node && isFutureBody(ts, param.parent, markers);
}

/** The identifier (or other token) that starts at `position`. */
function tokenAt(ts: typeof TS, file: TS.SourceFile, position: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (n: TS.Node): void => {
    if (found || position < n.pos || position >= n.end) return;
    if (n.getStart(file) === position && ts.isIdentifier(n)) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** How the file names stackless's markers: named imports (local → exported) and namespaces. */
interface MarkerNames {
  readonly named: ReadonlyMap<string, string>;
  readonly namespaces: ReadonlySet<string>;
}

function stacklessMarkerNames(ts: typeof TS, file: TS.SourceFile): MarkerNames {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== "stackless") continue;
    const bindings = s.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements) named.set(e.name.text, (e.propertyName ?? e.name).text);
    }
  }
  return { named, namespaces };
}

/** The marker an expression names (`yield_`, `yield_.from`, `S.future`, …), or undefined. */
function markerName(ts: typeof TS, e: TS.Expression, markers: MarkerNames): string | undefined {
  if (ts.isIdentifier(e)) return markers.named.get(e.text);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  if (ts.isIdentifier(e.expression) && markers.namespaces.has(e.expression.text)) return e.name.text;
  const base = markerName(ts, e.expression, markers);
  return base && `${base}.${e.name.text}`;
}

const SUSPENSIONS = new Set(["yield_", "yield_.from", "await_"]);

/**
 * Whether `statement` directly holds a suspension: a `yield_`/`yield_.from`/`await_` call in
 * it, not inside a nested statement or function (the rule that names a state by its label).
 */
function holdsSuspension(ts: typeof TS, statement: TS.Statement, markers: MarkerNames): boolean {
  let holds = false;
  const visit = (n: TS.Node): void => {
    if (holds || ts.isFunctionLike(n) || ts.isClassLike(n) || (n !== statement && ts.isStatement(n))) return;
    if (ts.isCallExpression(n) && SUSPENSIONS.has(markerName(ts, n.expression, markers) ?? "")) holds = true;
    else ts.forEachChild(n, visit);
  };
  visit(statement);
  return holds;
}

/** Whether `fn` is the body of a `future(…)` marker call. */
function isFutureBody(ts: typeof TS, fn: TS.Node, markers: MarkerNames): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let call: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(call)) call = call.parent;
  return ts.isCallExpression(call) && markerName(ts, call.expression, markers) === "future";
}
