/**
 * What printed code can do: whether an expression runs user code (isPure, isSideEffectFree), and
 * whether a statement of resume can run user code or throw at all (isInertStatement), which the
 * case passes read to leave out stores and the try nobody could observe.
 */
import type * as TS from "typescript";

/**
 * A statement of resume that can neither run user code nor throw: assignments of inert values to
 * locals of resume or to the instance's own fields (data properties made by its constructor),
 * `if`s on inert conditions, returns, `continue dispatch`.
 */
export function isInertStatement(ts: typeof TS, st: TS.Statement, locals: Set<string>, fields: Set<string>): boolean {
  const inert = (e: TS.Expression): boolean => isInertExpression(ts, e, locals, fields);
  if (ts.isExpressionStatement(st)) return inert(st.expression);
  if (ts.isReturnStatement(st)) return !st.expression || inert(st.expression);
  if (ts.isBlock(st)) return st.statements.every((x) => isInertStatement(ts, x, locals, fields));
  if (ts.isIfStatement(st)) return inert(st.expression) && isInertStatement(ts, st.thenStatement, locals, fields) && (!st.elseStatement || isInertStatement(ts, st.elseStatement, locals, fields));
  return ts.isContinueStatement(st) || ts.isBreakStatement(st) || ts.isEmptyStatement(st);
}

function isInertExpression(ts: typeof TS, e: TS.Expression, locals: Set<string>, fields: Set<string>): boolean {
  const inert = (x: TS.Expression): boolean => isInertExpression(ts, x, locals, fields);
  const ownField = (x: TS.Expression) => ts.isPropertyAccessExpression(x) && x.expression.kind === ts.SyntaxKind.ThisKeyword && ts.isIdentifier(x.name) && fields.has(x.name.text);
  const target = (x: TS.Expression) => (ts.isIdentifier(x) && locals.has(x.text)) || ownField(x);
  if (ts.isIdentifier(e)) return locals.has(e.text);
  if (ownField(e)) return true;
  if (ts.isNumericLiteral(e) || ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
  switch (e.kind) {
    case ts.SyntaxKind.TrueKeyword:
    case ts.SyntaxKind.FalseKeyword:
    case ts.SyntaxKind.NullKeyword:
      return true;
  }
  if (ts.isParenthesizedExpression(e)) return inert(e.expression);
  if (ts.isVoidExpression(e) || ts.isTypeOfExpression(e)) return inert(e.expression);
  if (ts.isPrefixUnaryExpression(e)) return (e.operator === ts.SyntaxKind.ExclamationToken && inert(e.operand)) || (e.operator === ts.SyntaxKind.MinusToken && ts.isNumericLiteral(e.operand));
  if (ts.isConditionalExpression(e)) return inert(e.condition) && inert(e.whenTrue) && inert(e.whenFalse);
  if (ts.isBinaryExpression(e)) {
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.EqualsToken:
        return target(e.left) && inert(e.right);
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
      case ts.SyntaxKind.AmpersandAmpersandToken:
      case ts.SyntaxKind.BarBarToken:
      case ts.SyntaxKind.QuestionQuestionToken:
      case ts.SyntaxKind.CommaToken:
        return inert(e.left) && inert(e.right);
    }
    return false;
  }
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) && inert(p.initializer));
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && (ts.isOmittedExpression(x) || inert(x)));
  return false;
}

/** An expression whose evaluation runs no user code: names, literals, `this.field`, literals of those. */
export function isPure(ts: typeof TS, e: TS.Expression): boolean {
  if (isSideEffectFree(ts, e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) return true;
  if (ts.isPropertyAccessExpression(e)) return e.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && isPure(ts, x));
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isPure(ts, p.initializer));
  return false;
}

export function isSideEffectFree(ts: typeof TS, e: TS.Expression): boolean {
  return ts.isIdentifier(e) || ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e);
}

