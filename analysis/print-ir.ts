/**
 * A readable text of a lowered body (the block graph): for golden tests of the lowering, and for
 * anyone reading what the compiler made of a body. One line per statement, one per terminator.
 */
import type * as TS from "typescript";
import type { Handler, Terminator } from "./ir";
import type { LoweredBody } from "./lower";

function handlerText(h: Handler): string {
  const parent = h.parent === undefined ? "" : `, then handler ${h.parent}`;
  if (h.kind === "catch") return `catch into ${h.error.name} at block ${h.entry}${parent}`;
  if (h.kind === "finally") return `finally (${h.completion.name}, ${h.value.name}) at block ${h.entry}${parent}`;
  return `close iterator ${h.iterator.name}${parent}`;
}

function terminatorText(t: Terminator | undefined, expr: (e: TS.Node) => string, states: readonly string[]): string {
  if (!t) return "(no terminator)";
  switch (t.kind) {
    case "goto":
      return `goto ${t.target}`;
    case "branch":
      return `if (${expr(t.cond)}) goto ${t.whenTrue} else goto ${t.whenFalse}`;
    case "suspend": {
      const extra = [t.passThrough ? "pass-through" : "", t.throwEntry !== undefined ? `throw → ${t.throwEntry}` : "", t.returnEntry !== undefined ? `return → ${t.returnEntry}` : ""].filter(Boolean);
      return `suspend ${states[t.state] ?? t.state}${t.value ? ` (${expr(t.value)})` : ""} resume → ${t.resume}${extra.length ? `; ${extra.join("; ")}` : ""}`;
    }
    case "return":
      return `return${t.value ? ` ${expr(t.value)}` : ""}`;
    case "throw":
      return "(throws)";
  }
}

/**
 * The body's blocks, handlers and machine variables as text; `file` is the body's source file
 * (the printer reads the text of source nodes from it), `states` names the suspend states.
 */
export function printLoweredBody(ts: typeof TS, body: LoweredBody, file: TS.SourceFile, states: readonly string[] = []): string {
  const printer = ts.createPrinter({ removeComments: false, newLine: ts.NewLineKind.LineFeed });
  const expr = (n: TS.Node): string => printer.printNode(ts.EmitHint.Unspecified, n, file).replace(/\n\s*/g, " ");
  const lines: string[] = [];
  lines.push(`machine variables: ${[...body.machineVars].map((b) => b.name).join(", ") || "(none)"}`);
  body.handlers.forEach((h, i) => lines.push(`handler ${i}: ${handlerText(h)}`));
  for (const b of body.blocks) {
    const tags = [b.handler !== undefined ? `handler ${b.handler}` : "", b.embeddedJumps.length ? `embedded jumps → ${b.embeddedJumps.join(", ")}` : ""].filter(Boolean);
    lines.push(`block ${b.id}${tags.length ? ` [${tags.join("; ")}]` : ""}:`);
    for (const s of b.stmts) lines.push(`  ${expr(s)}`);
    lines.push(`  ${terminatorText(b.term, expr, states)}`);
  }
  return lines.join("\n") + "\n";
}
