/**
 * The identifier rewrite: a statement or expression of the lowered body becomes code of resume.
 * Machine variables become fields (`this.x`) or locals of resume, captures read the fields the
 * constructor filled, `this` / `arguments` / `new.target` / `super.x` of an arrow body read what
 * the site captured, jumps embedded in native statements become case jumps (through the case
 * printer's callback), and a closure over per-iteration bindings keeps its environments.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { EmbeddedJump } from "../../analysis/ir";
import type { LoweredBody } from "../../analysis/lower";
import type { Capture } from "../../analysis/captures";
import { declaredInside, isSuperWrite } from "../../analysis/moved-code";
import type { StoragePlan } from "./storage";
import type { References } from "./references";

export interface RewriteContext {
  ts: typeof TS;
  site: Site;
  exploded: LoweredBody;
  refs: References;
  plan: StoragePlan;
  captures: readonly Capture[];
  /** Compiled nested sites: the marker call → the expression that replaces it. */
  replacements: ReadonlyMap<TS.Node, TS.Expression>;
  runtime: (name: string) => TS.Expression;
  className: string;
  /** Whether tagged templates read strings objects held by the class (layoutCases decides). */
  hoistTemplates: boolean;
  /** The code of a jump embedded in a native statement (the case printer makes it). */
  embeddedJump: (jump: EmbeddedJump, at: TS.Node) => TS.Statement;
}

/** The rewrite of one body, with what it found on the way. */
export class Rewriter {
  /** Whether some code runs in a nested function and reads the instance through `self`. */
  needSelf = false;
  /** The statics holding tagged templates' strings objects (when hoisting). */
  readonly templateStatics: TS.PropertyDeclaration[] = [];
  private readonly templateHolders = new Map<TS.Node, string>();
  private readonly printedTemplates = new Set<TS.Node>();
  /** Inside a closure wrapped to keep its environments: environment binding → parameter name. */
  private readonly envParams = new Map<Binding, string>();
  private readonly suspensionCalls: ReadonlySet<TS.Node>;
  /** Depth of non-arrow functions around the visited node (where `this` is not the instance). */
  private nested = 0;
  private readonly f: TS.NodeFactory;

  constructor(private readonly cx: RewriteContext) {
    this.f = cx.ts.factory;
    this.suspensionCalls = new Set<TS.Node>(cx.site.suspensions.map((s) => s.call));
  }

  /** `node` as code of resume (a fresh tree; `node` is not changed). */
  rewrite<T extends TS.Node>(node: T): T {
    const outer = this.nested;
    this.nested = 0;
    const out = this.visit(node) as T;
    this.nested = outer;
    return out;
  }

  /** The instance: `this` in resume, `self` in a function nested in it. */
  thisRef(inNested: boolean): TS.Expression {
    if (inNested) {
      this.needSelf = true;
      return this.f.createIdentifier(this.cx.plan.selfName);
    }
    return this.f.createThis();
  }

  member(inNested: boolean, name: string): TS.Expression {
    return this.f.createPropertyAccessExpression(this.thisRef(inNested), name);
  }

  /** The expression that stands for binding `b` inside resume. */
  referenceTo(b: Binding, inNested: boolean): TS.Expression | undefined {
    const { exploded, plan } = this.cx;
    const f = this.f;
    if (b === exploded.input) return f.createIdentifier(plan.inputName);
    const env = exploded.boxed.get(b);
    if (env) {
      const param = this.envParams.get(env);
      return f.createPropertyAccessExpression(param ? f.createIdentifier(param) : this.referenceTo(env, inNested)!, b.name);
    }
    const field = plan.fieldOf.get(b);
    if (field) return this.member(inNested, field);
    const local = plan.localOf.get(b);
    if (local) return f.createIdentifier(local);
    const cap = plan.captureField.get(b);
    if (cap) return this.member(inNested, cap);
    if (plan.accessorField && this.cx.captures.some((c) => c.binding === b)) return f.createPropertyAccessExpression(this.member(inNested, plan.accessorField), b.name);
    return undefined;
  }

