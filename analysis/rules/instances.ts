/**
 * Local instances and the order of their resumes: the shared reasoning of the rules about one
 * instance's uses (70001 resumed after Done, 70002 the ignored first input). Conservative by
 * construction: an instance is only followed when every use of it is one the walk understands,
 * and every count is a lower bound that holds on every path reaching the point.
 */
import type * as TS from "typescript";
import type { FileAnalysis, SiteAnalysis } from "../analyze";
import type { Binding } from "../scopes";
import { isOuterExpression, skipOuterExpressions } from "../syntax";

/**
 * A `const` (or never-reassigned `let`) local initialised directly with a marker call, whose every
 * use is a resume (`resume`, `next` on generators), a read of `done` / `state`, a `clone()` or
 * `snapshot()`, or (generators) a `for … of` / spread that runs it to the end. Anything else
 * (passed on, stored, returned, exported, captured by a closure, `throw()`, `return()`, …) means
 * the instance escapes and no local instance is made for it.
 */
export interface LocalInstance {
  readonly site: SiteAnalysis;
  readonly binding: Binding;
  readonly declaration: TS.VariableDeclaration;
  /** The statements that can see the instance: those after its declaration in its block. */
  readonly following: readonly TS.Statement[];
  /** The resume calls (`c.resume(x)`, `g.next(x)`). */
  readonly resumes: ReadonlySet<TS.CallExpression>;
  /** The `c.done` reads (the walk learns from `if (c.done)` and `while (!c.done)`). */
  readonly doneReads: ReadonlySet<TS.Node>;
  /** Generators: the expressions a `for … of` or a spread runs to the end (the instance itself). */
  readonly consumers: ReadonlySet<TS.Node>;
}

const NEUTRAL_READS = new Set(["done", "state"]);
const NEUTRAL_CALLS = new Set(["clone", "snapshot"]);

/** The references of each binding of the file, declarations left out. */
function referencesByBinding(analysis: FileAnalysis): Map<Binding, TS.Identifier[]> {
  const out = new Map<Binding, TS.Identifier[]>();
  for (const [id, b] of analysis.bind?.refs ?? []) {
    if (id === b.declaration) continue;
    const list = out.get(b);
    if (list) list.push(id);
    else out.set(b, [id]);
  }
  return out;
}

/** The outermost of the run-time-transparent wrappers around `e` (`(c)!` for `c`). */
function outermost(ts: typeof TS, e: TS.Node): TS.Node {
  while (e.parent && isOuterExpression(ts, e.parent)) e = e.parent;
  return e;
}

/** Whether `node` is written to: an assignment's target, `++`/`--`, `delete`. */
function isWritten(ts: typeof TS, node: TS.Node): boolean {
  const p = node.parent;
  if (ts.isBinaryExpression(p) && p.left === node && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  return ts.isDeleteExpression(p);
}

type Use = { kind: "resume"; node: TS.CallExpression } | { kind: "done"; node: TS.Node } | { kind: "consume"; node: TS.Node } | { kind: "neutral" };

/** What one reference of an instance does, or undefined when it lets the instance escape. */
function classify(ts: typeof TS, ref: TS.Identifier, site: SiteAnalysis): Use | undefined {
  const e = outermost(ts, ref);
  const p = e.parent;
  const generator = site.marker.output === "iteratorResult";
  if (ts.isPropertyAccessExpression(p) && p.expression === e && ts.isIdentifier(p.name)) {
    const member = p.name.text;
    const call = outermost(ts, p).parent;
    const called = ts.isCallExpression(call) && skipOuterExpressions(ts, call.expression) === p;
    if (called && !p.questionDotToken && (member === "resume" || (generator && member === "next"))) return { kind: "resume", node: call };
    if (called && NEUTRAL_CALLS.has(member)) return { kind: "neutral" };
    if (!called && NEUTRAL_READS.has(member) && !isWritten(ts, outermost(ts, p))) return member === "done" ? { kind: "done", node: outermost(ts, p) } : { kind: "neutral" };
    return undefined;
  }
  if (generator && ts.isForOfStatement(p) && p.expression === e && !p.awaitModifier) return { kind: "consume", node: e };
  if (generator && ts.isSpreadElement(p) && (ts.isArrayLiteralExpression(p.parent) || ts.isCallExpression(p.parent) || ts.isNewExpression(p.parent))) return { kind: "consume", node: e };
  return undefined;
}

function isExported(ts: typeof TS, statement: TS.VariableStatement): boolean {
  return !!statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DeclareKeyword);
}

// The rules 70001, 70002 and 70006 each ask for the file's local instances: found once per analysis.
const instancesOf = new WeakMap<FileAnalysis, readonly LocalInstance[]>();

