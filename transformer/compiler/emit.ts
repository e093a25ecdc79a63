/**
 * Emitting the state-machine class of one body from its blocks.
 *
 *   class Summer_Coroutine extends __stackless.CoroutineMachine {
 *     static states = ["Start", "Add", "Done"]; …
 *     constructor() { super(); this.sum = undefined; }     // every field, one hidden class
 *     resume(input) {
 *       let state = this._state;                            // the state lives in a local
 *       if (state < 0 || state > 1) return __stackless.resumeFailed(this);
 *       this._state = -1;                                   // Running
 *       try {
 *         switch (state) {                                  // direct dispatch
 *           case 0: /* Start *\/ this.sum = input; this._state = 1; return this.sum;
 *           case 1: /* Add *\/ …
 *         }
 *       } catch (e) { this._state = -2; throw e; }          // Done as panicked
 *     }
 *   }
 *
 * Straight-line successors are inlined into the case that reaches them (blocks with one
 * predecessor always, small blocks with several as long as a duplication budget lasts), so most
 * resumes run from their case to the next `return` without going back to the `switch`; only
 * real joins and loop heads become cases reached by `state = N; continue dispatch`.
 */
import type * as TS from "typescript";
import type { Binding, BindResult } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { Block, BlockId, EmbeddedJump, Terminator } from "../../analysis/ir";
import { successors } from "../../analysis/ir";
import { exceptionEdge, type FlowFacts } from "../../analysis/flow";
import type { LoweredBody, UnsupportedConstruct } from "../../analysis/lower";
import type { Capture, Specials } from "../../analysis/captures";
import { planStorage, planVariables } from "./storage";
import { planTemps } from "./temps";
import { codeSignature, sameSignature, sharedCaseCheck, type CodeSignature } from "./signature";


/** What the backend reads: the site's analysis (never written to) and the file's compile state. */
export interface EmitInput {
  ts: typeof TS;
  site: Site;
  bind: BindResult;
  exploded: LoweredBody;
  flow: FlowFacts;
  states: readonly string[];
  className: string;
  siteId: string;
  captures: readonly Capture[];
  /** What the body uses of this / arguments / new.target / super (an arrow body captures the enclosing ones). */
  specials: Specials;
  runtime: (name: string) => TS.Expression;
  /** Compiled nested sites: the marker call → the expression that replaces it. */
  replacements: ReadonlyMap<TS.Node, TS.Expression>;
  /**
   * Identifiers the compiler made for a binding (the arguments of `new Class(…)` at a compiled
   * nested site), so that the enclosing body's rewrite resolves them; filled here, per file.
   */
  madeRefs: Map<TS.Identifier, Binding>;
  /** Every identifier in the body's source text and more: names a new local must avoid. */
  reservedNames: ReadonlySet<string>;
}

export interface EmitOutput {
  classDeclaration: TS.ClassDeclaration;
  /** Arguments of `new Class(...)` at the site. */
  constructorArgs: TS.Expression[];
  fields: string[];
  /** Constructs the rewrite could not compile: when there are any, the class must not be used. */
  unsupported: UnsupportedConstruct[];
}

export function emitClass(input: EmitInput): EmitOutput {
  const first = emitClassWith(input, false);
  // A tagged template's strings object is one per source position. When inlining put one
  // template into two places of resume, emit again with the strings objects held by the class.
  return first.duplicatedTemplates && first.unsupported.length === 0 ? emitClassWith(input, true) : first;
}

