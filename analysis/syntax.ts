/**
 * Small syntactic predicates the analysis and the compiler share, written once so that they
 * cannot disagree (they did: a body in `(…)!` was a body to one helper and not to another).
 */
import type * as TS from "typescript";

/**
 * The expression inside the wrappers that change nothing at run time: parentheses, `!`, `as T`,
 * `<T>x` and `satisfies T`. A marker's callee, a marker's body argument and an assignment target
 * are all looked at through these.
 */
export function skipOuterExpressions(ts: typeof TS, e: TS.Expression): TS.Expression {
  while (isOuterExpression(ts, e)) e = e.expression;
  return e;
}

/** Whether `e` is one of the run-time-transparent wrappers skipOuterExpressions removes. */
export function isOuterExpression(
  ts: typeof TS,
  e: TS.Node,
): e is TS.ParenthesizedExpression | TS.NonNullExpression | TS.AsExpression | TS.TypeAssertion | TS.SatisfiesExpression {
  return ts.isParenthesizedExpression(e) || ts.isNonNullExpression(e) || ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isSatisfiesExpression(e);
}

/** A body a marker can compile: an arrow function or a function expression. */
export function isBodyFunction(ts: typeof TS, e: TS.Node): e is TS.ArrowFunction | TS.FunctionExpression {
  return ts.isArrowFunction(e) || ts.isFunctionExpression(e);
}

/**
 * Whether the value of `e` is read: not a statement of its own, not `void`ed, not a discarded
 * comma operand or `for` clause (70009 and the generator conversion agree on what "used" means).
 */
export function isValueUsed(ts: typeof TS, e: TS.Expression): boolean {
  let node: TS.Node = e;
  while (ts.isParenthesizedExpression(node.parent)) node = node.parent;
  const parent = node.parent;
  if (ts.isExpressionStatement(parent) || ts.isVoidExpression(parent)) return false;
  if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.CommaToken && parent.left === node) return false;
  if (ts.isForStatement(parent) && (parent.initializer === node || parent.incrementor === node)) return false;
  return true;
}