  /**
   * A construct the move into a class cannot keep: analyzeFile reports each one (analysis/
   * moved-code.ts) and the compiler does not compile such a body, so meeting one here is a bug.
   */
  private cannot(node: TS.Node, construct: string): never {
    void node;
    throw new Error(`internal: the analysis let through ${construct}`);
  }

  // One switch on the node's kind (rather than a chain of ts.isX tests per node): this runs
  // on every node of every case, mostly before V8 has optimised it.
  private readonly visit = (n: TS.Node): TS.Node => {
    const { ts, site, exploded, plan } = this.cx;
    const f = this.f;
    const K = ts.SyntaxKind;
    // Safety net: a suspension the exploder did not take apart must never reach the output.
    if (this.suspensionCalls.has(n)) return this.cannot(n, "a suspension in this position");
    const replacement = this.cx.replacements.get(n);
    if (replacement) return this.visit(replacement);
    const jump = exploded.embedded.get(n);
    if (jump) {
      if (this.nested > 0) this.cannot(n, "a jump out of a nested function");
      return this.cx.embeddedJump(jump, n);
    }
    switch (n.kind) {
      case K.Identifier:
        return this.visitIdentifier(n as TS.Identifier);
      case K.PrivateIdentifier:
        if (!declaredInside(ts, n as TS.PrivateIdentifier, site.body)) {
          return this.cannot(n, `the private name ${(n as TS.PrivateIdentifier).text} of an enclosing class (the body moves into a class of its own)`);
        }
        return n;
      case K.ThisKeyword:
        if (this.nested > 0) return n;
        if (plan.thisField) return this.member(false, plan.thisField);
        return f.createVoidZero(); // a function-expression body is called without a receiver
      case K.MetaProperty:
        if ((n as TS.MetaProperty).keywordToken === K.NewKeyword && this.nested === 0) return plan.newTargetField ? this.member(false, plan.newTargetField) : f.createVoidZero();
        return ts.visitEachChild(n, this.visit, undefined);
      case K.SuperKeyword:
        if (this.nested === 0) return this.cannot(n, "this use of `super` in a body (only super.x reads and super.m() calls are supported)");
        return n;
      case K.CallExpression:
        return this.visitCall(n as TS.CallExpression) ?? ts.visitEachChild(n, this.visit, undefined);
      case K.TaggedTemplateExpression:
        return this.visitTaggedTemplate(n as TS.TaggedTemplateExpression);
      case K.PropertyAccessExpression:
      case K.ElementAccessExpression:
        return this.visitAccess(n as TS.PropertyAccessExpression | TS.ElementAccessExpression);
      case K.BinaryExpression:
      case K.PrefixUnaryExpression:
      case K.PostfixUnaryExpression:
        if (this.nested === 0 && plan.superField && isSuperWrite(ts, n)) this.cannot(n, "an assignment to a `super` property in a body");
        return ts.visitEachChild(n, this.visit, undefined);
      case K.ShorthandPropertyAssignment:
        return this.visitShorthand(n as TS.ShorthandPropertyAssignment);
      case K.PropertyAssignment: {
        // Property names are not references.
        const pa = n as TS.PropertyAssignment;
        return f.updatePropertyAssignment(pa, ts.isComputedPropertyName(pa.name) ? (this.visit(pa.name) as TS.PropertyName) : pa.name, this.visit(pa.initializer) as TS.Expression);
      }
      case K.LabeledStatement:
      case K.BreakStatement:
      case K.ContinueStatement:
        // Labels are not references.
        return ts.visitEachChild(n, (c) => (ts.isIdentifier(c) ? c : this.visit(c)), undefined);
      case K.ArrowFunction: {
        if (exploded.boxed.size > 0) {
          const wrapped = this.wrapClosure(n);
          if (wrapped) return wrapped;
        }
        return ts.visitEachChild(n, this.visit, undefined); // an arrow keeps the body's this
      }
    }
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return this.visitFunctionOrClass(n);
    return ts.visitEachChild(n, this.visit, undefined);
  };

