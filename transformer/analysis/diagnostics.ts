/**
 * The stable diagnostic codes of SPEC "Diagnostics", and how both the build and the editor turn
 * the analysis' findings into ts.Diagnostic objects (source "stackless").
 */
import type * as TS from "typescript";

export const enum Code {
  ResumedAfterDone = 70001,
  IgnoredFirstInput = 70002,
  SuspensionOutsideBody = 70003,
  TypeMismatch = 70004,
  EndReachable = 70005,
  NeverUsed = 70006,
  CannotCompile = 70007,
  DuplicateStateLabel = 70008,
}

export interface Finding {
  code: Code;
  severity: "error" | "warning";
  node: TS.Node;
  message: string;
}

export function finding(code: Code, node: TS.Node, message: string): Finding {
  const warning = code === Code.IgnoredFirstInput || code === Code.EndReachable || code === Code.NeverUsed;
  return { code, severity: warning ? "warning" : "error", node, message };
}

export function toDiagnostic(ts: typeof TS, f: Finding): TS.Diagnostic {
  const file = f.node.getSourceFile();
  const start = f.node.getStart(file);
  return {
    file,
    start,
    length: Math.max(0, f.node.getEnd() - start),
    messageText: f.message,
    category: f.severity === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
    code: f.code,
    source: "stackless",
  };
}