/** The local instances of the file whose every use the walk understands (futures are left out: a poll's outcome is not the body's alone). */
export function localInstances(ts: typeof TS, analysis: FileAnalysis): readonly LocalInstance[] {
  let found = instancesOf.get(analysis);
  if (!found) instancesOf.set(analysis, (found = findLocalInstances(ts, analysis)));
  return found;
}

function findLocalInstances(ts: typeof TS, analysis: FileAnalysis): LocalInstance[] {
  if (!analysis.bind || analysis.sites.length === 0) return [];
  const byCall = new Map<TS.Node, SiteAnalysis>(analysis.sites.map((s) => [s.site.call, s]));
  // Made when the first candidate needs it: most files have no local instance at all.
  let refs: Map<Binding, TS.Identifier[]> | undefined;
  const out: LocalInstance[] = [];
  // `refs` has one entry per reference: each binding is looked at once, in the order first met.
  const seen = new Set<Binding>();
  for (const [, binding] of analysis.bind.refs) {
    if (seen.has(binding)) continue;
    seen.add(binding);
    if (binding.declaration === undefined || (binding.kind !== "const" && binding.kind !== "let") || binding.assigned || binding.captured) continue;
    const declaration = binding.declaration.parent;
    if (!ts.isVariableDeclaration(declaration) || declaration.name !== binding.declaration || !declaration.initializer) continue;
    const site = byCall.get(skipOuterExpressions(ts, declaration.initializer));
    if (!site || site.marker.output === "poll") continue;
    const statement = declaration.parent.parent;
    if (!ts.isVariableStatement(statement) || isExported(ts, statement)) continue;
    const block = statement.parent;
    if (!ts.isBlock(block) && !ts.isSourceFile(block)) continue;
    const resumes = new Set<TS.CallExpression>();
    const doneReads = new Set<TS.Node>();
    const consumers = new Set<TS.Node>();
    let escapes = false;
    refs ??= referencesByBinding(analysis);
    for (const ref of refs.get(binding) ?? []) {
      const use = classify(ts, ref, site);
      if (!use) escapes = true;
      else if (use.kind === "resume") resumes.add(use.node);
      else if (use.kind === "done") doneReads.add(use.node);
      else if (use.kind === "consume") consumers.add(use.node);
    }
    if (escapes) continue;
    const following = block.statements.slice(block.statements.indexOf(statement) + 1);
    out.push({ site, binding, declaration, following, resumes, doneReads, consumers });
  }
  return out;
}

/**
 * What is known at a point of the code that can see the instance, on every path reaching it:
 * `min` resumes have certainly run (Infinity: the instance is certainly in Done), and whether any
 * resume may have run (`any`).
 */
export interface ResumeCount {
  readonly min: number;
  readonly any: boolean;
}

/** What the walk tells its visitor at each resume (or run to the end by for…of / spread). */
export interface ResumeVisit {
  readonly node: TS.Node;
  /** A resume call, or a for…of / spread over a generator. */
  readonly kind: "resume" | "consume";
  /** The count before it. */
  readonly before: ResumeCount;
  /** Inside a loop that can run it more than once (in the region the walk follows). */
  readonly inLoop: boolean;
  /** Certainly in Done because a `c.done` test or a run to the end said so (not by counting). */
  readonly doneByTest: boolean;
}

const START: ResumeCount = { min: 0, any: false };
const DONE: ResumeCount = { min: Infinity, any: true };

function merge(a: ResumeCount | undefined, b: ResumeCount | undefined): ResumeCount | undefined {
  if (!a) return b;
  if (!b) return a;
  return { min: Math.min(a.min, b.min), any: a.any || b.any };
}

/** The largest literal-bound loop the walk unrolls; a longer one is followed as an unbounded loop. */
const MAX_UNROLL = 256;

/**
 * Follow the statements that can see the instance in execution order and call `visit` at each
 * resume with what is certain before it. Counts only grow along a path, so a construct the walk
 * does not model is taken to leave the count where it found it (a lower bound). A statement that
 * cannot complete normally gives undefined (the next one is not reached from it).
 */
