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
