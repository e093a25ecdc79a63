/**
 * Quick fixes as plain data: the fixes the rules attached to their findings, picked by span and
 * code, and "import the missing marker from stackless" for TypeScript's "Cannot find name" on a
 * marker name. The tsserver plugin and `stackless lsp` translate these into their code actions.
 */
import type * as TS from "typescript";
import type { Finding, FindingFix } from "../diagnostics";
import { MARKER_EXPORTS, planImports } from "./imports";

/** TypeScript's "Cannot find name 'x'" and "Cannot find name 'x'. Did you mean 'y'?". */
export const CANNOT_FIND_NAME_CODES: readonly number[] = Object.freeze([2304, 2552]);

function overlaps(aStart: number, aEnd: number, bStart: number, bEnd: number): boolean {
  // An empty range (a cursor) counts when it touches the span, as editors ask at the cursor.
  return aStart <= bEnd && bStart <= aEnd;
}

/** The fixes of the findings with one of `codes` whose span meets [start, end). */
export function findingFixesAt(findings: readonly Finding[], start: number, end: number, codes: readonly number[]): FindingFix[] {
  const out: FindingFix[] = [];
  for (const f of findings) {
    if (!f.fixes?.length || !codes.includes(f.code)) continue;
    const file = f.node.getSourceFile();
    if (overlaps(f.node.getStart(file), f.node.getEnd(), start, end)) out.push(...f.fixes);
  }
  return out;
}

/** The identifier that spans (or starts at) `start`, when it is one. */
function identifierAt(ts: typeof TS, file: TS.SourceFile, start: number): TS.Identifier | undefined {
  let found: TS.Identifier | undefined;
  const visit = (n: TS.Node): void => {
    if (found || start < n.getFullStart() || start >= n.getEnd()) return;
    if (ts.isIdentifier(n) && n.getStart(file) <= start) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/**
 * For "Cannot find name" at `start`: the fix that imports the marker it names (`coroutine`,
 * `yield_`, …) from stackless, adding to an existing import when there is one.
 */
export function missingImportFix(ts: typeof TS, file: TS.SourceFile, start: number): FindingFix | undefined {
  const id = identifierAt(ts, file, start);
  if (!id || !MARKER_EXPORTS.includes(id.text)) return undefined;
  // `yield_.from` or `S.coroutine`: only the leftmost name can be the missing import.
  if (ts.isPropertyAccessExpression(id.parent) && id.parent.name === id) return undefined;
  const plan = planImports(ts, file, [id.text], { namedOnly: true });
  if (plan.edits.length === 0) return undefined;
  return { name: "stackless.addMissingImport", description: `Import '${id.text}' from "stackless"`, edits: plan.edits };
}
