/**
 * The plain stackless transformer, made to fail the build: a pipeline that ignores a
 * transformer's diagnostics (ts-jest, ts-loader) would otherwise go green with markers left in
 * place, so on a stackless error this factory throws, with the errors tsc-style as its message.
 */
import type * as TS from "typescript";
import { transformer } from "../transformer";
import { formatDiagnostic, isError } from "./compile";
import { projectTypescript } from "./typescript";

export class StacklessBuildError extends Error {
  static {
    this.prototype.name = "StacklessBuildError";
  }
}

export function strictTransformer(program?: TS.Program, options: { ts?: typeof TS } = {}): TS.TransformerFactory<TS.SourceFile> {
  const ts: typeof TS = options.ts ?? projectTypescript(__dirname);
  return (context) => {
    const reported: TS.Diagnostic[] = [];
    const visitFile = transformer(program, { ts, onDiagnostic: (d) => reported.push(d) })(context) as (file: TS.SourceFile) => TS.SourceFile;
    return (file) => {
      reported.length = 0;
      const transformed = visitFile(file);
      const errors = reported.filter((d) => isError(ts, d));
      if (errors.length) throw new StacklessBuildError(errors.map((d) => formatDiagnostic(ts, d)).join("\n"));
      return transformed;
    };
  };
}
