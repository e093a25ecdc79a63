/**
 * A marker call the compiler refused (70007) is replaced by `__stackless.notCompiled(marker, code,
 * reason, where, ...arguments)`, so that at run time the NOT_TRANSFORMED error says which body,
 * why and where the build said so, instead of claiming that no transformer ran.
 */
import type * as TS from "typescript";
import type { Finding } from "../../analysis/diagnostics";

/** What the emitted call records: the marker, the diagnostic's code and reason, and its `file:line:col`. */
export interface Refusal {
  readonly marker: string;
  readonly code: number;
  readonly reason: string;
  readonly where: string;
}

/** The refusal a finding describes; `relativeFile` is the site's file as site ids name it. */
export function refusalOf(ts: typeof TS, marker: string, f: Finding, relativeFile: string): Refusal {
  const file = f.node.getSourceFile();
  const at = f.node.pos >= 0 ? ts.getLineAndCharacterOfPosition(file, f.node.getStart(file)) : undefined;
  const construct = (f.data as { construct?: string } | undefined)?.construct;
  // A 70007 names its construct; a marker call without a body says what the marker takes.
  const reason = construct ? `${construct} is not supported` : f.message.split(";")[0];
  return { marker, code: f.code, reason, where: at ? `${relativeFile}:${at.line + 1}:${at.character + 1}` : relativeFile };
}

/**
 * The replacement call: the original arguments (visited, so nested sites inside them are still
 * compiled) are passed on, evaluated as the marker call would evaluate them, and the call keeps
 * the original's text range so stack traces and source maps point at it.
 */
export function refusedCall(
  ts: typeof TS,
  runtime: (name: string) => TS.Expression,
  refusal: Refusal,
  call: TS.CallExpression,
  visit: (node: TS.Node) => TS.Node,
): TS.Expression {
  const f = ts.factory;
  const recorded = [f.createStringLiteral(refusal.marker), f.createNumericLiteral(refusal.code), f.createStringLiteral(refusal.reason), f.createStringLiteral(refusal.where)];
  const args = call.arguments.map((a) => visit(a) as TS.Expression);
  return ts.setTextRange(f.createCallExpression(runtime("notCompiled"), undefined, [...recorded, ...args]), call);
}