function emitClassWith(input: EmitInput, hoistTemplates: boolean): EmitOutput & { duplicatedTemplates: boolean } {
  const { ts, site, bind, exploded, states } = input;
  const f = ts.factory;
  const { blocks, embedded } = exploded;
  const lastResumable = states.length - 2;
  const doneState = states.length - 1;
  const resolve = (id: TS.Identifier): Binding | undefined => exploded.refs.get(id) ?? bind.refs.get(id) ?? input.madeRefs.get(id);
  /** Where a binding's value lives: boxed per-iteration bindings live in their environment object. */
  const storage = (id: TS.Identifier): Binding | undefined => {
    const b = resolve(id);
    return b && (exploded.boxed.get(b) ?? b);
  };

  // ---- the yieldAtStart rule: the first yield_ executed takes the input without suspending ----
  const handlers = exploded.handlers;
  const { graph } = input.flow;
  const firstYield = site.spec.firstYieldTakesInput ? input.flow.firstYields : { of: new Map<Terminator, "always" | "maybe">(), needsFlag: false };
  const needsFirstFlag = firstYield.needsFlag;

  // ---- fields: machine variables live across a suspension, or reachable from closures ----
  const { live, fieldVars, usedVars } = planVariables(ts, exploded, input.flow, input.replacements, storage);

  // ---- storage: names, fields, locals, shared slots, saved locals per state, start values ----
  const suspends = blocks.filter((b) => b.term?.kind === "suspend" && graph.reachable.has(b.id)).map((b) => b.term as Terminator & { kind: "suspend" });
  suspends.sort((a, b) => a.state - b.state);
  const storagePlan = planStorage({ ts, site, exploded, graph, live, fieldVars, usedVars, storage, suspends, states, needsFirstFlag, captures: input.captures, specials: input.specials, reservedNames: input.reservedNames });
  const { fresh, freshField, inputName, stateName, dispatchLabel, selfName, firstName, errorName } = storagePlan;
  const { fieldOf, localOf, captureField, accessorField, thisField, argumentsField, newTargetField, superField } = storagePlan;
  const { fields, liveLocals, startsUndefined, restartResets } = storagePlan;

  // ---- rewriting statements of the body into statements of resume ----
  let needSelf = false;
  const caseLabels = new Map<BlockId, number>();
  const pendingCases: BlockId[] = [];
  let nextLabel = doneState + 1;
  let usesDispatch = false;
  const entryLabel = (id: BlockId): number => {
    let l = caseLabels.get(id);
    if (l === undefined) {
      l = nextLabel++;
      caseLabels.set(id, l);
      pendingCases.push(id);
    }
    return l;
  };
  caseLabels.set(0, 0);
  const throwEntries: number[] = states.slice(0, -1).map(() => 0);
  const returnEntries: number[] = states.slice(0, -1).map(() => 0);
  const resumeEntries = new Set<BlockId>();
  for (const t of suspends) caseLabels.set(t.resume, t.state);
  // throw()/return() entries: labels right after Done, which only the runtime puts in _state.
  for (const t of suspends) {
    if (t.throwEntry !== undefined && !caseLabels.has(t.throwEntry)) {
      caseLabels.set(t.throwEntry, nextLabel++);
      pendingCases.push(t.throwEntry);
    }
    if (t.returnEntry !== undefined && !caseLabels.has(t.returnEntry)) {
      caseLabels.set(t.returnEntry, nextLabel++);
      pendingCases.push(t.returnEntry);
    }
    if (t.throwEntry !== undefined) throwEntries[t.state] = caseLabels.get(t.throwEntry)!;
    if (t.returnEntry !== undefined) returnEntries[t.state] = caseLabels.get(t.returnEntry)!;
    if (t.throwEntry !== undefined) resumeEntries.add(t.throwEntry);
    if (t.returnEntry !== undefined) resumeEntries.add(t.returnEntry);
  }
  const isEntry = (id: BlockId) => id === 0 || graph.resumeBlocks.has(id) || resumeEntries.has(id);
  const embeddedTargets = new Set<BlockId>();
  for (const id of graph.reachable) for (const t of blocks[id].embeddedJumps) embeddedTargets.add(t);

  const thisRef = (inNested: boolean): TS.Expression => {
    if (inNested) {
      needSelf = true;
      return f.createIdentifier(selfName);
    }
    return f.createThis();
  };
  const member = (inNested: boolean, name: string): TS.Expression => f.createPropertyAccessExpression(thisRef(inNested), name);

  /** The expression that stands for binding `b` inside resume. */
  /** Inside a closure wrapped to keep its environments: environment binding → parameter name. */
  const envParams = new Map<Binding, string>();
  const referenceTo = (b: Binding, inNested: boolean): TS.Expression | undefined => {
    if (b === exploded.input) return f.createIdentifier(inputName);
    const env = exploded.boxed.get(b);
    if (env) {
      const param = envParams.get(env);
      return f.createPropertyAccessExpression(param ? f.createIdentifier(param) : referenceTo(env, inNested)!, b.name);
    }
    const field = fieldOf.get(b);
    if (field) return member(inNested, field);
    const local = localOf.get(b);
    if (local) return f.createIdentifier(local);
    const cap = captureField.get(b);
    if (cap) return member(inNested, cap);
    if (accessorField && input.captures.some((c) => c.binding === b)) return f.createPropertyAccessExpression(member(inNested, accessorField), b.name);
    return undefined;
  };

  const suspensionCalls = new Set<TS.Node>(site.suspensions.map((s) => s.call));
  /** What the rewrite meets that cannot be compiled: recorded, the node left as it is (the class is then dropped). */
  const unsupported: UnsupportedConstruct[] = [];
  const cannot = (node: TS.Node, construct: string): TS.Node => {
    if (!unsupported.some((u) => u.node === node)) unsupported.push({ node, construct });
    return node;
  };
  const emittedTemplates = new Set<TS.Node>();
  let duplicatedTemplates = false;
  const templateHolders = new Map<TS.Node, string>();
  const templateStatics: TS.PropertyDeclaration[] = [];
  const rewrite = <T extends TS.Node>(node: T): T => {
    // depth of non-arrow functions around the visited node (where `this` is not the instance)
    let nested = 0;
    const K = ts.SyntaxKind;
    // One switch on the node's kind (rather than a chain of ts.isX tests per node): this runs
    // on every node of every case, mostly before V8 has optimised it.
    const visit = (n: TS.Node): TS.Node => {
      // Safety net: a suspension the exploder did not take apart must never reach the output.
      if (suspensionCalls.has(n)) return cannot(n, "a suspension in this position");
      const replacement = input.replacements.get(n);
      if (replacement) return visit(replacement);
      const jump = embedded.get(n);
      if (jump) return embeddedJump(jump, n, nested > 0);
      switch (n.kind) {
        case K.Identifier:
          return visitIdentifier(n as TS.Identifier);
        case K.PrivateIdentifier:
          if (!declaredInside(ts, n as TS.PrivateIdentifier, site.body)) {
            return cannot(n, `the private name ${(n as TS.PrivateIdentifier).text} of an enclosing class (the body moves into a class of its own)`);
          }
          return n;
        case K.ThisKeyword:
          if (nested > 0) return n;
          if (thisField) return member(false, thisField);
          return f.createVoidZero(); // a function-expression body is called without a receiver
        case K.MetaProperty:
          if ((n as TS.MetaProperty).keywordToken === K.NewKeyword && nested === 0) return newTargetField ? member(false, newTargetField) : f.createVoidZero();
          return ts.visitEachChild(n, visit, undefined);
        case K.SuperKeyword:
          if (nested === 0) return cannot(n, "this use of `super` in a body (only super.x reads and super.m() calls are supported)");
          return n;
        case K.CallExpression:
          return visitCall(n as TS.CallExpression) ?? ts.visitEachChild(n, visit, undefined);
        case K.TaggedTemplateExpression:
          return visitTaggedTemplate(n as TS.TaggedTemplateExpression);
        case K.PropertyAccessExpression:
        case K.ElementAccessExpression: {
          const access = n as TS.PropertyAccessExpression | TS.ElementAccessExpression;
          if (nested === 0 && superField && access.expression.kind === K.SuperKeyword) {
            // super.x → this.outerSuper("x"), read through an accessor made at the site.
            const key = ts.isPropertyAccessExpression(access) ? f.createStringLiteral(access.name.text) : (visit(access.argumentExpression) as TS.Expression);
            return ts.setTextRange(f.createCallExpression(member(false, superField), undefined, [key]), n);
          }
          if (ts.isPropertyAccessExpression(access)) {
            if (ts.isPrivateIdentifier(access.name)) visit(access.name); // the private-name check
            return f.updatePropertyAccessExpression(access, visit(access.expression) as TS.Expression, access.name);
          }
          return ts.visitEachChild(n, visit, undefined);
        }
        case K.BinaryExpression:
        case K.PrefixUnaryExpression:
        case K.PostfixUnaryExpression:
          if (nested === 0 && superField && isSuperWrite(ts, n)) cannot(n, "an assignment to a `super` property in a body");
          return ts.visitEachChild(n, visit, undefined);
        case K.ShorthandPropertyAssignment: {
          const sh = n as TS.ShorthandPropertyAssignment;
          const b = resolve(sh.name);
          const r = b && referenceTo(b, nested > 0);
          if (r) {
            const value = sh.objectAssignmentInitializer ? f.createAssignment(r as TS.Identifier, visit(sh.objectAssignmentInitializer) as TS.Expression) : r;
            return ts.setTextRange(f.createPropertyAssignment(sh.name.text, value), n);
          }
          return n;
        }
        case K.PropertyAssignment: {
          // Property names are not references.
          const pa = n as TS.PropertyAssignment;
          return f.updatePropertyAssignment(pa, ts.isComputedPropertyName(pa.name) ? (visit(pa.name) as TS.PropertyName) : pa.name, visit(pa.initializer) as TS.Expression);
        }
        case K.LabeledStatement:
        case K.BreakStatement:
        case K.ContinueStatement:
          // Labels are not references.
          return ts.visitEachChild(n, (c) => (ts.isIdentifier(c) ? c : visit(c)), undefined);
        case K.ArrowFunction: {
          if (exploded.boxed.size > 0) {
            const wrapped = wrapClosure(n);
            if (wrapped) return wrapped;
          }
          return ts.visitEachChild(n, visit, undefined); // an arrow keeps the body's this
        }
      }
      if (ts.isFunctionLike(n) || ts.isClassLike(n)) {
        if (exploded.boxed.size > 0) {
          const wrapped = wrapClosure(n);
          if (wrapped) return wrapped;
        }
        nested++;
        const r = ts.visitEachChild(n, visit, undefined);
        nested--;
        return r;
      }
      return ts.visitEachChild(n, visit, undefined);
    };
    const visitIdentifier = (n: TS.Identifier): TS.Node => {
      const b = resolve(n);
      if (b) {
        const r = referenceTo(b, nested > 0);
        if (r) return ts.setTextRange(r, n);
      } else if (n.text === "arguments" && nested === 0 && isValueIdentifier(ts, n)) {
        if (argumentsField) return ts.setTextRange(member(false, argumentsField), n);
        if (exploded.argumentsVar) return ts.setTextRange(referenceTo(exploded.argumentsVar, false)!, n);
      }
      return n;
    };
    /** The calls that need more than their children visited; undefined for the others. */
    const visitCall = (n: TS.CallExpression): TS.Node | undefined => {
      const callee = n.expression;
      if (ts.isIdentifier(callee)) {
        if (callee.text === "eval" && !resolve(callee)) cannot(n, "a direct eval (it would see the generated class's scope)");
        const detached = detachedCallee(callee);
        if (detached) {
          const args = n.arguments.map((a) => visit(a) as TS.Expression);
          return ts.setTextRange(n.questionDotToken ? f.createCallChain(detached, n.questionDotToken, n.typeArguments, args) : f.createCallExpression(detached, n.typeArguments, args), n);
        }
        return undefined;
      }
      if (nested === 0 && superField && (ts.isPropertyAccessExpression(callee) || ts.isElementAccessExpression(callee)) && callee.expression.kind === K.SuperKeyword) {
        // super.m(a) calls the method with the enclosing this, through the intrinsic Reflect.apply
        // (a program may replace Function.prototype.call).
        const method = visit(callee) as TS.Expression;
        const args = f.createArrayLiteralExpression(n.arguments.map((a) => visit(a) as TS.Expression));
        return ts.setTextRange(f.createCallExpression(input.runtime("apply"), undefined, [method, member(false, thisField!), args]), n);
      }
      return undefined;
    };
    const visitTaggedTemplate = (n: TS.TaggedTemplateExpression): TS.Node => {
      const original = ts.getOriginalNode(n);
      if (hoistTemplates) {
        // tag`a${x}b` → tag(Class.strings0, x): the strings object made once, when the class is.
        let holder = templateHolders.get(original);
        if (!holder) {
          holder = `strings${templateHolders.size}`;
          templateHolders.set(original, holder);
          templateStatics.push(templateStatic(ts, holder, n.template));
        }
        const subs = ts.isTemplateExpression(n.template) ? n.template.templateSpans.map((span) => span.expression) : [];
        const call = ts.setTextRange(f.createCallExpression(n.tag, undefined, [f.createPropertyAccessExpression(f.createIdentifier(input.className), holder), ...subs]), n);
        return visit(call);
      }
      if (emittedTemplates.has(original)) duplicatedTemplates = true;
      emittedTemplates.add(original);
      const detached = ts.isIdentifier(n.tag) ? detachedCallee(n.tag) : undefined;
      if (detached) return ts.setTextRange(f.createTaggedTemplateExpression(detached, n.typeArguments, visit(n.template) as TS.TemplateLiteral), n);
      return ts.visitEachChild(n, visit, undefined);
    };
    /** f(x) with f now a field must not pass the instance as `this`: (0, this.f)(x). */
    const detachedCallee = (callee: TS.Identifier): TS.Expression | undefined => {
      const b = resolve(callee);
      const r = b && referenceTo(b, nested > 0);
      return r && !ts.isIdentifier(r) ? f.createParenthesizedExpression(f.createComma(f.createNumericLiteral(0), r)) : undefined;
    };
    /**
     * A closure over per-iteration bindings keeps the environments current when it is created:
     * `((env) => closure)(this.env)`.
     */
    const wrapClosure = (fn: TS.Node): TS.Node | undefined => {
      const envs: Binding[] = [];
      const find = (x: TS.Node): void => {
        if (ts.isIdentifier(x)) {
          const b = resolve(x);
          const env = b && exploded.boxed.get(b);
          if (env && !envParams.has(env) && !envs.includes(env)) envs.push(env);
        }
        ts.forEachChild(x, find);
      };
      find(fn);
      if (envs.length === 0) return undefined;
      if (!ts.isExpression(fn as TS.Node)) return void cannot(fn, "a function or class declaration in native code that captures a per-iteration binding");
      const args = envs.map((e) => referenceTo(e, nested > 0)!);
      const names = envs.map((e) => fresh(e.name));
      envs.forEach((e, i) => envParams.set(e, names[i]));
      const inner = visit(fn) as TS.Expression;
      envs.forEach((e) => envParams.delete(e));
      const iife = f.createCallExpression(
        f.createParenthesizedExpression(f.createArrowFunction(undefined, undefined, names.map((p) => f.createParameterDeclaration(undefined, undefined, p)), undefined, undefined, inner)),
        undefined,
        args,
      );
      return ts.setTextRange(iife, fn);
    };
    return visit(node) as T;
  };

  const setState = (value: number, comment: string): TS.Statement => {
    const s = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createNumericLiteral(value)));
    ts.addSyntheticTrailingComment(s, ts.SyntaxKind.MultiLineCommentTrivia, ` ${comment} `, false);
    return s;
  };
  const stateRef = (nested: boolean): TS.Expression => f.createPropertyAccessExpression(thisRef(nested), "_state");

  const suspendOutput = (value: TS.Expression | undefined): TS.Expression | undefined => {
    if (site.spec.output === "iteratorResult") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("value", value ?? f.createVoidZero()), f.createPropertyAssignment("done", f.createFalse())]);
    }
    return value;
  };
  const returnOutput = (value: TS.Expression | undefined): TS.Expression | undefined => {
    if (site.spec.output === "iteratorResult") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("value", value ?? f.createVoidZero()), f.createPropertyAssignment("done", f.createTrue())]);
    }
    if (site.spec.output === "poll") {
      return f.createObjectLiteralExpression([f.createPropertyAssignment("ready", f.createTrue()), f.createPropertyAssignment("value", value ?? f.createVoidZero())]);
    }
    return value;
  };
  /**
   * The output is computed while the instance is still Running (so a resume from inside it is
   * ALREADY_RUNNING and `state` reads "Running"): anything but a plain read goes to a local first.
   */
  let outputName: string | undefined;
  const computeFirst = (value: TS.Expression | undefined, out: TS.Statement[], canStay = (e: TS.Expression) => isPure(ts, e)): TS.Expression | undefined => {
    if (!value || canStay(value)) return value;
    outputName ??= fresh("output");
    out.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(outputName), value)));
    return f.createIdentifier(outputName);
  };
  const returnSequence = (value: TS.Expression | undefined, at: TS.Node | undefined, nested: boolean): TS.Statement[] => {
    const first: TS.Statement[] = [];
    const restart = site.spec.restartsOnReturn;
    const target = restart ? 0 : doneState;
    // The output may read a field the restart resets: then even a field read goes to a local first.
    value = restartResets.length ? computeFirst(value, first, (e) => isSideEffectFree(ts, e)) : computeFirst(value, first);
    for (const name of restartResets) first.push(f.createExpressionStatement(f.createAssignment(member(nested, name), f.createVoidZero())));
    const assignState = f.createExpressionStatement(f.createAssignment(stateRef(nested), f.createNumericLiteral(target)));
    ts.addSyntheticTrailingComment(assignState, ts.SyntaxKind.MultiLineCommentTrivia, ` ${states[target]} `, false);
    const ret = f.createReturnStatement(returnOutput(value));
    if (at) ts.setTextRange(ret, at);
    return [...first, assignState, ret];
  };
  const jumpTo = (target: BlockId): TS.Statement[] => {
    usesDispatch = true;
    const label = caseLabels.get(target) ?? entryLabel(target);
    const s = f.createExpressionStatement(f.createAssignment(f.createIdentifier(stateName), f.createNumericLiteral(label)));
    const name = label <= lastResumable ? states[label] : undefined;
    if (name) ts.addSyntheticTrailingComment(s, ts.SyntaxKind.MultiLineCommentTrivia, ` ${name} `, false);
    return [s, f.createContinueStatement(dispatchLabel)];
  };

  function embeddedJump(jump: EmbeddedJump, at: TS.Node, nested: boolean): TS.Statement {
    if (nested) cannot(at, "a jump out of a nested function");
    const stmts = jump.cleanup.map((c) => rewrite(c));
    if (jump.kind === "goto") stmts.push(...jumpTo(jump.target));
    else stmts.push(...returnSequence(jump.value && rewrite(jump.value), jump.node, false));
    return ts.setTextRange(f.createBlock(stmts, true), at);
  }

  // ---- code for blocks, with inlining ----
  let duplicationBudget = 64;
  const sizeOf = (b: Block): number => b.stmts.length + (b.term?.kind === "branch" ? 2 : 1);

  /** The handler of the case being emitted: code inlined into it must share it. */
  let caseHandler: number | undefined;

  const emitBlock = (id: BlockId, out: TS.Statement[], inlining: Set<BlockId>): void => {
    const b = blocks[id];
    for (const s of b.stmts) out.push(rewrite(s));
    emitTerminator(b.term!, out, inlining);
  };

  const canInline = (target: BlockId, inlining: Set<BlockId>): boolean => {
    if (isEntry(target) || inlining.has(target) || embeddedTargets.has(target)) return false;
    if (blocks[target].handler !== caseHandler) return false;
    if (caseLabels.has(target) && (graph.preds.get(target) ?? 0) > 1 && sizeOf(blocks[target]) > 3) return false;
    if ((graph.preds.get(target) ?? 0) <= 1) return true;
    const size = sizeOf(blocks[target]);
    if (size <= 3 && duplicationBudget >= size && inlining.size < 16) {
      duplicationBudget -= size;
      return true;
    }
    return false;
  };

  const emitJump = (target: BlockId, out: TS.Statement[], inlining: Set<BlockId>): void => {
    if (canInline(target, inlining)) {
      inlining.add(target);
      emitBlock(target, out, inlining);
      inlining.delete(target);
    } else {
      out.push(...jumpTo(target));
    }
  };

  const emitTerminator = (t: Terminator, out: TS.Statement[], inlining: Set<BlockId>): void => {
    switch (t.kind) {
      case "goto":
        return emitJump(t.target, out, inlining);
      case "branch": {
        const yes: TS.Statement[] = [];
        const no: TS.Statement[] = [];
        emitJump(t.whenTrue, yes, inlining);
        emitJump(t.whenFalse, no, inlining);
        out.push(f.createIfStatement(rewrite(t.cond), f.createBlock(yes, true)));
        out.push(...no);
        return;
      }
      case "suspend": {
        const value = t.value && rewrite(t.value);
        const suspend: TS.Statement[] = [];
        const output = computeFirst(value, suspend);
        suspend.push(setState(t.state, states[t.state]));
        const ret = f.createReturnStatement(t.passThrough ? output : suspendOutput(output));
        ts.setTextRange(ret, t.node);
        suspend.push(ret);
        const first = firstYield.of.get(t);
        if (first) {
          // yieldAtStart: the first yield_ executed receives the input and runs on.
          const take: TS.Statement[] = [];
          if (needsFirstFlag) take.push(f.createExpressionStatement(f.createAssignment(f.createIdentifier(firstName), f.createFalse())));
          if (value && !isSideEffectFree(ts, value)) take.push(f.createExpressionStatement(value));
          emitJump(t.resume, take, inlining);
          if (first === "always") {
            out.push(...take);
            return;
          }
          out.push(f.createIfStatement(f.createIdentifier(firstName), f.createBlock(take, true)));
          out.push(...suspend);
          return;
        }
        out.push(...suspend);
        return;
      }
      case "return":
        out.push(...returnSequence(t.value && rewrite(t.value), t.node, false));
        return;
      case "throw":
        return;
    }
  };

  // Entries first, in state order, then the join cases they reach. Cases whose code comes out
  // identical (states that resume into the same continuation, e.g. every `c = yield_(x)` at the
  // end of a loop body) share one body: `case 2: case 4: case 5: …`.
  const caseGroups: { labels: { label: number; name: string }[]; body: TS.Statement[] }[] = [];
  /**
   * Case groups by the kinds of their statements, then by their signature's hash: only cases of
   * one shape can have the same code. The first case of a shape is signed only when a second
   * one comes; looking up the hash (rather than comparing with every case of the shape) keeps a
   * body of thousands of alike cases linear.
   */
  const groupsByShape = new Map<string, { unsigned: number | undefined; byHash: Map<number, number[]> }>();
  const signatures = new Map<number, CodeSignature | undefined>();
  const texts = new Map<string, number>();
  const signatureOf = (g: number): CodeSignature | undefined => {
    if (!signatures.has(g)) signatures.set(g, codeSignature(ts, caseGroups[g].body, texts));
    return signatures.get(g);
  };
  const indexByHash = (byHash: Map<number, number[]>, g: number): void => {
    const sig = signatureOf(g);
    if (!sig) return;
    const list = byHash.get(sig.hash);
    if (list) list.push(g);
    else byHash.set(sig.hash, [g]);
  };
  const emitted = new Set<BlockId>();
  /** Adds a case; returns without a new body when an earlier case has the same code. */
  const addCase = (label: number, name: string, body: TS.Statement[]): void => {
    // Same code, same signature (printing every case to compare them was a third of the
    // transformer's time); signatures are made only for cases whose statements are of the same
    // kinds. A tagged template's strings object is one per source position: a case with one has
    // no signature and is never shared.
    const shape = body.map((st) => st.kind).join(",");
    const ofShape = groupsByShape.get(shape);
    caseGroups.push({ labels: [{ label, name }], body });
    const mine = caseGroups.length - 1;
    if (!ofShape) {
      groupsByShape.set(shape, { unsigned: mine, byHash: new Map() });
      return;
    }
    if (ofShape.unsigned !== undefined) {
      indexByHash(ofShape.byHash, ofShape.unsigned);
      ofShape.unsigned = undefined;
    }
    const sig = signatureOf(mine);
    for (const g of (sig && ofShape.byHash.get(sig.hash)) || []) {
      if (!sameSignature(signatureOf(g)!, sig!)) continue;
      sharedCaseCheck?.(ts, caseGroups[g].body, body, site.body.getSourceFile());
      caseGroups[g].labels.push({ label, name });
      caseGroups.pop();
      signatures.delete(mine);
      return;
    }
    indexByHash(ofShape.byHash, mine);
  };
  /** Statements that send exception `error` (an identifier) to handler `h`. */
  const route = (h: number | undefined, error: string): TS.Statement[] => {
    if (h === undefined) return [f.createThrowStatement(f.createIdentifier(error))];
    const handler = handlers[h];
    const set = (b: Binding, v: TS.Expression) => f.createExpressionStatement(f.createAssignment(referenceTo(b, false) as TS.Identifier, v));
    if (handler.kind === "close") {
      return [
        f.createExpressionStatement(f.createCallExpression(input.runtime("closeIteratorOnThrow"), undefined, [referenceTo(handler.iterator, false)!])),
        ...route(handler.parent, error),
      ];
    }
    if (handler.kind === "catch") return [set(handler.error, f.createIdentifier(error)), ...jumpTo(handler.entry)];
    return [set(handler.completion, f.createNumericLiteral(1)), set(handler.value, f.createIdentifier(error)), ...jumpTo(handler.entry)];
  };

  const runningStatement = (): TS.Statement => {
    const running = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createPrefixMinus(f.createNumericLiteral(1))));
    ts.addSyntheticTrailingComment(running, ts.SyntaxKind.MultiLineCommentTrivia, " Running ", false);
    return running;
  };

  const emitCase = (id: BlockId, label: number): void => {
    if (emitted.has(id)) return;
    emitted.add(id);
    let body: TS.Statement[] = [];
    caseHandler = blocks[id].handler;
    emitBlock(id, body, new Set([id]));
    if (caseHandler !== undefined) {
      // Exceptions in this code go to the body's own catch/finally (or close a for…of iterator).
      body = [f.createTryStatement(f.createBlock(body, true), f.createCatchClause(errorName, f.createBlock(route(caseHandler, errorName), true)), undefined)];
    }
    const name =
      label <= lastResumable ? states[label] : throwEntries.includes(label) ? `throw() at ${states[throwEntries.indexOf(label)]}` : returnEntries.includes(label) ? `return() at ${states[returnEntries.indexOf(label)]}` : `join`;
    addCase(label, name, body);
  };
  const entries = [...caseLabels.entries()].filter(([id]) => graph.reachable.has(id) && isEntry(id)).sort((a, b) => a[1] - b[1]);
  for (const [id, label] of entries) emitCase(id, label);
  while (pendingCases.length) {
    const id = pendingCases.shift()!;
    emitCase(id, caseLabels.get(id)!);
  }
  // When no case can run user code or throw (only moves between locals and fields, strict
  // comparisons, literals: a delay line), nothing can observe Running or make the body panic,
  // so there is neither the Running store nor the try (below).
  const residentNames = new Set<string>([inputName, stateName, ...localOf.values(), ...(outputName ? [outputName] : []), ...(needsFirstFlag ? [firstName] : [])]);
  const ownFields = new Set<string>(["_state", ...fieldOf.values(), ...captureField.values()]);
  const inert = caseGroups.every((g) => g.body.every((st) => isInertStatement(ts, st, residentNames, ownFields)));
  if (inert && !usesDispatch) {
    // Then `_state` keeps the value the case was entered with until it suspends: in a case of
    // one state, suspending in that same state needs no store (the delay line's `case 1`).
    for (const g of caseGroups) {
      if (g.labels.length !== 1) continue;
      const same = g.labels[0].label;
      const isSameStore = (n: TS.Node) =>
        ts.isExpressionStatement(n) &&
        ts.isBinaryExpression(n.expression) &&
        n.expression.operatorToken.kind === ts.SyntaxKind.EqualsToken &&
        ts.isPropertyAccessExpression(n.expression.left) &&
        n.expression.left.expression.kind === ts.SyntaxKind.ThisKeyword &&
        n.expression.left.name.text === "_state" &&
        ts.isNumericLiteral(n.expression.right) &&
        Number(n.expression.right.text) === same;
      const strip = (n: TS.Node): TS.Node | undefined => (isSameStore(n) ? undefined : ts.isBlock(n) || ts.isIfStatement(n) ? ts.visitEachChild(n, strip, undefined) : n);
      g.body = g.body.filter((st) => !isSameStore(st)).map((st) => strip(st) as TS.Statement);
    }
  }
  // The largest group of resume states becomes the `default` clause, behind a range check: fewer
  // labels make a smaller switch (V8 inlines a resume only while its bytecode stays under 460
  // bytes) and a shorter compare chain. Only when every resumable state has a case, so that the
  // range check lets through exactly the states of the group.
  const everyStateHasCase = states.slice(0, -1).every((_, i) => caseGroups.some((g) => g.labels.some((l) => l.label === i)));
  let defaultGroup: (typeof caseGroups)[number] | undefined;
  for (const g of caseGroups) {
    if (g.labels.length >= 2 && g.labels.every((l) => l.label <= lastResumable) && g.labels.length > (defaultGroup?.labels.length ?? 0)) defaultGroup = g;
  }
  if (!everyStateHasCase) defaultGroup = undefined;
  const caseClauses: TS.CaseOrDefaultClause[] = [];
  for (const g of caseGroups) {
    if (g === defaultGroup) continue;
    g.labels.forEach(({ label, name }, i) => {
      const clause = f.createCaseClause(f.createNumericLiteral(label), i === g.labels.length - 1 ? g.body : []);
      ts.addSyntheticLeadingComment(clause, ts.SyntaxKind.MultiLineCommentTrivia, ` ${name} `, true);
      caseClauses.push(clause);
    });
  }

  // ---- resume(input) ----
  const resumeBody: TS.Statement[] = [];
  const stateDecl = f.createVariableStatement(
    undefined,
    f.createVariableDeclarationList([f.createVariableDeclaration(stateName, undefined, undefined, f.createPropertyAccessExpression(f.createThis(), "_state"))], usesDispatch ? ts.NodeFlags.Let : ts.NodeFlags.Const),
  );
  resumeBody.push(stateDecl);
  const locals = [...localOf.values()];
  if (outputName) locals.push(outputName);
  if (locals.length) resumeBody.push(f.createVariableStatement(undefined, f.createVariableDeclarationList(locals.map((n) => f.createVariableDeclaration(n)), ts.NodeFlags.Let)));
  if (needSelf) resumeBody.push(f.createVariableStatement(undefined, f.createVariableDeclarationList([f.createVariableDeclaration(selfName, undefined, undefined, f.createThis())], ts.NodeFlags.Const)));
  if (needsFirstFlag) {
    resumeBody.push(
      f.createVariableStatement(
        undefined,
        f.createVariableDeclarationList([f.createVariableDeclaration(firstName, undefined, undefined, f.createStrictEquality(f.createIdentifier(stateName), f.createNumericLiteral(0)))], ts.NodeFlags.Let),
      ),
    );
  }
  // A state with no case (Done, Running, Panicked) falls out of the switch: its state is put back
  // and resumeFailed raises the right error outside the try.
  if (defaultGroup) {
    const outOfRange = f.createLogicalOr(
      f.createLessThan(f.createIdentifier(stateName), f.createNumericLiteral(0)),
      f.createGreaterThan(f.createIdentifier(stateName), f.createNumericLiteral(lastResumable)),
    );
    const guard = f.createIfStatement(outOfRange, f.createBreakStatement(usesDispatch ? dispatchLabel : undefined));
    const clause = f.createDefaultClause([guard, ...defaultGroup.body]);
    ts.addSyntheticLeadingComment(clause, ts.SyntaxKind.MultiLineCommentTrivia, ` ${defaultGroup.labels.map((l) => l.name).join(", ")} `, true);
    caseClauses.push(clause);
  } else if (usesDispatch) caseClauses.push(f.createDefaultClause([f.createBreakStatement(dispatchLabel)]));
  const sw = f.createSwitchStatement(f.createIdentifier(stateName), f.createCaseBlock(caseClauses));
  const dispatch: TS.Statement = usesDispatch ? f.createLabeledStatement(dispatchLabel, f.createForStatement(undefined, undefined, undefined, sw)) : sw;
  const panicked = f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), "_state"), f.createPrefixMinus(f.createNumericLiteral(2))));
  ts.addSyntheticTrailingComment(panicked, ts.SyntaxKind.MultiLineCommentTrivia, " Done, panicked ", false);
  if (inert) {
    resumeBody.push(dispatch);
  } else {
    // From here the instance is Running (a resume from inside its body is ALREADY_RUNNING): one
    // store for every entry, put back below when the state turns out to have no case.
    resumeBody.push(runningStatement());
    resumeBody.push(
      f.createTryStatement(
        f.createBlock([dispatch], true),
        f.createCatchClause(errorName, f.createBlock([panicked, f.createThrowStatement(f.createIdentifier(errorName))], true)),
        undefined,
      ),
    );
  }
  resumeBody.push(f.createReturnStatement(f.createCallExpression(input.runtime("resumeFailed"), undefined, [f.createThis(), f.createIdentifier(stateName)])));
  const resumeMethod = f.createMethodDeclaration(
    undefined,
    undefined,
    "resume",
    undefined,
    undefined,
    [f.createParameterDeclaration(undefined, undefined, inputName)],
    undefined,
    f.createBlock(resumeBody, true),
  );

  // ---- constructor: every field initialised, in one order ----
  const ctorParams: TS.ParameterDeclaration[] = [];
  const ctorBody: TS.Statement[] = [f.createExpressionStatement(f.createCallExpression(f.createSuper(), undefined, []))];
  const constructorArgs: TS.Expression[] = [];
  const assignField = (name: string, value: TS.Expression) =>
    ctorBody.push(f.createExpressionStatement(f.createAssignment(f.createPropertyAccessExpression(f.createThis(), name), value)));
  // Saved locals start as the Smi 0 rather than undefined: V8 then keeps a field that only ever
  // holds numbers in Smi (or double) representation, with no boxing and no write barrier, which
  // made the delay line's resume ~20% faster. The body cannot see the difference: liveness says
  // such a field is written before it is read on every path from Start, and snapshot() reads only
  // the locals live at the state (liveLocals, above). A field read before it is written (a `var`
  // read early: live on entry to Start), or one that closures or `arguments` reach, starts as
  // undefined as JavaScript would have it.
  for (const name of fields) assignField(name, startsUndefined.has(name) ? f.createVoidZero() : f.createNumericLiteral(0));
  for (const c of input.captures) {
    if (!c.byValue) continue;
    const name = captureField.get(c.binding)!;
    ctorParams.push(f.createParameterDeclaration(undefined, undefined, name));
    assignField(name, f.createIdentifier(name));
    constructorArgs.push(captureValue(c.binding));
  }
  if (accessorField) {
    ctorParams.push(f.createParameterDeclaration(undefined, undefined, accessorField));
    assignField(accessorField, f.createIdentifier(accessorField));
    constructorArgs.push(accessorObject(ts, input.captures.filter((c) => !c.byValue).map((c) => c.binding), captureValue));
  }
  const special = (field: string | undefined, value: () => TS.Expression) => {
    if (!field) return;
    ctorParams.push(f.createParameterDeclaration(undefined, undefined, field));
    assignField(field, f.createIdentifier(field));
    constructorArgs.push(value());
  };
  special(thisField, () => f.createThis());
  special(argumentsField, () => f.createIdentifier("arguments"));
  special(newTargetField, () => f.createMetaProperty(ts.SyntaxKind.NewKeyword, f.createIdentifier("target")));
  special(superField, () =>
    f.createArrowFunction(undefined, undefined, [f.createParameterDeclaration(undefined, undefined, "key")], undefined, undefined, f.createElementAccessExpression(f.createSuper(), f.createIdentifier("key"))),
  );
  const ctor = f.createConstructorDeclaration(undefined, ctorParams, f.createBlock(ctorBody, true));

  const staticField = (name: string, value: TS.Expression) => f.createPropertyDeclaration([f.createModifier(ts.SyntaxKind.StaticKeyword)], name, undefined, undefined, value);
  const strings = (xs: readonly string[]) => f.createArrayLiteralExpression(xs.map((x) => f.createStringLiteral(x)));
  const numbers = (xs: readonly number[]) => f.createArrayLiteralExpression(xs.map((x) => f.createNumericLiteral(x)));
  const statics = [staticField("states", strings(states)), staticField("locals", strings(fields))];
  if (fields.length) statics.push(staticField("liveLocals", f.createArrayLiteralExpression(liveLocals.map(numbers))));
  statics.push(staticField("site", f.createStringLiteral(input.siteId)));
  // What snapshots know of the compiler's temporaries: names for messages, recipes to re-read (temps.ts).
  const tempsPlan = planTemps({ ts, site, exploded, live, fieldOf, fields, liveLocals, suspends, states, resolve, fileLabel: input.siteId.slice(0, input.siteId.lastIndexOf("#")) });
  if (tempsPlan.delegates.some((d) => d)) {
    statics.push(staticField("delegates", f.createArrayLiteralExpression(tempsPlan.delegates.map((d) => (d ? f.createStringLiteral(d) : f.createNumericLiteral(0))))));
  }
  if (tempsPlan.perState.some((t) => t.length)) {
    const perState = tempsPlan.perState.map((temps) =>
      temps.length === 0
        ? f.createNumericLiteral(0)
        : f.createObjectLiteralExpression(
            temps.map((t) => {
              const recipe = t.recipe && f.createFunctionExpression(undefined, undefined, undefined, undefined, [], undefined, f.createBlock([f.createReturnStatement(rewrite(t.recipe))], false));
              return f.createPropertyAssignment(f.createStringLiteral(t.field), f.createArrayLiteralExpression(recipe ? [f.createStringLiteral(t.description), recipe] : [f.createStringLiteral(t.description)]));
            }),
          ),
    );
    statics.push(staticField("temps", f.createArrayLiteralExpression(perState)));
  }
  if (throwEntries.some((x) => x)) statics.push(staticField("throwEntries", numbers(throwEntries)));
  if (returnEntries.some((x) => x)) statics.push(staticField("returnEntries", numbers(returnEntries)));
  const classDeclaration = f.createClassDeclaration(
    undefined,
    input.className,
    undefined,
    [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(input.runtime(site.spec.baseClass), undefined)])],
    [...statics, ...templateStatics, ctor, resumeMethod],
  );
  ts.setTextRange(classDeclaration, site.call);
  return { classDeclaration, constructorArgs, fields: [...fields], duplicatedTemplates, unsupported };

  function captureValue(b: Binding): TS.Identifier {
    // A fresh identifier bound to the outer binding: an enclosing body may rewrite it in turn.
    const id = f.createIdentifier(b.name);
    input.madeRefs.set(id, b);
    return id;
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

/** `{ get x() { return x; }, set x(value) { x = value; } }`: live access to outer bindings. */
function accessorObject(ts: typeof TS, bindings: Binding[], ref: (b: Binding) => TS.Identifier): TS.Expression {
  const f = ts.factory;
  const members: TS.ObjectLiteralElementLike[] = [];
  for (const b of bindings) {
    members.push(f.createGetAccessorDeclaration(undefined, b.name, [], undefined, f.createBlock([f.createReturnStatement(ref(b))], false)));
    if (b.assigned) {
      const param = b.name === "value" ? "value_" : "value";
      members.push(
        f.createSetAccessorDeclaration(
          undefined,
          b.name,
          [f.createParameterDeclaration(undefined, undefined, param)],
          f.createBlock([f.createExpressionStatement(f.createAssignment(ref(b), f.createIdentifier(param)))], false),
        ),
      );
    }
  }
  return f.createObjectLiteralExpression(members, false);
}

/** An assignment or update whose target is `super.x` / `super[k]`. */
function isSuperWrite(ts: typeof TS, n: TS.Node): boolean {
  const isSuperMember = (e: TS.Expression) => (ts.isPropertyAccessExpression(e) || ts.isElementAccessExpression(e)) && e.expression.kind === ts.SyntaxKind.SuperKeyword;
  if (ts.isBinaryExpression(n) && n.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && n.operatorToken.kind <= ts.SyntaxKind.LastAssignment) return isSuperMember(n.left);
  if ((ts.isPrefixUnaryExpression(n) || ts.isPostfixUnaryExpression(n)) && (n.operator === ts.SyntaxKind.PlusPlusToken || n.operator === ts.SyntaxKind.MinusMinusToken)) {
    return isSuperMember(n.operand);
  }
  return false;
}

/** Is private name `n` declared by a class inside `body` (so it stays valid where the body moves)? */
function declaredInside(ts: typeof TS, n: TS.PrivateIdentifier, body: TS.Node): boolean {
  for (let c: TS.Node | undefined = n.parent; c && c !== body; c = c.parent) {
    if (ts.isClassLike(c) && c.members.some((m) => m.name && ts.isPrivateIdentifier(m.name) && m.name.text === n.text)) return true;
  }
  return false;
}

/**
 * A statement of resume that can neither run user code nor throw: assignments of inert values to
 * locals of resume or to the instance's own fields (data properties made by its constructor),
 * `if`s on inert conditions, returns, `continue dispatch`.
 */
function isInertStatement(ts: typeof TS, st: TS.Statement, locals: Set<string>, fields: Set<string>): boolean {
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
function isPure(ts: typeof TS, e: TS.Expression): boolean {
  if (isSideEffectFree(ts, e) || e.kind === ts.SyntaxKind.ThisKeyword) return true;
  if (ts.isPrefixUnaryExpression(e) && ts.isNumericLiteral(e.operand)) return true;
  if (ts.isPropertyAccessExpression(e)) return e.expression.kind === ts.SyntaxKind.ThisKeyword;
  if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && isPure(ts, x));
  if (ts.isObjectLiteralExpression(e)) return e.properties.every((p) => ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name) && isPure(ts, p.initializer));
  return false;
}

function isSideEffectFree(ts: typeof TS, e: TS.Expression): boolean {
  return ts.isIdentifier(e) || ts.isLiteralExpression(e) || e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword || ts.isVoidExpression(e);
}

function isValueIdentifier(ts: typeof TS, n: TS.Identifier): boolean {
  const p = n.parent;
  if (!p) return true;
  if (ts.isPropertyAccessExpression(p) && p.name === n) return false;
  if ((ts.isPropertyAssignment(p) || ts.isMethodDeclaration(p) || ts.isPropertyDeclaration(p)) && p.name === n) return false;
  return true;
}