export function walkResumes(ts: typeof TS, instance: LocalInstance, visit: (v: ResumeVisit) => void): void {
  let loops = 0;

  // Counting never reaches Infinity: only a `done` test or a run to the end makes Done certain.
  const report = (node: TS.Node, kind: ResumeVisit["kind"], before: ResumeCount) =>
    visit({ node, kind, before, inLoop: loops > 0, doneByTest: before.min === Infinity });

  /** `c.done` (true) or `!c.done` (false) as the whole condition; undefined for anything else. */
  const doneTest = (cond: TS.Expression): boolean | undefined => {
    const e = skipOuterExpressions(ts, cond);
    if (instance.doneReads.has(e)) return true;
    if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken && instance.doneReads.has(skipOuterExpressions(ts, e.operand))) return false;
    return undefined;
  };
  const doneAfter = (count: ResumeCount | undefined, certain: boolean): ResumeCount | undefined => (count && certain ? DONE : count);

  function expr(node: TS.Node | undefined, count: ResumeCount): ResumeCount {
    if (!node) return count;
    if (ts.isFunctionLike(node) || ts.isClassLike(node)) return count; // does not run here
    if (instance.resumes.has(node as TS.CallExpression)) {
      const call = node as TS.CallExpression;
      for (const a of call.arguments) count = expr(a, count);
      report(call, "resume", count);
      return { min: count.min + 1, any: true };
    }
    if (instance.consumers.has(node) && ts.isSpreadElement(node.parent)) {
      report(node, "consume", count);
      return DONE;
    }
    if (ts.isConditionalExpression(node)) {
      const c = expr(node.condition, count);
      return merge(expr(node.whenTrue, c), expr(node.whenFalse, c))!;
    }
    if (ts.isBinaryExpression(node) && isShortCircuit(ts, node.operatorToken.kind)) {
      const left = expr(node.left, count);
      return merge(left, expr(node.right, left))!;
    }
    if (ts.isOptionalChain(node)) {
      // Whatever follows a `?.` may not run: what the chain adds is not certain.
      let inner = count;
      ts.forEachChild(node, (c) => void (inner = expr(c, inner)));
      return merge(count, inner)!;
    }
    ts.forEachChild(node, (c) => void (count = expr(c, count)));
    return count;
  }

  function statements(list: readonly TS.Statement[], count: ResumeCount | undefined): ResumeCount | undefined {
    for (const s of list) {
      if (!count) return undefined; // unreachable from here on: nothing to say about it
      count = statement(s, count);
    }
    return count;
  }

  function inLoop<T>(f: () => T): T {
    loops++;
    try {
      return f();
    } finally {
      loops--;
    }
  }

  function statement(s: TS.Statement, count: ResumeCount): ResumeCount | undefined {
    if (ts.isBlock(s)) return statements(s.statements, count);
    if (ts.isExpressionStatement(s)) return expr(s.expression, count);
    if (ts.isVariableStatement(s)) return expr(s.declarationList, count);
    if (ts.isReturnStatement(s) || ts.isThrowStatement(s)) {
      expr(s.expression, count);
      return undefined;
    }
    if (ts.isBreakOrContinueStatement(s)) return undefined;
    if (ts.isIfStatement(s)) {
      const c = expr(s.expression, count);
      const test = doneTest(s.expression);
      const whenTrue = statement(s.thenStatement, test === true ? DONE : c);
      const elseCount = test === false ? DONE : c;
      const whenFalse = s.elseStatement ? statement(s.elseStatement, elseCount) : elseCount;
      return merge(whenTrue, whenFalse);
    }
    if (ts.isForStatement(s)) {
      const unrolled = literalIterations(ts, s);
      if (unrolled !== undefined) {
        let c = expr(s.initializer, count);
        inLoop(() => {
          for (let i = 0; i < unrolled; i++) {
            c = expr(s.condition, c);
            c = statement(s.statement, c) ?? c;
            c = expr(s.incrementor, c);
          }
        });
        return expr(s.condition, c);
      }
      const c = expr(s.condition, expr(s.initializer, count));
      inLoop(() => expr(s.incrementor, statement(s.statement, c) ?? c));
      return c;
    }
    if (ts.isWhileStatement(s)) {
      const c = expr(s.expression, count);
      inLoop(() => statement(s.statement, c));
      return doneAfter(c, doneTest(s.expression) === false && !hasBreak(ts, s.statement));
    }
    if (ts.isDoStatement(s)) {
      const body = inLoop(() => statement(s.statement, count));
      inLoop(() => body && expr(s.expression, body));
      return doneAfter(count, doneTest(s.expression) === false && !hasBreak(ts, s.statement));
    }
    if (ts.isForOfStatement(s) || ts.isForInStatement(s)) {
      let c = expr(s.expression, count);
      const consumes = instance.consumers.has(s.expression);
      if (consumes) {
        report(s.expression, "consume", c);
        c = { min: c.min + 1, any: true };
      }
      const first = c;
      inLoop(() => statement(s.statement, first));
      // A for…of over a generator leaves it in Done however the loop ends (break and throw call return()).
      return doneAfter(c, consumes);
    }
    if (ts.isSwitchStatement(s)) {
      const c = expr(s.expression, count);
      // A clause is entered directly or by falling through: either way, with at least `c`.
      for (const clause of s.caseBlock.clauses) statements(clause.statements, ts.isCaseClause(clause) ? expr(clause.expression, c) : c);
      return c;
    }
    if (ts.isLabeledStatement(s)) {
      // A `break label` leaves from anywhere inside: after it, only the count at the start is certain.
      const inner = statement(s.statement, count);
      return ts.isIterationStatement(s.statement, false) ? inner && merge(inner, count) : count;
    }
    if (ts.isTryStatement(s)) {
      // A throw can leave the try block anywhere: the catch and finally blocks start with `count`.
      statement(s.tryBlock, count);
      if (s.catchClause) statement(s.catchClause.block, count);
      if (s.finallyBlock) statement(s.finallyBlock, count);
      return count;
    }
    // Declarations of functions, classes and types, empty statements: nothing runs here that
    // could resume the instance (it is not captured).
    return count;
  }

  statements(instance.following, START);
}