  private visitFunctionOrClass(n: TS.Node): TS.Node {
    if (this.cx.exploded.boxed.size > 0) {
      const wrapped = this.wrapClosure(n);
      if (wrapped) return wrapped;
    }
    this.nested++;
    const r = this.cx.ts.visitEachChild(n, this.visit, undefined);
    this.nested--;
    return r;
  }

  private visitIdentifier(n: TS.Identifier): TS.Node {
    const { ts, exploded, plan } = this.cx;
    const b = this.cx.refs.resolve(n);
    if (b) {
      const r = this.referenceTo(b, this.nested > 0);
      if (r) return ts.setTextRange(r, n);
    } else if (n.text === "arguments" && this.nested === 0 && isValueIdentifier(ts, n)) {
      if (plan.argumentsField) return ts.setTextRange(this.member(false, plan.argumentsField), n);
      if (exploded.argumentsVar) return ts.setTextRange(this.referenceTo(exploded.argumentsVar, false)!, n);
    }
    return n;
  }

  private visitAccess(access: TS.PropertyAccessExpression | TS.ElementAccessExpression): TS.Node {
    const { ts, plan } = this.cx;
    const f = this.f;
    if (this.nested === 0 && plan.superField && access.expression.kind === ts.SyntaxKind.SuperKeyword) {
      // super.x → this.outerSuper("x"), read through an accessor made at the site.
      const key = ts.isPropertyAccessExpression(access) ? f.createStringLiteral(access.name.text) : (this.visit(access.argumentExpression) as TS.Expression);
      return ts.setTextRange(f.createCallExpression(this.member(false, plan.superField), undefined, [key]), access);
    }
    if (ts.isPropertyAccessExpression(access)) {
      if (ts.isPrivateIdentifier(access.name)) this.visit(access.name); // the private-name check
      return f.updatePropertyAccessExpression(access, this.visit(access.expression) as TS.Expression, access.name);
    }
    return ts.visitEachChild(access, this.visit, undefined);
  }

  private visitShorthand(sh: TS.ShorthandPropertyAssignment): TS.Node {
    const { ts } = this.cx;
    const f = this.f;
    const b = this.cx.refs.resolve(sh.name);
    const r = b && this.referenceTo(b, this.nested > 0);
    if (r) {
      const value = sh.objectAssignmentInitializer ? f.createAssignment(r as TS.Identifier, this.visit(sh.objectAssignmentInitializer) as TS.Expression) : r;
      return ts.setTextRange(f.createPropertyAssignment(sh.name.text, value), sh);
    }
    return sh;
  }

  /** The calls that need more than their children visited; undefined for the others. */
  private visitCall(n: TS.CallExpression): TS.Node | undefined {
    const { ts, plan } = this.cx;
    const f = this.f;
    const callee = n.expression;
    if (ts.isIdentifier(callee)) {
      if (callee.text === "eval" && !this.cx.refs.resolve(callee)) this.cannot(n, "a direct eval (it would see the generated class's scope)");
      const detached = this.detachedCallee(callee);
      if (detached) {
        const args = n.arguments.map((a) => this.visit(a) as TS.Expression);
        return ts.setTextRange(n.questionDotToken ? f.createCallChain(detached, n.questionDotToken, n.typeArguments, args) : f.createCallExpression(detached, n.typeArguments, args), n);
      }
      return undefined;
    }
    if (this.nested === 0 && plan.superField && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && callee.expression.kind === ts.SyntaxKind.SuperKeyword) {
      // super.m(a) calls the method with the enclosing this, through the intrinsic Reflect.apply
      // (a program may replace Function.prototype.call).
      const method = this.visit(callee) as TS.Expression;
      const args = f.createArrayLiteralExpression(n.arguments.map((a) => this.visit(a) as TS.Expression));
      return ts.setTextRange(f.createCallExpression(this.cx.runtime("apply"), undefined, [method, this.member(false, plan.thisField!), args]), n);
    }
    return undefined;
  }

