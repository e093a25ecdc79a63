/**
 * stackless/ts-jest: the transformer as a ts-jest `astTransformers` module
 * (`astTransformers: { before: ["stackless/ts-jest"] }`); a stackless error fails the test file.
 */
import type * as TS from "typescript";
import { transformer } from "../transformer";

/** What ts-jest passes to `factory`: its compiler, with the TypeScript module it loaded. */
interface TsJestCompiler {
  program?: TS.Program;
  configSet?: { compilerModule?: typeof TS };
}

export const name = "stackless";
/** ts-jest keys its cache on this: bump it when the output changes. */
export const version = "1";

export function factory(compiler?: TsJestCompiler): TS.TransformerFactory<TS.SourceFile> {
  // ts-jest never reads a transformer's diagnostics: the factory without onDiagnostic throws
  // StacklessDiagnosticsError on a stackless error, which fails the test file.
  return transformer(compiler?.program, { ts: compiler?.configSet?.compilerModule });
}
