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
import { isStacklessFalsePositive } from "../analysis/false-positives";
import { transformer } from "./index";
import { stateUnionDeclarations } from "./declarations";

/** What ts-patch passes as the fourth argument of a program transformer. */
interface ProgramTransformerExtras {
  ts?: typeof TS;
}

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
    ...filesToCheck(file).flatMap(stacklessOf).filter((d) => !failsOnWarnings() || d.category === ts.DiagnosticCategory.Error),
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

/**
 * Whether the tool reading the type checker's list here fails a compile on a warning: ts-node,
 * or ts-jest under jest (jest sets JEST_WORKER_ID in every test process, in-band runs included;
 * ts-jest throws on any warning it reads). tspc prints stackless's warnings and builds past them.
 */
function failsOnWarnings(): boolean {
  return underTsNode() || process.env.JEST_WORKER_ID !== undefined;
}

/**
 * Whether ts-node is compiling in this process (its register instance, exported by ts-node as
 * REGISTER_INSTANCE, is set). ts-node fails a compile on every diagnostic it reads, warnings
 * included, so there stackless's warnings (which tspc prints and builds past) are left out.
 */
function underTsNode(): boolean {
  return (process as unknown as Record<symbol, unknown>)[Symbol.for("ts-node.register.instance")] !== undefined;
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
