/**
 * SPEC "Diagnostics" as run-time data (the one DIAGNOSTICS table: code, name, default severity,
 * message template, whether a quick fix exists), the Finding the analysis produces, and how the
 * build and the editor turn a finding into a ts.Diagnostic (source "stackless").
 */
import type * as TS from "typescript";

/** The stable codes, by name (a plain object: the codes can be listed at run time). */
export const Code = {
  ResumedAfterDone: 70001,
  IgnoredFirstInput: 70002,
  SuspensionOutsideBody: 70003,
  TypeMismatch: 70004,
  EndReachable: 70005,
  NeverUsed: 70006,
  CannotCompile: 70007,
  DuplicateStateLabel: 70008,
  UntypedInput: 70009,
} as const;
export type Code = (typeof Code)[keyof typeof Code];

export type Severity = "error" | "warning";

export interface DiagnosticSpec {
  readonly code: Code;
  readonly name: keyof typeof Code;
  readonly severity: Severity;
  /** SPEC's "misuse" column; a finding's own message says what exactly, and where. */
  readonly template: string;
  /** Whether the editor offers a quick fix for it (the finding's data holds the node the fix needs). */
  readonly fixable: boolean;
}

function row(name: keyof typeof Code, severity: Severity, fixable: boolean, template: string): DiagnosticSpec {
  return Object.freeze({ code: Code[name], name, severity, template, fixable });
}

/** SPEC's table, once. New diagnostics get the next free code and a row here. */
export const DIAGNOSTICS: Readonly<Record<Code, DiagnosticSpec>> = Object.freeze({
  70001: row("ResumedAfterDone", "error", false, "a resume on an instance that has certainly reached Done"),
  70002: row("IgnoredFirstInput", "warning", true, "the ignored first input"),
  70003: row("SuspensionOutsideBody", "error", false, "yield_, yield_.from or await_ outside a body, or inside a nested function"),
  70004: row("TypeMismatch", "error", true, "a yield_ operand not assignable to the declared output type, or a yield_<T> whose T does not accept the declared input type"),
  70005: row("EndReachable", "warning", true, "a body whose end is reachable in a coroutine"),
  70006: row("NeverUsed", "warning", false, "a coroutine created and never used"),
  70007: row("CannotCompile", "error", false, "a construct the transformer cannot compile: {construct}"),
  70008: row("DuplicateStateLabel", "error", true, "two suspension states with the same label"),
  // Beyond SPEC's table (SPEC: new diagnostics take the next free code); docs/diagnostics.md documents it.
  70009: row("UntypedInput", "warning", true, "a yield_() whose value is used while its type is any"),
});

/** Every code of the table, ascending (what tsserver's getSupportedCodeFixes lists, among others). */
export const DIAGNOSTIC_CODES: readonly Code[] = Object.freeze(Object.values(Code).sort((a, b) => a - b));

/** Typed facts per code, for the editor's fixes and hovers. */
export interface FindingData {
  /** 70007: the construct, as the message names it. */
  70007?: { construct: string };
  /** 70008: the state name two suspensions share. */
  70008?: { state: string };
  /** 70003: the suspension's callee name ("yield_", "yield_.from", "await_"). */
  70003?: { suspension: string };
}

export interface RelatedSpan {
  readonly node: TS.Node;
  readonly message: string;
}

/** One text edit of a fix, in the finding's file (the shape of ts.TextChange, editor-neutral). */
export interface FixEdit {
  readonly start: number;
  readonly length: number;
  readonly newText: string;
}

/**
 * A quick fix a rule computes beside its finding (no editor API: the tsserver plugin and
 * `stackless lsp` both turn it into their own code action).
 */
export interface FindingFix {
  /** Stable id (tsserver's fixName), e.g. "stackless.removeIgnoredInput". */
  readonly name: string;
  /** What the editor shows, e.g. "Remove the ignored first input". */
  readonly description: string;
  readonly edits: readonly FixEdit[];
}

export interface Finding {
  readonly code: Code;
  readonly severity: Severity;
  /** The node at fault: the diagnostic's span, and what a fix edits. */
  readonly node: TS.Node;
  readonly message: string;
  readonly data?: FindingData[keyof FindingData];
  readonly related?: readonly RelatedSpan[];
  /** The quick fixes for it, when its DIAGNOSTICS row is fixable. */
  readonly fixes?: readonly FindingFix[];
}

export function finding(
  code: Code,
  node: TS.Node,
  message: string,
  extra: { data?: Finding["data"]; related?: readonly RelatedSpan[]; fixes?: readonly FindingFix[] } = {},
): Finding {
  return { code, severity: DIAGNOSTICS[code].severity, node, message, ...extra };
}

function spanOf(node: TS.Node): { file: TS.SourceFile; start: number; length: number } {
  const file = node.getSourceFile();
  const start = node.getStart(file);
  return { file, start, length: Math.max(0, node.getEnd() - start) };
}

export function toDiagnostic(ts: typeof TS, f: Finding): TS.Diagnostic {
  const { file, start, length } = spanOf(f.node);
  const d: TS.Diagnostic = {
    file,
    start,
    length,
    messageText: f.message,
    category: f.severity === "error" ? ts.DiagnosticCategory.Error : ts.DiagnosticCategory.Warning,
    code: f.code,
    source: "stackless",
  };
  if (f.related?.length) {
    d.relatedInformation = f.related.map((r) => ({ ...spanOf(r.node), messageText: r.message, category: ts.DiagnosticCategory.Message, code: f.code }));
  }
  return d;
}
