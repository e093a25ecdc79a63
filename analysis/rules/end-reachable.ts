/**
 * 70005: a reachable end in a `coroutine` body (plain outputs, no restart: coroutine,
 * coroutine.yieldAtStart, coroutine.unified). Falling off the end is `return undefined`: the
 * resume that gets there outputs `undefined`, which the coroutine's output type rarely means.
 * coroutine.loop starts over instead, and generators and futures end normally ({ done: true },
 * Poll.ready), so they get nothing. The fix inserts `return undefined;` before the closing brace,
 * for the user to replace `undefined` with the last output.
 */
import type * as TS from "typescript";
import type { SiteAnalysis } from "../analyze";
import { Code, finding, type Finding, type FindingFix } from "../diagnostics";
import type { Rule } from "./index";

/** Whether the marker's body can end at all without it meaning something (see the header). */
function endMatters(sa: SiteAnalysis): boolean {
  return sa.marker.output === "plain" && !sa.marker.restartsOnReturn;
}

/**
 * Whether a native statement can complete normally, syntactically: false only when it certainly
 * cannot (throw, return, an if/else, switch or try whose every way out is one of those, an
 * infinite loop without a break). The block graph keeps statements without a suspension as they
 * are, so FlowFacts.endReachable cannot see inside them; this is the second opinion.
 */
export function canCompleteNormally(ts: typeof TS, s: TS.Statement): boolean {
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) return false;
  if (ts.isBlock(s)) return listCanComplete(ts, s.statements);
  if (ts.isIfStatement(s)) return !s.elseStatement || canCompleteNormally(ts, s.thenStatement) || canCompleteNormally(ts, s.elseStatement);
  if (ts.isTryStatement(s)) {
    if (s.finallyBlock && !canCompleteNormally(ts, s.finallyBlock)) return false;
    return canCompleteNormally(ts, s.tryBlock) || (!!s.catchClause && canCompleteNormally(ts, s.catchClause.block));
  }
  if (ts.isSwitchStatement(s)) {
    const clauses = s.caseBlock.clauses;
    if (!clauses.some((c) => ts.isDefaultClause(c)) || hasBreakOut(ts, s.caseBlock)) return true;
    // Falling through: only the last clause's end leaves the switch.
    return listCanComplete(ts, clauses[clauses.length - 1].statements);
  }
  if (ts.isWhileStatement(s) || ts.isDoStatement(s)) return !isTrue(ts, s.expression) || hasBreakOut(ts, s.statement);
  if (ts.isForStatement(s)) return (s.condition !== undefined && !isTrue(ts, s.condition)) || hasBreakOut(ts, s.statement);
  if (ts.isLabeledStatement(s)) return canCompleteNormally(ts, s.statement) || hasLabelledBreak(ts, s.statement, s.label.text);
  return true;
}

function listCanComplete(ts: typeof TS, list: readonly TS.Statement[]): boolean {
  return list.length === 0 || canCompleteNormally(ts, list[list.length - 1]);
}

function isTrue(ts: typeof TS, e: TS.Expression): boolean {
  return e.kind === ts.SyntaxKind.TrueKeyword;
}

/** Whether a `break` inside `node` can leave it (unlabelled ones that nested loops or switches don't take; any labelled one). */
function hasBreakOut(ts: typeof TS, node: TS.Node): boolean {
  let found = false;
  const look = (n: TS.Node, nested: boolean): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBreakStatement(n) && (n.label || !nested)) found = true;
    const inner = nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n);
    ts.forEachChild(n, (c) => look(c, inner));
  };
  look(node, false);
  return found;
}

function hasLabelledBreak(ts: typeof TS, node: TS.Node, label: string): boolean {
  let found = false;
  const look = (n: TS.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBreakStatement(n) && n.label?.text === label) found = true;
    ts.forEachChild(n, look);
  };
  look(node);
  return found;
}

/** The fix: `return undefined;` on its own line before the body's closing brace, indented as the last statement. */
function insertReturn(body: TS.Block, close: TS.Node): FindingFix {
  const file = body.getSourceFile();
  const last = body.statements[body.statements.length - 1];
  const lineStart = (pos: number) => file.text.lastIndexOf("\n", pos - 1) + 1;
  const indentOf = (pos: number) => /^[ \t]*/.exec(file.text.slice(lineStart(pos)))![0];
  const closeAt = close.getStart(file);
  const closeIndent = indentOf(closeAt);
  const ownLine = file.text.slice(lineStart(closeAt), closeAt).trim() === "";
  const indent = last ? indentOf(last.getStart(file)) : closeIndent + "  ";
  const edit = ownLine
    ? { start: lineStart(closeAt), length: 0, newText: `${indent}return undefined;\n` }
    : { start: closeAt, length: 0, newText: " return undefined; " };
  return { name: "stackless.insertReturn", description: "Add a return at the end of the body", edits: [edit] };
}

function endReachableOf(ts: typeof TS, sa: SiteAnalysis): Finding | undefined {
  const body = sa.site.body.body;
  if (!endMatters(sa) || !sa.summary?.endReachable || !ts.isBlock(body) || !listCanComplete(ts, body.statements)) return undefined;
  const close = body.getLastToken(body.getSourceFile());
  if (!close || close.kind !== ts.SyntaxKind.CloseBraceToken) return undefined;
  return finding(
    Code.EndReachable,
    close,
    `the end of this ${sa.site.kind}() body is reachable: the resume that runs off it outputs undefined and the instance enters Done. ` +
      `End the body with a 'return' of the last output (or use coroutine.loop for a body that starts over).`,
    { fixes: [insertReturn(body, close)] },
  );
}

export const endReachable: Rule = ({ ts, analysis }) => analysis.sites.map((sa) => endReachableOf(ts, sa)).filter((f): f is Finding => f !== undefined);
