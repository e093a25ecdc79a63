/**
 * Naming the states of a body: "Start", one state per suspension (the label of the statement
 * that holds it, else Yield1, Yield2, … / Await1, … counting unlabelled ones in source order),
 * "Done". Two states with the same name are diagnostic 70008.
 */
import type * as TS from "typescript";
import type { Site, Suspension } from "./markers";
import { Code, finding, type Finding } from "./diagnostics";
import { kindSet } from "./scopes";

function isStatementNode(ts: typeof TS, n: TS.Node): boolean {
  return (
    ts.isExpressionStatement(n) ||
    ts.isVariableStatement(n) ||
    ts.isIfStatement(n) ||
    ts.isReturnStatement(n) ||
    ts.isThrowStatement(n) ||
    ts.isSwitchStatement(n) ||
    ts.isIterationStatement(n, false) ||
    ts.isLabeledStatement(n) ||
    ts.isBlock(n) ||
    ts.isTryStatement(n) ||
    ts.isClassDeclaration(n)
  );
}

/** The label that names a suspension: that of the statement that directly holds it, if any. */
export function labelOf(ts: typeof TS, call: TS.Node): string | undefined {
  const statement = kindSet(ts, "states.statement", (n) => isStatementNode(ts, n));
  let n: TS.Node = call.parent;
  while (n && statement.of(n.kind) !== 1) n = n.parent;
  if (n && n.parent && ts.isLabeledStatement(n.parent)) return n.parent.label.text;
  return undefined;
}

export interface StateTable {
  /** Start, one per suspension in source order, Done. */
  readonly names: readonly string[];
  /** The site's suspensions in source order, each with its state. */
  readonly suspensions: readonly Suspension[];
}

/** Name the states of `site` (70008 into `findings` for a name used twice). */
export function nameStates(ts: typeof TS, site: Site, findings: Finding[]): StateTable {
  const start = new Map(site.suspensions.map((s) => [s, s.call.getStart()]));
  const ordered = [...site.suspensions].sort((a, b) => start.get(a)! - start.get(b)!);
  const names = ["Start"];
  const seen = new Map<string, TS.Node>([["Start", site.body], ["Done", site.body]]);
  let yields = 0;
  let awaits = 0;
  const suspensions = ordered.map((s, i): Suspension => {
    const label = labelOf(ts, s.call);
    const name = label ?? (s.kind === "await_" ? `Await${++awaits}` : `Yield${++yields}`);
    if (seen.has(name)) {
      findings.push(
        finding(
          Code.DuplicateStateLabel,
          s.call,
          `two suspension states are named '${name}': each state needs its own label (a statement that holds ` +
            `several suspensions, a reused label, or a label that clashes with Start, Done or YieldN)`,
          { data: { state: name }, related: [{ node: seen.get(name)!, message: `'${name}' is also the name of this state` }] },
        ),
      );
    }
    seen.set(name, s.call);
    names.push(name);
    return { call: s.call, kind: s.kind, index: i + 1, name };
  });
  names.push("Done");
  return { names, suspensions };
}