function isShortCircuit(ts: typeof TS, kind: TS.SyntaxKind): boolean {
  const k = ts.SyntaxKind;
  return (
    kind === k.AmpersandAmpersandToken ||
    kind === k.BarBarToken ||
    kind === k.QuestionQuestionToken ||
    kind === k.AmpersandAmpersandEqualsToken ||
    kind === k.BarBarEqualsToken ||
    kind === k.QuestionQuestionEqualsToken
  );
}

/** Whether `node` holds a `break` (outside nested functions): the loop around it may end early. */
function hasBreak(ts: typeof TS, node: TS.Node): boolean {
  let found = false;
  const look = (n: TS.Node): void => {
    if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    if (ts.isBreakStatement(n)) found = true;
    else ts.forEachChild(n, look);
  };
  look(node);
  return found;
}

/**
 * How many times `for (let i = A; i < B; i++) body` runs its body, when that is certain: literal
 * numeric bounds, `<` or `<=`, `i++` / `++i` / `i += 1`, and a body that neither writes `i` nor
 * leaves early (no break, continue, return or throw, outside nested functions).
 */
export function literalIterations(ts: typeof TS, s: TS.ForStatement): number | undefined {
  const init = s.initializer;
  if (!init || !ts.isVariableDeclarationList(init) || init.declarations.length !== 1) return undefined;
  const decl = init.declarations[0];
  if (!ts.isIdentifier(decl.name) || !decl.initializer || !ts.isNumericLiteral(decl.initializer)) return undefined;
  const name = decl.name.text;
  const from = Number(decl.initializer.text);
  const cond = s.condition;
  if (!cond || !ts.isBinaryExpression(cond) || !ts.isIdentifier(cond.left) || cond.left.text !== name || !ts.isNumericLiteral(cond.right)) return undefined;
  const op = cond.operatorToken.kind;
  if (op !== ts.SyntaxKind.LessThanToken && op !== ts.SyntaxKind.LessThanEqualsToken) return undefined;
  const to = Number(cond.right.text) + (op === ts.SyntaxKind.LessThanEqualsToken ? 1 : 0);
  if (!isIncrementOf(ts, s.incrementor, name)) return undefined;
  if (!Number.isInteger(from) || !Number.isInteger(to)) return undefined;
  const n = Math.max(0, to - from);
  if (n > MAX_UNROLL || leavesOrWrites(ts, s.statement, name)) return undefined;
  return n;
}

function isIncrementOf(ts: typeof TS, e: TS.Expression | undefined, name: string): boolean {
  if (!e) return false;
  const isName = (x: TS.Expression) => ts.isIdentifier(x) && x.text === name;
  if ((ts.isPostfixUnaryExpression(e) || ts.isPrefixUnaryExpression(e)) && e.operator === ts.SyntaxKind.PlusPlusToken) return isName(e.operand);
  return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.PlusEqualsToken && isName(e.left) && ts.isNumericLiteral(e.right) && e.right.text === "1";
}

/** Whether `body` may leave the loop early or write the loop variable `name`. */
function leavesOrWrites(ts: typeof TS, body: TS.Node, name: string): boolean {
  let found = false;
  const look = (n: TS.Node): void => {
    if (found) return;
    if (ts.isBreakOrContinueStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n) || ts.isLabeledStatement(n)) {
      found = true;
      return;
    }
    // A closure could write the variable later; a shadowing declaration would need scopes: both are left alone.
    if (ts.isIdentifier(n) && n.text === name && (isWrittenName(ts, n) || ts.isFunctionLike(n.parent) || ts.isVariableDeclaration(n.parent))) found = true;
    ts.forEachChild(n, look);
  };
  look(body);
  return found;
}

function isWrittenName(ts: typeof TS, id: TS.Identifier): boolean {
  let e: TS.Node = id;
  while (e.parent && isOuterExpression(ts, e.parent)) e = e.parent;
  const p = e.parent;
  if (ts.isBinaryExpression(p) && p.left === e && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return true;
  if ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) && (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) return true;
  // Destructuring assignments write through array / object literals.
  return ts.isArrayLiteralExpression(p) || ts.isShorthandPropertyAssignment(p) || (ts.isPropertyAssignment(p) && p.initializer === e);
}