  private visitTaggedTemplate(n: TS.TaggedTemplateExpression): TS.Node {
    const { ts } = this.cx;
    const f = this.f;
    const original = ts.getOriginalNode(n);
    if (this.cx.hoistTemplates) {
      // tag`a${x}b` → tag(Class.strings0, x): the strings object made once, when the class is.
      let holder = this.templateHolders.get(original);
      if (!holder) {
        holder = `strings${this.templateHolders.size}`;
        this.templateHolders.set(original, holder);
        this.templateStatics.push(templateStatic(ts, holder, n.template));
      }
      const subs = ts.isTemplateExpression(n.template) ? n.template.templateSpans.map((span) => span.expression) : [];
      const call = ts.setTextRange(f.createCallExpression(n.tag, undefined, [f.createPropertyAccessExpression(f.createIdentifier(this.cx.className), holder), ...subs]), n);
      return this.visit(call);
    }
    // A tagged template's strings object is one per source position: layoutCases hoists them
    // all when one would be printed twice.
    if (this.printedTemplates.has(original)) throw new Error("internal: a tagged template printed twice without hoisting");
    this.printedTemplates.add(original);
    const detached = ts.isIdentifier(n.tag) ? this.detachedCallee(n.tag) : undefined;
    if (detached) return ts.setTextRange(f.createTaggedTemplateExpression(detached, n.typeArguments, this.visit(n.template) as TS.TemplateLiteral), n);
    return ts.visitEachChild(n, this.visit, undefined);
  }

  /** f(x) with f now a field must not pass the instance as `this`: (0, this.f)(x). */
  private detachedCallee(callee: TS.Identifier): TS.Expression | undefined {
    const f = this.f;
    const b = this.cx.refs.resolve(callee);
    const r = b && this.referenceTo(b, this.nested > 0);
    return r && !this.cx.ts.isIdentifier(r) ? f.createParenthesizedExpression(f.createComma(f.createNumericLiteral(0), r)) : undefined;
  }

  /**
   * A closure over per-iteration bindings keeps the environments current when it is created:
   * `((env) => closure)(this.env)`.
   */
  private wrapClosure(fn: TS.Node): TS.Node | undefined {
    const { ts, exploded, plan } = this.cx;
    const f = this.f;
    const envs: Binding[] = [];
    const find = (x: TS.Node): void => {
      if (ts.isIdentifier(x)) {
        const b = this.cx.refs.resolve(x);
        const env = b && exploded.boxed.get(b);
        if (env && !this.envParams.has(env) && !envs.includes(env)) envs.push(env);
      }
      ts.forEachChild(x, find);
    };
    find(fn);
    if (envs.length === 0) return undefined;
    if (!ts.isExpression(fn as TS.Node)) this.cannot(fn, "a function or class declaration in native code that captures a per-iteration binding");
    const args = envs.map((e) => this.referenceTo(e, this.nested > 0)!);
    const names = envs.map((e) => plan.fresh(e.name));
    envs.forEach((e, i) => this.envParams.set(e, names[i]));
    const inner = this.visit(fn) as TS.Expression;
    envs.forEach((e) => this.envParams.delete(e));
    const iife = f.createCallExpression(
      f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, names.map((p) => f.createParameterDeclaration(undefined, undefined, p)), undefined, undefined, inner)),
      undefined,
      args,
    );
    return ts.setTextRange(iife, fn);
  }
}

/** `static strings0 = ((s) => s)\`a${0}b\``: the strings object of a template, made once. */
function templateStatic(ts: typeof TS, name: string, template: TS.TemplateLiteral): TS.PropertyDeclaration {
  const f = ts.factory;
  const strings = ts.isTemplateExpression(template)
    ? f.createTemplateExpression(template.head, template.templateSpans.map((span) => f.createTemplateSpan(f.createNumericLiteral(0), span.literal)))
    : template;
  const identity = f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, "s")], undefined, undefined, f.createIdentifier("s")));
  return f.createPropertyDeclaration([f.createModifier(ts.SyntaxKind.StaticKeyword)], name, undefined, undefined, f.createTaggedTemplateExpression(identity, undefined, strings));
}

function isValueIdentifier(ts: typeof TS, n: TS.Identifier): boolean {
  const p = n.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === n) return false;
  return true;
}
