/**
 * TypeScript diagnostics that stackless makes false: TS7028 "Unused label" on a state label (the
 * label names the state, the transformer reads it) and TS6133 on a future's context parameter
 * (the transformer rebinds it on every poll). The build's program entry and the tsserver plugin
 * both leave them out, through this one copy.
 */
import type * as TS from "typescript";

const UNUSED_LABEL = 7028;
const UNUSED_DECLARATION = 6133;

/** TS7028 on a state label, or TS6133 on a future's context parameter: used by the transformer. */
export function isStacklessFalsePositive(ts: typeof TS, d: TS.Diagnostic): boolean {
  if (!d.file || d.start === undefined || (d.code !== UNUSED_LABEL && d.code !== UNUSED_DECLARATION)) return false;
  if (!d.file.text.includes("stackless")) return false;
  const node = tokenAt(ts, d.file, d.start);
  if (!node || !ts.isIdentifier(node)) return false;
  const markers = stacklessMarkerNames(ts, d.file);
  if (d.code === UNUSED_LABEL) return ts.isLabeledStatement(node.parent) && holdsSuspension(ts, node.parent.statement, markers);
  const param = node.parent;
  return ts.isParameter(param) && param.name === node && isFutureBody(ts, param.parent, markers);
}

/** The identifier (or other token) that starts at `position`. */
function tokenAt(ts: typeof TS, file: TS.SourceFile, position: number): TS.Node | undefined {
  let found: TS.Node | undefined;
  const visit = (n: TS.Node): void => {
    if (found || position < n.pos || position >= n.end) return;
    if (n.getStart(file) === position && ts.isIdentifier(n)) found = n;
    else ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** How the file names stackless's markers: named imports (local → exported) and namespaces. */
interface MarkerNames {
  readonly named: ReadonlyMap<string, string>;
  readonly namespaces: ReadonlySet<string>;
}

function stacklessMarkerNames(ts: typeof TS, file: TS.SourceFile): MarkerNames {
  const named = new Map<string, string>();
  const namespaces = new Set<string>();
  for (const s of file.statements) {
    if (!ts.isImportDeclaration(s) || !ts.isStringLiteral(s.moduleSpecifier) || s.moduleSpecifier.text !== "stackless") continue;
    const bindings = s.importClause?.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) namespaces.add(bindings.name.text);
    if (bindings && ts.isNamedImports(bindings)) {
      for (const e of bindings.elements) named.set(e.name.text, (e.propertyName ?? e.name).text);
    }
  }
  return { named, namespaces };
}

/** The marker an expression names (`yield_`, `yield_.from`, `S.future`, …), or undefined. */
function markerName(ts: typeof TS, e: TS.Expression, markers: MarkerNames): string | undefined {
  if (ts.isIdentifier(e)) return markers.named.get(e.text);
  if (!ts.isPropertyAccessExpression(e)) return undefined;
  if (ts.isIdentifier(e.expression) && markers.namespaces.has(e.expression.text)) return e.name.text;
  const base = markerName(ts, e.expression, markers);
  return base && `${base}.${e.name.text}`;
}

const SUSPENSIONS = new Set(["yield_", "yield_.from", "await_"]);

/**
 * Whether `statement` directly holds a suspension: a `yield_`/`yield_.from`/`await_` call in
 * it, not inside a nested statement or function (the rule that names a state by its label).
 */
function holdsSuspension(ts: typeof TS, statement: TS.Statement, markers: MarkerNames): boolean {
  let holds = false;
  const visit = (n: TS.Node): void => {
    if (holds || ts.isFunctionLike(n) || ts.isClassLike(n) || (n !== statement && ts.isStatement(n))) return;
    if (ts.isCallExpression(n) && SUSPENSIONS.has(markerName(ts, n.expression, markers) ?? "")) holds = true;
    else ts.forEachChild(n, visit);
  };
  visit(statement);
  return holds;
}

/** Whether `fn` is the body of a `future(…)` marker call. */
function isFutureBody(ts: typeof TS, fn: TS.Node, markers: MarkerNames): boolean {
  if (!ts.isArrowFunction(fn) && !ts.isFunctionExpression(fn)) return false;
  let call: TS.Node = fn.parent;
  while (ts.isParenthesizedExpression(call)) call = call.parent;
  return ts.isCallExpression(call) && markerName(ts, call.expression, markers) === "future";
}
