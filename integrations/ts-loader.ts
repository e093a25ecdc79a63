/**
 * stackless/ts-loader: ts-loader's `getCustomTransformers` (give ts-loader this module's path,
 * `require.resolve("stackless/ts-loader")`, or the function itself); a stackless error fails
 * the webpack build.
 */
import type * as TS from "typescript";
import { transformer } from "../transformer";

function getCustomTransformers(program?: TS.Program): TS.CustomTransformers {
  // ts-loader never reads a transformer's diagnostics: the factory without onDiagnostic throws
  // StacklessDiagnosticsError on a stackless error, which webpack reports as a module build error.
  return { before: [transformer(program)] };
}

export = getCustomTransformers;
