/**
 * checkFile: every stackless finding of one file, the one entry the build, `stackless check`, the
 * tsserver plugin and `stackless lsp` call, so all four report the same findings from the same
 * code. stacklessDiagnostics turns them into ts.Diagnostics with the severity options and
 * `// @stackless-ignore` comments applied.
 */
import type * as TS from "typescript";
import { analyzeFile, type FileAnalysis } from "./analyze";
import { toDiagnostic, type Finding } from "./diagnostics";
import { RULES } from "./rules";
import { applySuppression, type SuppressionOptions } from "./suppression";

export interface CheckOptions {
  /** The program's checker, for the type-aware rules; without it they report nothing. */
  readonly checker?: TS.TypeChecker;
}

export interface FileCheck {
  readonly analysis: FileAnalysis;
  /** Every finding, in source order of their spans. */
  readonly findings: readonly Finding[];
}

// One check per (file version, checker): tsserver hands back the same SourceFile object while a
// file is unchanged, so repeated requests reuse the analysis; an edit makes a new SourceFile.
const cache = new WeakMap<TS.SourceFile, { checker: TS.TypeChecker | undefined; result: FileCheck }>();

/** The file's analysis and all of its findings (cached per SourceFile object and checker). */
export function checkFile(ts: typeof TS, file: TS.SourceFile, options: CheckOptions = {}): FileCheck {
  const cached = cache.get(file);
  if (cached && cached.checker === options.checker) return cached.result;
  const analysis = analyzeFile(ts, file, { checker: options.checker, reuse: true });
  const findings: Finding[] = [...analysis.findings, ...analysis.sites.flatMap((s) => s.findings)];
  for (const rule of RULES) findings.push(...rule({ ts, analysis, checker: options.checker }));
  findings.sort((a, b) => a.node.getStart(file) - b.node.getStart(file) || a.code - b.code);
  const result: FileCheck = { analysis, findings };
  cache.set(file, { checker: options.checker, result });
  return result;
}

/** checkFile's findings as diagnostics (source "stackless"), after severity options and ignore comments. */
export function stacklessDiagnostics(ts: typeof TS, file: TS.SourceFile, options: CheckOptions & { suppression?: SuppressionOptions } = {}): TS.Diagnostic[] {
  const { findings } = checkFile(ts, file, options);
  return applySuppression(
    findings.map((f) => toDiagnostic(ts, f)),
    options.suppression ?? {},
  );
}
