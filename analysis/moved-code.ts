/**
 * What cannot be compiled once a body's code moves into the class's resume (70007): the checks
 * the backend's identifier rewrite (transformer/compiler/rewrite.ts) relies on, made here over the
 * lowered code so that every such construct is a finding of analyzeFile, with its own node, and
 * the compiler only asserts. It walks the code the rewrite prints (the blocks of the graph, their
 * terminators' expressions, the jumps embedded in native statements) the way the rewrite visits it.
 */
import type * as TS from "typescript";
import type { Binding, BindResult } from "./scopes";
import type { Site } from "./markers";
import type { Block } from "./ir";
import type { LoweredBody, UnsupportedConstruct } from "./lower";
import type { Capture, Specials } from "./captures";

export interface MovedCodeInput {
  ts: typeof TS;
  site: Site;
  lowered: LoweredBody;
  bind: BindResult;
  specials: Specials;
  captures: readonly Capture[];
  /** The blocks whose code is printed (the reachable ones; every block when the graph is partial). */
  blocks: readonly Block[];
  /** Nested marker calls the compiler replaces by `new Class(…)`: their bodies are not this body's code. */
  isCompiled: (call: TS.Node) => boolean;
}

/** Every construct of the body's printed code that the move into a class cannot keep, in walk order. */
export function movedCodeFindings(input: MovedCodeInput): UnsupportedConstruct[] {
  const { ts, site, lowered, bind, specials } = input;
  const found: UnsupportedConstruct[] = [];
  const cannot = (node: TS.Node, construct: string): void => {
    if (!found.some((u) => u.node === node)) found.push({ node, construct });
  };
  const resolve = (id: TS.Identifier): Binding | undefined => lowered.refs.get(id) ?? bind.refs.get(id);
  const suspensionCalls = new Set<TS.Node>(site.suspensions.map((s) => s.call));
  // super.x reads and super.m() calls of an arrow body go through an accessor captured at the site.
  const superAccessor = ts.isArrowFunction(site.body) && specials.super;
  /** Environments of per-iteration bindings a wrapping closure already passes on. */
  const covered = new Set<Binding>();
  const K = ts.SyntaxKind;
  const rewritten = (b: Binding) => b === lowered.input || lowered.boxed.has(b) || lowered.machineVars.has(b) || input.captures.some((c) => c.binding === b);

  /** `nested`: inside a non-arrow function or class (where `this` is not the instance). */
  const visit = (n: TS.Node, nested: boolean): void => {
    if (suspensionCalls.has(n)) return cannot(n, "a suspension in this position");
    if (input.isCompiled(n)) return;
    const jump = lowered.embedded.get(n);
    if (jump) {
      if (nested) cannot(n, "a jump out of a nested function");
      jump.cleanup.forEach((c) => visit(c, false));
      if (jump.kind === "return" && jump.value) visit(jump.value, false);
      return;
    }
    switch (n.kind) {
      case K.PrivateIdentifier:
        if (!declaredInside(ts, n as TS.PrivateIdentifier, site.body)) {
          cannot(n, `the private name ${(n as TS.PrivateIdentifier).text} of an enclosing class (the body moves into a class of its own)`);
        }
        return;
      case K.SuperKeyword:
        if (!nested) cannot(n, "this use of `super` in a body (only super.x reads and super.m() calls are supported)");
        return;
      case K.CallExpression: {
        const callee = (n as TS.CallExpression).expression;
        if (ts.isIdentifier(callee) && callee.text === "eval" && !resolve(callee)) cannot(n, "a direct eval (it would see the generated class's scope)");
        break;
      }
      case K.PropertyAccessExpression:
      case K.ElementAccessExpression: {
        const access = n as TS.PropertyAccessExpression | TS.ElementAccessExpression;
        if (!nested && superAccessor && access.expression.kind === K.SuperKeyword) {
          // super.x → this.outerSuper("x"): only the key is code of the body.
          if (ts.isElementAccessExpression(access)) visit(access.argumentExpression, nested);
          return;
        }
        break;
      }
      case K.BinaryExpression:
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression:
        if (!nested && superAccessor && isSuperWrite(ts, n)) cannot(n, "an assignment to a `super` property in a body");
        break;
      case K.ShorthandPropertyAssignment: {
        // The rewrite turns `{ x = init }` into `{ x: ref = init }` only for a name it keeps
        // somewhere (and leaves the rest as it is).
        const sh = n as TS.ShorthandPropertyAssignment;
        const b = resolve(sh.name);
        if (b && sh.objectAssignmentInitializer && rewritten(b)) visit(sh.objectAssignmentInitializer, nested);
        return;
      }
    }
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return visitClosure(n, nested);
    ts.forEachChild(n, (c) => visit(c, nested));
  };

  /**
   * A closure over per-iteration bindings is wrapped to keep its environments, which only an
   * expression can be: a declaration that captures one cannot.
   */
  const visitClosure = (fn: TS.Node, nested: boolean): void => {
    let envs = lowered.boxed.size > 0 ? environmentsOf(ts, fn, resolve, lowered, covered) : [];
    if (envs.length && !ts.isExpression(fn)) {
      // Not wrapped, so its environments are not passed on: a declaration inside it that
      // captures one is a construct of its own.
      cannot(fn, "a function or class declaration in native code that captures a per-iteration binding");
      envs = [];
    }
    envs.forEach((e) => covered.add(e));
    const inner = nested || !ts.isArrowFunction(fn);
    ts.forEachChild(fn, (c) => visit(c, inner));
    envs.forEach((e) => covered.delete(e));
  };

  for (const b of input.blocks) {
    for (const s of b.stmts) visit(s, false);
    const t = b.term;
    if (t?.kind === "branch") visit(t.cond, false);
    else if ((t?.kind === "suspend" || t?.kind === "return") && t.value) visit(t.value, false);
  }
  return found;
}

/** The environments of the per-iteration bindings `fn` refers to that no enclosing wrapper passes on. */
function environmentsOf(ts: typeof TS, fn: TS.Node, resolve: (id: TS.Identifier) => Binding | undefined, lowered: LoweredBody, covered: ReadonlySet<Binding>): Binding[] {
  const envs: Binding[] = [];
  const find = (x: TS.Node): void => {
    if (ts.isIdentifier(x)) {
      const b = resolve(x);
      const env = b && lowered.boxed.get(b);
      if (env && !covered.has(env) && !envs.includes(env)) envs.push(env);
    }
    ts.forEachChild(x, find);
  };
  find(fn);
  return envs;
}

/** An assignment or update whose target is `super.x` / `super[k]`. */
export function isSuperWrite(ts: typeof TS, n: TS.Node): boolean {
  const isSuperMember = (e: TS.Expression) => (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && e.expression.kind === ts.SyntaxKind.SuperKeyword;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return isSuperMember(n.left);
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
    return isSuperMember(n.operand);
  }
  return false;
}

/** Is private name `n` declared by a class inside `body` (so it stays valid where the body moves)? */
export function declaredInside(ts: typeof TS, n: TS.PrivateIdentifier, body: TS.Node): boolean {
  for (let c: TS.Node | undefined = n.parent; c && c !== body; c = c.parent) {
    if (ts.isClassLike(c) && c.members.some((m) => m.name && ts.isPrivateIdentifier(m.name) && m.name.text === n.text)) return true;
  }
  return false;
}
