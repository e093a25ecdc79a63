/**
 * stackless/transformer: entry points. The compiler itself lives in ./compiler and ./analysis.
 *
 * - default export: the ts-patch / ttypescript "program" transformer
 *   `{ "transform": "stackless/transformer" }` → `(program, config, extras) => TransformerFactory`.
 * - `transformer(program?, options?)`: a plain factory for getCustomTransformers (ts-loader,
 *   ts-jest) and ts.transpileModule.
 * - `transformSource(code, options?)`: transpile one module's text (used by tests, the CLI, tools).
 */
import type * as TS from "typescript";

export interface StacklessOptions {
  /** The TypeScript module to build nodes with; defaults to require("typescript"). */
  ts?: typeof TS;
  /** Receives every diagnostic the transformer reports (70001+). */
  onDiagnostic?: (d: TS.Diagnostic) => void;
}

export declare function transformer(
  program?: TS.Program,
  options?: StacklessOptions,
): TS.TransformerFactory<TS.SourceFile>;

export interface TransformSourceResult {
  outputText: string;
  sourceMapText?: string;
  diagnostics: TS.Diagnostic[];
}

export declare function transformSource(
  code: string,
  options?: { fileName?: string; ts?: typeof TS; compilerOptions?: TS.CompilerOptions },
): TransformSourceResult;
