/**
 * Exploding a body into basic blocks (regenerator's `emit.js`, TypeScript's `generators.ts`).
 *
 * - A statement that holds no suspension is kept whole ("native"), after `lowerNative` turned
 *   its `var`s into assignments and its jumps out of itself into placeholders.
 * - A statement that holds one is taken apart: its control flow becomes blocks and branches, its
 *   expressions are evaluated operand by operand into temporaries, so that JavaScript's order of
 *   evaluation survives the suspension in the middle.
 * - Declarations in exploded scopes are flattened: their bindings become "machine variables",
 *   later given a field (live across a suspension) or a local of `resume` (not).
 */
import type * as TS from "typescript";
import type { Binding, BindResult, Scope } from "./scopes";
import { createTempBinding, declarationKind } from "./scopes";
import { skipOuterExpressions } from "./syntax";
import type { Site, Suspension } from "./markers";
import type { Block, BlockId, EmbeddedJump, Handler, Terminator } from "./ir";
import { closesIterator, COMPLETION_NORMAL, COMPLETION_RETURN, COMPLETION_THROW, LeapManager, type FinallyFrame } from "./leap";

/**
 * Whether the source text of `node` may spell `word`: false only when the walk that looks for it
 * would find nothing (the word is not in the text, and no `\u` escape could spell it).
 */
function mayMention(node: TS.Node, word: string): boolean {
  if (node.pos < 0) return true;
  const text = node.getSourceFile().text;
  const at = text.indexOf(word, node.pos);
  if (at >= 0 && at < node.end) return true;
  const escape = text.indexOf("\\u", node.pos);
  return escape >= 0 && escape < node.end;
}

/** An `await` (expression, for await, await using) of the body itself, not of a nested function. */
function findAwait(ts: typeof TS, body: TS.Node): TS.Node | undefined {
  if (!mayMention(body, "await")) return undefined;
  let found: TS.Node | undefined;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier) || (ts.isVariableDeclarationList(n) && (n.flags & 7) === 6)) {
      found = n;
      return;
    }
    if (ts.isFunctionLike(n) || ts.isClassLike(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

function usesArguments(ts: typeof TS, body: TS.FunctionExpression): boolean {
  if (!mayMention(body, "arguments")) return false;
  let found = false;
  const visit = (n: TS.Node): void => {
    if (found) return;
    if (ts.isIdentifier(n) && n.text === "arguments") found = true;
    if ((ts.isFunctionLike(n) && !ts.isArrowFunction(n)) || ts.isClassLike(n)) return;
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(body, visit);
  return found;
}

/** `target = default` in an assignment pattern, split; anything else has no default. */
function splitDefault(ts: typeof TS, e: TS.Expression): { t: TS.Expression; init?: TS.Expression } {
  if (ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken) return { t: e.left, init: e.right };
  return { t: e };
}

/** A construct the compiler cannot handle: the node at fault and what to call it in 70007. */
export interface UnsupportedConstruct {
  readonly node: TS.Node;
  readonly construct: string;
}

/**
 * Thrown where lowering cannot go on past a construct; the nearest statement or expression being
 * lowered catches it, records it, and lowering goes on with the next one, so every construct of
 * a body is reported (a body with any is not compiled: what was lowered around it is dropped).
 */
export class Unsupported extends Error implements UnsupportedConstruct {
  constructor(
    readonly node: TS.Node,
    readonly construct: string,
  ) {
    super(construct);
  }
}

export interface LoweredBody {
  /** Every construct that cannot be compiled, in the order lowering met them (empty: the IR is whole). */
  unsupported: UnsupportedConstruct[];
  blocks: Block[];
  /** Bindings flattened into the machine (declared in exploded scopes, or `var`s). */
  machineVars: Set<Binding>;
  /** Placeholders inside native statements. */
  embedded: Map<TS.Node, EmbeddedJump>;
  /** Stands for the current resume's input in expressions. */
  input: Binding;
  /** `arguments` of a function-expression body: [first input], or [] without a parameter. */
  argumentsVar: Binding | undefined;
  /** The first parameter's bindings (reassigned on every resume under unified/future). */
  params: Binding[];
  /** Every identifier node the compiler made, mapped to its binding (extends the binder's refs). */
  refs: Map<TS.Identifier, Binding>;
  /** Exception handlers; blocks name theirs by index. */
  handlers: Handler[];
  /**
   * Per-iteration bindings that closures capture: each lives as a property of an environment
   * object made afresh on every entry to its scope, so every closure keeps its own iteration's.
   */
  boxed: Map<Binding, Binding>;
  /**
   * The compiler's temporaries made by `toTemp`: the user's expression each holds the value of
   * (for snapshot messages), and the expression assigned to it (re-read at restore when it can be).
   */
  temps: Map<Binding, TempOrigin>;
  /** The temporaries that hold a `yield_.from`'s iterator (clone() copies a stackless one). */
  delegates: Set<Binding>;
}

/** Where a compiler temporary's value comes from. */
export interface TempOrigin {
  /** The source node whose value it holds (or the nearest source expression around it). */
  readonly node: TS.Node;
  /** What it holds, in the words of a message: "the value of", "the iterator of". */
  readonly role: string;
  /** The expression assigned to it, in lowered terms. */
  readonly value: TS.Expression;
}

/**
 * Lower one body to the block graph (the compiler's IR). Needs no backend: the runtime helpers it
 * names are built by `runtime` (`__stackless.<name>`, the import name the analysis chose).
 */
export function lowerBody(
  ts: typeof TS,
  site: Site,
  suspensions: readonly Suspension[],
  bind: BindResult,
  runtime: (name: string) => TS.Expression,
): LoweredBody {
  return new Exploder(ts, site, suspensions, bind, runtime).run();
}

export class Exploder {
  readonly blocks: Block[] = [];
  private cur: Block;
  private readonly leaps: LeapManager;
  readonly machineVars = new Set<Binding>();
  private readonly handlers: Handler[] = [];
  /** The handler of the code being exploded now. */
  private handler: number | undefined;
  private readonly flattened = new Set<Scope>();
  /** Exploded loops around the code being exploded (their scopes are entered once per iteration). */
  private loopDepth = 0;
  private readonly envOf = new Map<Scope, Binding>();
  private readonly boxed = new Map<Binding, Binding>();
  readonly embedded = new Map<TS.Node, EmbeddedJump>();
  readonly input: Binding;
  private readonly params: Binding[] = [];
  private argumentsVar: Binding | undefined;
  private readonly suspensionOf = new Map<TS.Node, Suspension>();
  /** Nodes that contain (or are) a suspension of this body. */
  private readonly holds = new Set<TS.Node>();
  /**
   * The spread elements `...collected` explodeOperandsToStable made over an array it collected
   * a spread into: the list they stand in is built with `concat` (not spread again, which would
   * iterate the array through the program's `Array.prototype[Symbol.iterator]`).
   */
  private readonly collectedSpreads = new Set<TS.Node>();
  private readonly f: TS.NodeFactory;
  private readonly bodyScope: Scope;
  /** Temps are numbered on from the file's own bindings (ids are per file). */
  private nextTempId: number;
  private readonly unsupported: UnsupportedConstruct[] = [];
  private readonly temps = new Map<Binding, TempOrigin>();
  private readonly delegates = new Set<Binding>();
  /** The innermost source expression being exploded (what a temporary made for a synthesized one stands for). */
  private sourceAt: TS.Node | undefined;

  constructor(
    private readonly ts: typeof TS,
    private readonly site: Site,
    /** The site's suspensions with their states (nameStates). */
    suspensions: readonly Suspension[],
    private readonly bind: BindResult,
    /** Builds `__stackless.<name>` for the runtime helpers. */
    private readonly runtime: (name: string) => TS.Expression,
  ) {
    this.f = ts.factory;
    this.leaps = new LeapManager();
    this.bodyScope = bind.scopes.get(site.body)!;
    this.nextTempId = bind.bindingCount + 1;
    this.input = createTempBinding("input", this.bodyScope, this.nextTempId++);
    for (const s of suspensions) {
      this.suspensionOf.set(s.call, s);
      for (let n: TS.Node = s.call; n && n !== site.body; n = n.parent) this.holds.add(n);
    }
    this.cur = this.newBlock(); // block 0: Start
  }

  // ---- building blocks -------------------------------------------------------------------

  private newBlock(): Block {
    const b: Block = { id: this.blocks.length, stmts: [], term: undefined, embeddedJumps: [], handler: this.handler };
    this.blocks.push(b);
    return b;
  }

  private emit(s: TS.Statement): void {
    this.cur.stmts.push(s);
  }

  private emitExpr(e: TS.Expression, at?: TS.Node): void {
    // A bare reference or literal has no effect worth keeping.
    if (this.ts.isIdentifier(e) || this.ts.isLiteralExpression(e) || (this.ts.isVoidExpression(e) && this.isStableValue(e))) return;
    const s = this.f.createExpressionStatement(e);
    if (at) this.ts.setTextRange(s, at);
    this.emit(s);
  }

  private terminate(term: Terminator): void {
    this.cur.term = term;
    this.cur = this.newBlock(); // whatever follows is unreachable until marked
  }

  private goto(target: Block): void {
    this.terminate({ kind: "goto", target: target.id });
  }

  /** Continue emitting into `b`; the current block falls into it if it has no terminator yet. */
  private mark(b: Block): void {
    if (!this.cur.term) this.cur.term = { kind: "goto", target: b.id };
    b.handler = this.handler;
    this.cur = b;
  }

  private addHandler(h: Handler): number {
    return this.handlers.push(h) - 1;
  }

  /** Explode `fn` with handler `h` catching; continue afterwards in a block of the outer handler. */
  private withHandler(h: number | undefined, fn: () => void): void {
    const prev = this.handler;
    this.handler = h;
    this.mark(this.newBlock());
    fn();
    this.handler = prev;
    this.mark(this.newBlock());
  }

  private branch(cond: TS.Expression, whenTrue: Block, whenFalse: Block): void {
    // `while (true)`, `for (;;)`: no test to emit.
    if (cond.kind === this.ts.SyntaxKind.TrueKeyword) return this.goto(whenTrue);
    if (cond.kind === this.ts.SyntaxKind.FalseKeyword) return this.goto(whenFalse);
    this.terminate({ kind: "branch", cond, whenTrue: whenTrue.id, whenFalse: whenFalse.id });
  }

  // ---- names -------------------------------------------------------------------------------

  private readonly refs = new Map<TS.Identifier, Binding>();

  /** A fresh identifier node that refers to `b`. */
  ref(b: Binding): TS.Identifier {
    const id = this.f.createIdentifier(b.name);
    this.refs.set(id, b);
    return id;
  }

  private newTemp(hint = "t"): Binding {
    const b = createTempBinding(hint, this.bodyScope, this.nextTempId++);
    this.machineVars.add(b);
    return b;
  }

  /** Evaluate `e` now into a temporary; return a reference to it. `origin`: the source node it holds the value of. */
  private toTemp(e: TS.Expression, hint = "t", origin?: TS.Node): TS.Expression {
    const t = this.newTemp(hint);
    const node = origin ?? (e.pos >= 0 ? e : this.sourceAt);
    const role = hint === "iterator" || hint === "delegate" ? "the iterator of" : hint === "keys" ? "the for…in walk of" : hint === "future" ? "the future awaited by" : "the value of";
    if (node) this.temps.set(t, { node, role, value: e });
    this.emit(this.f.createExpressionStatement(this.assign(this.ref(t), e)));
    return this.ref(t);
  }

  private assign(target: TS.Expression, value: TS.Expression): TS.Expression {
    return this.f.createAssignment(target as TS.LeftHandSideExpression, value);
  }

  private bindingOf(id: TS.Identifier): Binding | undefined {
    return this.refs.get(id) ?? this.bind.refs.get(id);
  }

  private has(node: TS.Node | undefined): boolean {
    return !!node && this.holds.has(node);
  }

  // ---- entry -------------------------------------------------------------------------------

  run(): LoweredBody {
    const { ts, f, site } = this;
    const body = site.body;
    this.flatten(body);
    if (ts.isBlock(body.body)) this.flatten(body.body);

    if (body.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword)) this.cannot(body, "an async body (use future() with await_)");
    if (ts.isFunctionExpression(body) && body.asteriskToken) this.cannot(body, "a function* body (write a plain function and yield_)");
    const awaiting = findAwait(ts, body);
    if (awaiting) this.cannot(awaiting, "`await` in a body (bodies are not async; use await_ in a future body)");
    // A TypeScript `this` parameter only types `this`; it is not an input.
    const params = body.parameters.filter((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
    if (params.length > 1) this.cannot(params[1], "a body with more than one parameter (a resume takes one input)");
    const param = params[0];
    if (ts.isFunctionExpression(body) && usesArguments(ts, body)) {
      this.argumentsVar = this.newTemp("args");
      this.emitExpr(this.assign(this.ref(this.argumentsVar), f.createArrayLiteralExpression(param ? [this.ref(this.input)] : [])));
    }
    if (param) {
      if (param.dotDotDotToken) this.cannot(param, "a rest parameter on a body");
      this.collectPatternBindings(param.name, this.params);
      // The first resume's input is the parameter (with its default, as a call would apply it).
      this.emitParamAssignment(param);
    }

    if (ts.isBlock(body.body)) {
      this.explodeStatements(body.body.statements);
      if (!this.cur.term) this.cur.term = { kind: "return", value: undefined, node: undefined };
    } else {
      const value = this.explode(body.body);
      this.terminate({ kind: "return", value, node: body.body });
    }
    void f;
    return {
      unsupported: this.unsupported,
      blocks: this.blocks,
      machineVars: this.machineVars,
      embedded: this.embedded,
      input: this.input,
      params: this.params,
      refs: this.refs,
      handlers: this.handlers,
      boxed: this.boxed,
      argumentsVar: this.argumentsVar,
      temps: this.temps,
      delegates: this.delegates,
    };
  }

  private emitParamAssignment(param: TS.ParameterDeclaration): void {
    const { f } = this;
    let value: TS.Expression = this.ref(this.input);
    if (param.initializer) {
      if (this.has(param.initializer)) this.cannot(param.initializer, "a suspension in a parameter default");
      value = f.createConditionalExpression(
        f.createStrictEquality(this.ref(this.input), f.createVoidZero()),
        undefined,
        param.initializer,
        undefined,
        this.ref(this.input),
      );
    }
    this.emitExpr(this.assign(this.patternTarget(param.name), value), param);
  }

  /** Under unified and future bodies every resume rebinds the parameter to the new input. */
  private reassignParams(): void {
    const param = this.site.body.parameters.find((p) => !(this.ts.isIdentifier(p.name) && p.name.text === "this"));
    if (!param) return;
    this.emitExpr(this.assign(this.patternTarget(param.name), this.ref(this.input)), param);
  }

  private collectPatternBindings(name: TS.BindingName, out: Binding[]): void {
    if (this.ts.isIdentifier(name)) {
      const b = this.bind.refs.get(name);
      if (b) out.push(b);
      return;
    }
    for (const el of name.elements) if (!this.ts.isOmittedExpression(el)) this.collectPatternBindings(el.name, out);
  }

  // ---- statements --------------------------------------------------------------------------

  private explodeStatements(stmts: readonly TS.Statement[], hoist = true): void {
    // Function declarations are initialised when their scope is entered (hoisting).
    if (hoist) for (const s of stmts) if (this.ts.isFunctionDeclaration(s) && s.body && s.name) this.emitFunctionDeclaration(s);
    for (let i = 0; i < stmts.length; i++) {
      const s = stmts[i];
      if (this.ts.isVariableStatement(s) && declarationKind(s.declarationList) === "using") {
        // The rest of the block is protected: the resources are disposed when it is left.
        return this.explodeUsing(s.declarationList.declarations, 0, stmts.slice(i + 1));
      }
      this.explodeStatement(s);
    }
  }

  /** `using r = e; rest`: rest runs protected; r is disposed however it ends (reverse order). */
  private explodeUsing(decls: readonly TS.VariableDeclaration[], index: number, rest: readonly TS.Statement[]): void {
    const { f } = this;
    if (index === decls.length) return this.explodeStatements(rest, false);
    const d = decls[index];
    if (!this.ts.isIdentifier(d.name) || !d.initializer) throw new Unsupported(d, "a `using` declaration without a plain name and initializer");
    if ((d.parent.flags & 7) === 6) throw new Unsupported(d, "`await using` in a body");
    const name = d.name;
    // [Symbol.dispose] is read once, when the resource is declared (CreateDisposableResource),
    // and that method is the one called at disposal; the binding is initialized after the check.
    const value = this.toTemp(this.explode(d.initializer), "resource");
    const method = this.newTemp("dispose");
    this.emitExpr(this.assign(this.ref(method), f.createCallExpression(this.runtime("getDisposeMethod"), undefined, [this.cloneRef(value)])), d);
    this.emitExpr(this.assign(name, this.cloneRef(value)), d);
    this.explodeProtected(
      () => this.explodeUsing(decls, index + 1, rest),
      undefined,
      (fin) => {
        this.emitExpr(
          f.createCallExpression(this.runtime("disposeResource"), undefined, [
            this.ref(this.bindingOf(name)!),
            this.ref(method),
            f.createStrictEquality(this.ref(fin.completion), f.createNumericLiteral(COMPLETION_THROW)),
            this.ref(fin.value),
          ]),
        );
      },
    );
  }

  private emitFunctionDeclaration(s: TS.FunctionDeclaration): void {
    const { f } = this;
    const fn = f.createFunctionExpression(s.modifiers?.filter((m) => m.kind === this.ts.SyntaxKind.AsyncKeyword) as TS.Modifier[] | undefined, s.asteriskToken, f.createIdentifier(s.name!.text), s.typeParameters, s.parameters, s.type, s.body!);
    this.ts.setTextRange(fn, s);
    this.emitExpr(this.assign(s.name!, fn), s);
  }

  /**
   * Make the scope of a block-like node part of the machine (its bindings become machine
   * variables). `perIteration`: the scope is entered on every iteration of a loop (a for…of
   * head), as is any scope inside an exploded loop body.
   */
  private flatten(node: TS.Node, perIteration = false): void {
    const scope = this.bind.scopes.get(node);
    if (!scope) return;
    this.flattened.add(scope);
    let env: Binding | undefined;
    for (const b of scope.bindings.values()) {
      this.machineVars.add(b);
      if ((perIteration || this.loopDepth > 0) && b.captured && b.kind !== "var" && b.kind !== "param") {
        env ??= this.newTemp("env");
        this.boxed.set(b, env);
      }
    }
    if (env) this.envOf.set(scope, env);
  }

  /** Entering a scope whose captured bindings are boxed: a fresh environment object. */
  private enterScope(node: TS.Node): void {
    const env = this.scopeEnv(node);
    if (env) this.emitExpr(this.assign(this.ref(env), this.f.createObjectLiteralExpression([])));
  }

  /** A `for (let …)` iteration starts: a new environment with the current values (CreatePerIterationEnvironment). */
  private copyScope(node: TS.Node): void {
    const env = this.scopeEnv(node);
    if (env) this.emitExpr(this.assign(this.ref(env), this.f.createObjectLiteralExpression([this.f.createSpreadAssignment(this.ref(env))])));
  }

  private scopeEnv(node: TS.Node): Binding | undefined {
    const scope = this.bind.scopes.get(node);
    return scope && this.envOf.get(scope);
  }

  /** Record a construct that cannot be compiled, once per node (lowering goes on: see Unsupported). */
  private cannot(node: TS.Node, construct: string): void {
    if (!this.unsupported.some((u) => u.node === node)) this.unsupported.push({ node, construct });
  }

  /** Lower a statement; one that cannot be compiled is recorded and left out. */
  private explodeStatement(s: TS.Statement, labels: string[] = []): void {
    try {
      this.explodeStatementParts(s, labels);
    } catch (e) {
      if (!(e instanceof Unsupported)) throw e;
      this.cannot(e.node, e.construct);
    }
  }

  private explodeStatementParts(s: TS.Statement, labels: string[]): void {
    const { ts } = this;
    if (ts.isFunctionDeclaration(s)) return; // hoisted by explodeStatements
    if (ts.isVariableStatement(s)) return this.explodeDeclarationList(s.declarationList);
    if (ts.isEnumDeclaration(s) || ts.isModuleDeclaration(s)) throw new Unsupported(s, `a TypeScript ${ts.isEnumDeclaration(s) ? "enum" : "namespace"} declaration in a body`);
    if (ts.isClassDeclaration(s)) {
      if (s.modifiers?.some((m) => ts.isDecorator(m))) throw new Unsupported(s, "a decorated class declaration in a body");
      if (!s.name) return;
      const cls = this.has(s) ? this.explodeClass(s) : this.f.createClassExpression(undefined, this.f.createIdentifier(s.name.text), s.typeParameters, s.heritageClauses, s.members);
      this.ts.setTextRange(cls, s);
      this.emitExpr(this.assign(s.name, cls), s);
      return;
    }
    if (ts.isLabeledStatement(s)) {
      const inner = s.statement;
      const all = [...labels, s.label.text];
      if (ts.isIterationStatement(inner, false) || ts.isLabeledStatement(inner)) return this.explodeStatement(inner, all);
      if (!this.has(inner)) return this.emitNative(s);
      const after = this.newBlock();
      this.leaps.withFrame({ kind: "label", labels: all, breakTarget: after.id }, () => this.explodeStatement(inner));
      this.mark(after);
      return;
    }
    if (ts.isBreakStatement(s) || ts.isContinueStatement(s)) {
      const plan = this.planBreakOrContinue(s);
      plan.stmts.forEach((c) => this.emit(c));
      this.terminate({ kind: "goto", target: plan.target });
      return;
    }
    if (ts.isReturnStatement(s)) {
      return this.emitReturn(s.expression ? this.explode(s.expression) : undefined, s);
    }
    if (!this.has(s) && !this.leavesThroughNativeCleanup(s)) {
      if (ts.isIterationStatement(s, false) && labels.length > 0) {
        // Keep the labels on a native loop.
        let wrapped: TS.Statement = s;
        for (let i = labels.length - 1; i >= 0; i--) wrapped = this.f.createLabeledStatement(labels[i], wrapped);
        return this.emitNative(wrapped);
      }
      return this.emitNative(s);
    }
    switch (s.kind) {
      case ts.SyntaxKind.Block:
        this.flatten(s);
        this.enterScope(s);
        return this.explodeStatements((s as TS.Block).statements);
      case ts.SyntaxKind.ExpressionStatement:
        return this.emitExpr(this.explode((s as TS.ExpressionStatement).expression, true), s);
      case ts.SyntaxKind.IfStatement:
        return this.explodeIf(s as TS.IfStatement);
      case ts.SyntaxKind.WhileStatement:
        return this.explodeWhile(s as TS.WhileStatement, labels);
      case ts.SyntaxKind.DoStatement:
        return this.explodeDo(s as TS.DoStatement, labels);
      case ts.SyntaxKind.ForStatement:
        return this.explodeFor(s as TS.ForStatement, labels);
      case ts.SyntaxKind.ForOfStatement:
        return this.explodeForOf(s as TS.ForOfStatement, labels);
      case ts.SyntaxKind.ForInStatement:
        return this.explodeForIn(s as TS.ForInStatement, labels);
      case ts.SyntaxKind.SwitchStatement:
        return this.explodeSwitch(s as TS.SwitchStatement, labels);
      case ts.SyntaxKind.ReturnStatement: {
        const r = s as TS.ReturnStatement;
        const value = r.expression ? this.explode(r.expression) : undefined;
        return this.emitReturn(value, r);
      }
      case ts.SyntaxKind.ThrowStatement: {
        const t = s as TS.ThrowStatement;
        const value = this.explode(t.expression);
        const thr = this.f.createThrowStatement(value);
        ts.setTextRange(thr, t);
        this.emit(thr);
        this.terminate({ kind: "throw" });
        return;
      }
      case ts.SyntaxKind.TryStatement:
        return this.explodeTry(s as TS.TryStatement);
      case ts.SyntaxKind.WithStatement:
        throw new Unsupported(s, "a `with` statement");
      default:
        throw new Unsupported(s, `a suspension inside ${ts.SyntaxKind[s.kind]}`);
    }
  }

  /**
   * Does `s` hold a return (or a break/continue out of it) that would leave a native for…of,
   * try…finally or using block inside it, while the exploded code around has cleanups of its own?
   * Then `s` is exploded too, so the cleanups run innermost first, as JavaScript orders them.
   */
  private leavesThroughNativeCleanup(s: TS.Statement): boolean {
    const { ts } = this;
    if (!this.leaps.frames.some((fr) => fr.kind === "finally" || closesIterator(fr))) return false;
    let found = false;
    const visit = (n: TS.Node, cleanups: number, ownLabels: string[], loops: number): void => {
      if (found || ts.isFunctionLike(n) || ts.isClassLike(n)) return;
      if (cleanups > 0 && (ts.isReturnStatement(n) || (ts.isBreakOrContinueStatement(n) && (n.label ? !ownLabels.includes(n.label.text) : loops === 0)))) {
        found = true;
        return;
      }
      const protects =
        ts.isForOfStatement(n) ||
        (ts.isTryStatement(n) && !!n.finallyBlock) ||
        ((ts.isBlock(n) || ts.isCaseClause(n) || ts.isDefaultClause(n)) && (n as TS.Block).statements.some((x) => ts.isVariableStatement(x) && declarationKind(x.declarationList) === "using"));
      const labels = ts.isLabeledStatement(n) ? [...ownLabels, n.label.text] : ownLabels;
      const inLoop = ts.isIterationStatement(n, false) || ts.isSwitchStatement(n) ? loops + 1 : loops;
      ts.forEachChild(n, (c) => visit(c, cleanups + (protects ? 1 : 0), labels, inLoop));
    };
    visit(s, 0, [], 0);
    return found;
  }

  private emitReturn(value: TS.Expression | undefined, node: TS.Node | undefined): void {
    const plan = this.planReturn(value);
    plan.stmts.forEach((c) => this.emit(c));
    if (plan.target !== undefined) this.terminate({ kind: "goto", target: plan.target });
    else this.terminate({ kind: "return", value: plan.value, node });
  }

  // ---- leaving statements: break, continue, return ---------------------------------------

  private planBreakOrContinue(s: TS.BreakOrContinueStatement): { stmts: TS.Statement[]; target: BlockId } {
    const isBreak = this.ts.isBreakStatement(s);
    const label = s.label?.text;
    const index = isBreak ? this.leaps.findBreak(label) : this.leaps.findContinue(label);
    if (index < 0) throw new Unsupported(s, `a ${isBreak ? "break" : "continue"} whose target is not in the body`);
    return this.planJump(index, isBreak ? "break" : "continue");
  }

  /**
   * What a jump to frame `index` must do from here: close the iterators of the loops it leaves,
   * or, at the first finally on the way, record itself as that finally's completion and go there.
   */
  private planJump(index: number, kind: "break" | "continue"): { stmts: TS.Statement[]; target: BlockId } {
    const { f } = this;
    const frames = this.leaps.frames;
    const stmts: TS.Statement[] = [];
    for (let i = frames.length - 1; i > index; i--) {
      const fr = frames[i];
      if (fr.kind === "loop" && fr.iterator) stmts.push(...this.closeIterators([fr.iterator]));
      if (fr.kind === "pattern") stmts.push(this.closeWalk(fr.walk));
      if (fr.kind === "finally") {
        const code = this.leaps.jumpCode(fr, index, kind);
        stmts.push(f.createExpressionStatement(this.assign(this.ref(fr.completion), f.createNumericLiteral(code))));
        return { stmts, target: fr.entry };
      }
    }
    const target = frames[index];
    if (kind === "break") {
      if (target.kind === "loop" && target.iterator) stmts.push(...this.closeIterators([target.iterator]));
      return { stmts, target: (target as { breakTarget: BlockId }).breakTarget };
    }
    return { stmts, target: (target as { continueTarget: BlockId }).continueTarget };
  }

  /** What `return value` must do from here: close iterators, or go through the innermost finally. */
  private planReturn(value: TS.Expression | undefined): { stmts: TS.Statement[]; target?: BlockId; value: TS.Expression | undefined } {
    const { f } = this;
    const frames = this.leaps.frames;
    const stmts: TS.Statement[] = [];
    const cleanup = frames.some((fr) => fr.kind === "finally" || closesIterator(fr));
    if (cleanup && value && !this.isStableValue(value)) {
      // The value is computed before any iterator is closed.
      const t = this.newTemp("result");
      stmts.push(f.createExpressionStatement(this.assign(this.ref(t), value)));
      value = this.ref(t);
    }
    for (let i = frames.length - 1; i >= 0; i--) {
      const fr = frames[i];
      if (fr.kind === "loop" && fr.iterator) stmts.push(...this.closeIterators([fr.iterator]));
      if (fr.kind === "pattern") stmts.push(this.closeWalk(fr.walk));
      if (fr.kind === "finally") {
        stmts.push(f.createExpressionStatement(this.assign(this.ref(fr.completion), f.createNumericLiteral(COMPLETION_RETURN))));
        stmts.push(f.createExpressionStatement(this.assign(this.ref(fr.value), value ? this.cloneRef(value) : f.createVoidZero())));
        return { stmts, target: fr.entry, value: undefined };
      }
    }
    return { stmts, value };
  }

  // ---- try/catch/finally and using ---------------------------------------------------------

  private explodeTry(s: TS.TryStatement): void {
    const clause = s.catchClause;
    this.explodeProtected(
      () => this.explodeStatement(s.tryBlock),
      clause &&
        ((error) => {
          this.flatten(clause);
          this.enterScope(clause);
          const decl = clause.variableDeclaration;
          if (decl) {
            if (this.has(decl)) throw new Unsupported(decl, "a suspension in a catch binding");
            this.emitExpr(this.assign(this.patternTarget(decl.name), this.ref(error)), decl);
          }
          this.explodeStatement(clause.block);
        }),
      s.finallyBlock && (() => this.explodeStatement(s.finallyBlock!)),
    );
  }

  /**
   * The shape of every try statement: `body` protected by `catchPart` (given the binding that
   * holds the error) and/or `finallyPart`; completions that pass through the finally part are
   * recorded in its completion variables and continued at its end.
   */
  private explodeProtected(body: () => void, catchPart: ((error: Binding) => void) | undefined, finallyPart: ((fin: FinallyFrame) => void) | undefined): void {
    const { f } = this;
    const outer = this.handler;
    const after = this.newBlock();
    let fin: FinallyFrame | undefined;
    let finHandler: number | undefined;
    let finEntry: Block | undefined;
    if (finallyPart) {
      finEntry = this.newBlock();
      fin = { kind: "finally", entry: finEntry.id, completion: this.newTemp("completion"), value: this.newTemp("completionValue"), jumps: [] };
      finHandler = this.addHandler({ kind: "finally", entry: finEntry.id, completion: fin.completion, value: fin.value, parent: outer });
    }
    let catchEntry: Block | undefined;
    let catchHandler: number | undefined;
    let error: Binding | undefined;
    if (catchPart) {
      catchEntry = this.newBlock();
      error = this.newTemp("error");
      catchHandler = this.addHandler({ kind: "catch", entry: catchEntry.id, error, parent: finHandler ?? outer });
    }
    const normalExit = () => {
      if (fin) {
        this.emitExpr(this.assign(this.ref(fin.completion), f.createNumericLiteral(COMPLETION_NORMAL)));
        this.goto(finEntry!);
      } else {
        this.goto(after);
      }
    };
    const protectedParts = () => {
      this.withHandler(catchHandler ?? finHandler, body);
      normalExit();
      if (catchPart) {
        this.handler = finHandler ?? outer;
        this.mark(catchEntry!);
        catchPart(error!);
        this.handler = outer;
        this.mark(this.newBlock());
        normalExit();
      }
    };
    if (fin) this.leaps.withFrame(fin, protectedParts);
    else protectedParts();

    if (fin && finEntry) {
      this.mark(finEntry);
      finallyPart!(fin);
      // Continue the completion that entered the finally block.
      const completion = () => this.ref(fin!.completion);
      const is = (code: number) => f.createStrictEquality(completion(), f.createNumericLiteral(code));
      let next = this.newBlock();
      this.branch(is(COMPLETION_NORMAL), after, next);
      this.mark(next);
      const rethrow = this.newBlock();
      next = this.newBlock();
      this.branch(is(COMPLETION_THROW), rethrow, next);
      this.mark(rethrow);
      this.emit(f.createThrowStatement(this.ref(fin.value)));
      this.terminate({ kind: "throw" });
      this.mark(next);
      const ret = this.newBlock();
      next = this.newBlock();
      this.branch(is(COMPLETION_RETURN), ret, next);
      this.mark(ret);
      this.emitReturn(this.ref(fin.value), undefined);
      this.mark(next);
      fin.jumps.forEach((j, i) => {
        const go = this.newBlock();
        const other = this.newBlock();
        this.branch(is(3 + i), go, other);
        this.mark(go);
        const plan = this.planJump(j.frame, j.kind);
        plan.stmts.forEach((c) => this.emit(c));
        this.terminate({ kind: "goto", target: plan.target });
        this.mark(other);
      });
      this.goto(after);
    }
    this.mark(after);
  }

  private explodeIf(s: TS.IfStatement): void {
    const cond = this.explode(s.expression);
    const then = this.newBlock();
    const after = this.newBlock();
    const otherwise = s.elseStatement ? this.newBlock() : after;
    this.branch(cond, then, otherwise);
    this.mark(then);
    this.explodeStatement(s.thenStatement);
    this.goto(after);
    if (s.elseStatement) {
      this.mark(otherwise);
      this.explodeStatement(s.elseStatement);
      this.goto(after);
    }
    this.mark(after);
  }

  private loopBody(stmt: TS.Statement, labels: string[], breakTarget: Block, continueTarget: Block, iterator?: TS.Expression): void {
    this.loopDepth++;
    try {
      this.leaps.withFrame({ kind: "loop", labels, breakTarget: breakTarget.id, continueTarget: continueTarget.id, iterator }, () =>
        this.explodeStatement(stmt),
      );
    } finally {
      this.loopDepth--;
    }
  }

  private explodeWhile(s: TS.WhileStatement, labels: string[]): void {
    const head = this.newBlock();
    const body = this.newBlock();
    const after = this.newBlock();
    this.mark(head);
    this.branch(this.explode(s.expression), body, after);
    this.mark(body);
    this.loopBody(s.statement, labels, after, head);
    this.goto(head);
    this.mark(after);
  }

  private explodeDo(s: TS.DoStatement, labels: string[]): void {
    const body = this.newBlock();
    const test = this.newBlock();
    const after = this.newBlock();
    this.mark(body);
    this.loopBody(s.statement, labels, after, test);
    this.mark(test);
    this.branch(this.explode(s.expression), body, after);
    this.mark(after);
  }

  private explodeFor(s: TS.ForStatement, labels: string[]): void {
    this.flatten(s, true);
    this.enterScope(s);
    if (s.initializer) {
      if (this.ts.isVariableDeclarationList(s.initializer)) this.explodeDeclarationList(s.initializer);
      else this.emitExpr(this.explode(s.initializer, true), s.initializer);
    }
    this.copyScope(s);
    const head = this.newBlock();
    const body = this.newBlock();
    const update = this.newBlock();
    const after = this.newBlock();
    this.mark(head);
    if (s.condition) this.branch(this.explode(s.condition), body, after);
    this.mark(body);
    this.loopBody(s.statement, labels, after, update);
    this.mark(update);
    this.copyScope(s);
    if (s.incrementor) this.emitExpr(this.explode(s.incrementor, true), s.incrementor);
    this.goto(head);
    this.mark(after);
  }

  /** The assignment a `for…in/of` head makes each iteration. */
  private assignIterationTarget(init: TS.ForInitializer, value: TS.Expression): void {
    const target = this.ts.isVariableDeclarationList(init) ? init.declarations[0].name : init;
    if (this.has(target)) this.destructure(target, value);
    else this.emitExpr(this.assign(this.ts.isVariableDeclarationList(init) ? this.patternTarget(init.declarations[0].name) : init, value), init);
  }

  private explodeForOf(s: TS.ForOfStatement, labels: string[]): void {
    const { f } = this;
    if (s.awaitModifier) throw new Unsupported(s, "for await…of");
    this.flatten(s, true);
    const iterable = this.explode(s.expression);
    const iterator = this.toTemp(
      f.createCallExpression(f.createElementAccessExpression(iterable, f.createPropertyAccessExpression(f.createIdentifier("Symbol"), "iterator")), undefined, []),
      "iterator",
      s.expression,
    );
    const head = this.newBlock();
    const body = this.newBlock();
    const after = this.newBlock();
    this.mark(head);
    const step = this.toTemp(f.createCallExpression(f.createPropertyAccessExpression(iterator, "next"), undefined, []), "step");
    this.branch(f.createPropertyAccessExpression(step, "done"), after, body);
    this.mark(body);
    // An exception in the body closes the iterator on its way out (IteratorClose).
    const close = this.addHandler({ kind: "close", iterator: this.bindingOf(iterator as TS.Identifier)!, parent: this.handler });
    this.withHandler(close, () => {
      this.enterScope(s);
      // A return() at a suspension in the head's pattern closes the iterator too: the head is in
      // the loop's frame (no break or continue can stand in a head, so only a return leaves it).
      const headFrame = { kind: "loop" as const, labels: [], breakTarget: after.id, continueTarget: head.id, iterator };
      this.leaps.withFrame(headFrame, () => this.assignIterationTarget(s.initializer, f.createPropertyAccessExpression(this.cloneRef(step), "value")));
      this.loopBody(s.statement, labels, after, head, iterator);
    });
    this.goto(head);
    this.mark(after);
  }

  private explodeForIn(s: TS.ForInStatement, labels: string[]): void {
    const { f } = this;
    this.flatten(s, true);
    const object = this.explode(s.expression);
    const walk = this.toTemp(f.createCallExpression(this.runtime("forInKeys"), undefined, [object]), "keys", s.expression);
    const head = this.newBlock();
    const body = this.newBlock();
    const after = this.newBlock();
    this.mark(head);
    const key = this.toTemp(f.createCallExpression(this.runtime("forInNext"), undefined, [walk]), "key");
    this.branch(f.createStrictEquality(key, f.createVoidZero()), after, body);
    this.mark(body);
    this.enterScope(s);
    this.assignIterationTarget(s.initializer, this.cloneRef(key));
    this.loopBody(s.statement, labels, after, head);
    this.goto(head);
    this.mark(after);
  }

  /**
   * A switch becomes a chain of strict-equality tests in label order, then the clause bodies in
   * source order (falling through into each other). A clause with no statements gets no block of
   * its own: its label tests for the body it falls into (the first later clause with statements,
   * else the end of the switch), and consecutive tests for the same body are one `||` test, so
   * `case 9: case 10: case 13: body` is one branch to one body rather than three to three
   * copies. `a === x || a === y` evaluates the labels in the same order and stops at the same
   * match as the switch does; a label that suspends ends the group before it (its own
   * statements must run only when the tests before it failed).
   */
  private explodeSwitch(s: TS.SwitchStatement, labels: string[]): void {
    const { f } = this;
    this.flatten(s.caseBlock);
    let disc = this.explode(s.expression);
    // Compared once per case: evaluate it once.
    if (!this.isStableValue(disc)) disc = this.toTemp(disc);
    this.enterScope(s.caseBlock);
    const clauses = s.caseBlock.clauses;
    const bodies = clauses.map((c) => (c.statements.length > 0 ? this.newBlock() : undefined));
    const after = this.newBlock();
    /** Where a match of clause i's label goes: its own body, else the body it falls into. */
    const targetOf = (i: number): Block => {
      for (let j = i; j < clauses.length; j++) {
        const body = bodies[j];
        if (body) return body;
      }
      return after;
    };
    let group: { cond: TS.Expression; target: Block } | undefined;
    const endGroup = () => {
      if (!group) return;
      const next = this.newBlock();
      this.branch(group.cond, group.target, next);
      this.mark(next);
      group = undefined;
    };
    let defaultIndex = -1;
    for (let i = 0; i < clauses.length; i++) {
      const c = clauses[i];
      if (this.ts.isDefaultClause(c)) {
        defaultIndex = i;
        continue;
      }
      const target = targetOf(i);
      if (group && (group.target !== target || this.has(c.expression))) endGroup();
      const test = f.createStrictEquality(this.cloneRef(disc), this.explode(c.expression));
      group = group ? { cond: f.createLogicalOr(group.cond, test), target } : { cond: test, target };
    }
    endGroup();
    this.goto(defaultIndex >= 0 ? targetOf(defaultIndex) : after);
    this.leaps.withFrame({ kind: "label", labels: [...labels, ""], breakTarget: after.id }, () => {
      for (let i = 0; i < clauses.length; i++) {
        const body = bodies[i];
        if (!body) continue;
        this.mark(body);
        this.explodeStatements(clauses[i].statements);
      }
    });
    this.mark(after);
  }

  /** A reference that may be used twice: identifiers are cloned (with their binding). */
  private cloneRef(e: TS.Expression): TS.Expression {
    if (this.ts.isIdentifier(e)) {
      const b = this.bindingOf(e);
      if (b) return this.ref(b);
      return this.f.createIdentifier(e.text);
    }
    return e;
  }

  // ---- declarations ------------------------------------------------------------------------

  private explodeDeclarationList(list: TS.VariableDeclarationList): void {
    const { ts, f } = this;
    const declKind = declarationKind(list);
    if (declKind === "using") throw new Unsupported(list, "a `using` declaration");
    const isVar = declKind === "var";
    for (const d of list.declarations) {
      if (d.initializer) {
        const value = this.explode(d.initializer);
        if (!ts.isIdentifier(d.name) && this.patternHolds(d.name)) this.destructure(d.name, value);
        else this.emitExpr(this.assign(this.patternTarget(d.name), value), d);
      } else if (!isVar && ts.isIdentifier(d.name)) {
        // `let x;` re-runs on every entry to its scope (a loop body): reset it.
        this.emitExpr(this.assign(d.name, f.createVoidZero()), d);
      }
    }
  }

  private patternHolds(name: TS.BindingName): boolean {
    return this.has(name);
  }

  /** A binding name as an assignment target: identifiers stay, patterns become literals. */
  patternTarget(name: TS.BindingName): TS.Expression {
    const { ts, f } = this;
    if (ts.isIdentifier(name)) return name;
    if (ts.isObjectBindingPattern(name)) {
      return f.createObjectLiteralExpression(
        name.elements.map((el) => {
          const target = this.withDefault(this.patternTarget(el.name), el.initializer);
          if (el.dotDotDotToken) return f.createSpreadAssignment(target);
          const key = el.propertyName ?? (el.name as TS.Identifier);
          const keyNode = ts.isIdentifier(key) ? f.createIdentifier(key.text) : key;
          return f.createPropertyAssignment(keyNode as TS.PropertyName, target);
        }),
      );
    }
    return f.createArrayLiteralExpression(
      name.elements.map((el) => {
        if (ts.isOmittedExpression(el)) return f.createOmittedExpression();
        const target = this.withDefault(this.patternTarget(el.name), el.initializer);
        return el.dotDotDotToken ? f.createSpreadElement(target) : target;
      }),
    );
  }

  private withDefault(target: TS.Expression, init: TS.Expression | undefined): TS.Expression {
    return init ? this.assign(target, init) : target;
  }

  /**
   * Destructuring whose pattern itself suspends (a default or computed key with a yield_): done
   * step by step as JavaScript specifies. `target`: a binding pattern (declarations) or an
   * object/array literal (assignments), or any simple target at the leaves.
   */
  private destructure(target: TS.BindingName | TS.Expression, value: TS.Expression): void {
    const { ts, f } = this;
    if (!this.has(target)) {
      const t = ts.isIdentifier(target) || ts.isObjectBindingPattern(target) || ts.isArrayBindingPattern(target) ? this.patternTarget(target as TS.BindingName) : (target as TS.Expression);
      this.emitExpr(this.assign(t, value));
      return;
    }
    target = ts.isObjectBindingPattern(target) || ts.isArrayBindingPattern(target) ? target : this.skipOuter(target as TS.Expression);
    // One element: its target, key (object patterns), default, and whether it is a rest element.
    type Element = { target: TS.BindingName | TS.Expression; key?: TS.PropertyName; init?: TS.Expression; rest?: boolean; omitted?: boolean };
    const elements: Element[] = [];
    const isObject = ts.isObjectBindingPattern(target) || ts.isObjectLiteralExpression(target);
    if (ts.isObjectBindingPattern(target) || ts.isArrayBindingPattern(target)) {
      for (const el of target.elements as readonly (TS.BindingElement | TS.OmittedExpression)[]) {
        if (ts.isOmittedExpression(el)) elements.push({ target: el as unknown as TS.Expression, omitted: true });
        else elements.push({ target: el.name, key: el.propertyName ?? (ts.isIdentifier(el.name) ? el.name : undefined), init: el.initializer, rest: !!el.dotDotDotToken });
      }
    } else if (ts.isObjectLiteralExpression(target)) {
      for (const p of target.properties) {
        if (ts.isPropertyAssignment(p)) {
          const { t, init } = splitDefault(ts, p.initializer);
          elements.push({ target: t, key: p.name, init });
        } else if (ts.isShorthandPropertyAssignment(p)) elements.push({ target: p.name, key: p.name, init: p.objectAssignmentInitializer });
        else if (ts.isSpreadAssignment(p)) elements.push({ target: p.expression, rest: true });
        else throw new Unsupported(p, "a method in a destructuring pattern");
      }
    } else if (ts.isArrayLiteralExpression(target)) {
      for (const el of target.elements) {
        if (ts.isOmittedExpression(el)) elements.push({ target: el, omitted: true });
        else if (ts.isSpreadElement(el)) elements.push({ target: el.expression, rest: true });
        else {
          const { t, init } = splitDefault(ts, el);
          elements.push({ target: t, init });
        }
      }
    } else {
      throw new Unsupported(target, "a suspension in this assignment target");
    }

    const withDefault = (v: TS.Expression, init: TS.Expression | undefined): TS.Expression => {
      if (!init) return v;
      const t = this.toTemp(v);
      const evalDefault = this.newBlock();
      const after = this.newBlock();
      this.branch(f.createStrictEquality(this.cloneRef(t), f.createVoidZero()), evalDefault, after);
      this.mark(evalDefault);
      this.emitExpr(this.assign(this.cloneRef(t), this.explode(init)));
      this.mark(after);
      return this.cloneRef(t);
    };
    /** Leaves that are member expressions are evaluated (object, key) before the value is read. */
    const prepareTarget = (t: TS.BindingName | TS.Expression, later: TS.Node[]): TS.BindingName | TS.Expression => {
      if (ts.isObjectBindingPattern(t) || ts.isArrayBindingPattern(t) || ts.isIdentifier(t)) return t;
      const inner = this.skipOuter(t as TS.Expression);
      if (ts.isObjectLiteralExpression(inner) || ts.isArrayLiteralExpression(inner)) return inner;
      return this.explodeReferenceTarget(inner, [...later, inner]);
    };

    if (isObject) {
      const src = this.toTemp(f.createCallExpression(this.runtime("requireObjectCoercible"), undefined, [value]), "source");
      const taken: TS.Expression[] = [];
      for (const el of elements) {
        if (el.rest) {
          const t = prepareTarget(el.target, []);
          this.destructure(t, f.createCallExpression(this.runtime("objectRest"), undefined, [this.cloneRef(src), f.createArrayLiteralExpression(taken.map((k) => this.cloneRef(k)))]));
          continue;
        }
        const k = el.key!;
        let key: TS.Expression;
        if (ts.isComputedPropertyName(k)) key = this.toTemp(this.explode(k.expression), "key");
        else if (ts.isIdentifier(k) || ts.isPrivateIdentifier(k)) key = f.createStringLiteral(k.text);
        else key = k as TS.Expression;
        taken.push(key);
        const t = prepareTarget(el.target, el.init ? [el.init] : []);
        const v = withDefault(f.createElementAccessExpression(this.cloneRef(src), this.cloneRef(key)), el.init);
        this.destructure(t, v);
      }
      return;
    }
    const walk = this.toTemp(f.createNewExpression(this.runtime("ArrayPatternWalk"), undefined, [value]), "walk");
    // An abrupt completion while the elements are taken closes the iterator unless it finished
    // (IteratorClose): an exception through the close handler (what that close throws is
    // ignored), a return() at a suspension in a default through the frame (what it throws wins).
    const close = this.addHandler({ kind: "close", iterator: this.bindingOf(walk as TS.Identifier)!, parent: this.handler });
    this.withHandler(close, () =>
      this.leaps.withFrame({ kind: "pattern", walk }, () => {
        for (const el of elements) {
          if (el.omitted) {
            this.emitExpr(f.createCallExpression(f.createPropertyAccessExpression(this.cloneRef(walk), "next"), undefined, []));
            continue;
          }
          const t = prepareTarget(el.target, el.init ? [el.init] : []);
          if (el.rest) {
            this.destructure(t, f.createCallExpression(f.createPropertyAccessExpression(this.cloneRef(walk), "rest"), undefined, []));
            continue;
          }
          const v = withDefault(f.createCallExpression(f.createPropertyAccessExpression(this.cloneRef(walk), "next"), undefined, []), el.init);
          this.destructure(t, v);
        }
      }),
    );
    this.emit(this.closeWalk(walk));
  }

  // ---- native statements -------------------------------------------------------------------

  private emitNative(s: TS.Statement): void {
    this.emit(this.lowerNative(s));
  }

  /**
   * Prepare a statement that holds no suspension to run inside `resume`: `var` declarations become
   * assignments (the binding is a machine variable), and `break`/`continue`/`return` that leave
   * the statement become placeholders that the emitter turns into state jumps.
   */
  private lowerNative(stmt: TS.Statement): TS.Statement {
    const { ts, f } = this;
    const ownLabels: string[] = [];
    let loops = 0; // native loops around the visited node (targets of a bare continue)
    let breakables = 0; // native loops and switches (targets of a bare break)

    const visit = (node: TS.Node): TS.Node => {
      // Nested functions and classes keep their own var/return; identifiers are rewritten at emit.
      if (ts.isFunctionLike(node) || ts.isClassLike(node)) return node;
      if (ts.isVariableStatement(node) && declarationKind(node.declarationList) === "var") {
        const e = this.varListToExpression(node.declarationList, visit);
        return e ? ts.setTextRange(f.createExpressionStatement(e), node) : ts.setTextRange(f.createEmptyStatement(), node);
      }
      if ((ts.isForStatement(node) && node.initializer && ts.isVariableDeclarationList(node.initializer) && declarationKind(node.initializer) === "var")) {
        loops++;
        breakables++;
        const init = this.varListToExpression(node.initializer as TS.VariableDeclarationList, visit);
        const r = f.updateForStatement(
          node,
          init,
          node.condition && (visit(node.condition) as TS.Expression),
          node.incrementor && (visit(node.incrementor) as TS.Expression),
          visit(node.statement) as TS.Statement,
        );
        loops--;
        breakables--;
        return r;
      }
      if ((ts.isForInStatement(node) || ts.isForOfStatement(node)) && ts.isVariableDeclarationList(node.initializer) && declarationKind(node.initializer) === "var") {
        loops++;
        breakables++;
        const target = this.patternTarget(node.initializer.declarations[0].name);
        const expr = visit(node.expression) as TS.Expression;
        const body = visit(node.statement) as TS.Statement;
        loops--;
        breakables--;
        return ts.isForInStatement(node)
          ? f.updateForInStatement(node, target as TS.ForInitializer, expr, body)
          : f.updateForOfStatement(node, node.awaitModifier, target as TS.ForInitializer, expr, body);
      }
      if (ts.isLabeledStatement(node)) {
        ownLabels.push(node.label.text);
        const r = ts.visitEachChild(node, visit, undefined);
        ownLabels.pop();
        return r;
      }
      if (ts.isIterationStatement(node, false)) {
        loops++;
        breakables++;
        const r = ts.visitEachChild(node, visit, undefined);
        loops--;
        breakables--;
        return r;
      }
      if (ts.isSwitchStatement(node)) {
        breakables++;
        const r = ts.visitEachChild(node, visit, undefined);
        breakables--;
        return r;
      }
      if (ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
        const label = node.label?.text;
        const internal = label ? ownLabels.includes(label) : ts.isBreakStatement(node) ? breakables > 0 : loops > 0;
        if (internal) return node;
        const plan = this.planBreakOrContinue(node);
        return this.placeholder({ kind: "goto", target: plan.target, cleanup: plan.stmts }, node);
      }
      if (ts.isReturnStatement(node)) {
        const plan = this.planReturn(node.expression && (visit(node.expression) as TS.Expression));
        if (plan.target !== undefined) return this.placeholder({ kind: "goto", target: plan.target, cleanup: plan.stmts }, node);
        return this.placeholder({ kind: "return", value: plan.value, cleanup: plan.stmts, node }, node);
      }
      return ts.visitEachChild(node, visit, undefined);
    };
    return visit(stmt) as TS.Statement;
  }

  private varListToExpression(list: TS.VariableDeclarationList, visit: (n: TS.Node) => TS.Node): TS.Expression | undefined {
    const parts: TS.Expression[] = [];
    for (const d of list.declarations) {
      if (!d.initializer) continue;
      parts.push(this.assign(this.patternTarget(d.name), visit(d.initializer) as TS.Expression));
    }
    if (parts.length === 0) return undefined;
    return parts.reduce((a, b) => this.f.createComma(a, b));
  }

  /** `__stackless.closeIterator(it)` for each iterator a jump leaves. */
  /**
   * `__stackless.closeIterator((closing = it, it = undefined, closing))` for each iterator a jump
   * leaves: cleared first, so that if its return() throws, the loop's exception handler does not
   * close it a second time.
   */
  private closeIterators(iterators: TS.Expression[]): TS.Statement[] {
    const { f } = this;
    return iterators.map((it) => {
      const closing = this.newTemp("closing");
      const take = f.createParenthesizedExpression(
        f.createComma(f.createComma(this.assign(this.ref(closing), this.cloneRef(it)), this.assign(this.cloneRef(it), f.createVoidZero())), this.ref(closing)),
      );
      return f.createExpressionStatement(f.createCallExpression(this.runtime("closeIterator"), undefined, [take]));
    });
  }

  /** `walk.close()`: an array pattern is complete or left; closes its iterator unless it finished. */
  private closeWalk(walk: TS.Expression): TS.Statement {
    const { f } = this;
    return f.createExpressionStatement(f.createCallExpression(f.createPropertyAccessExpression(this.cloneRef(walk), "close"), undefined, []));
  }

  private placeholder(jump: EmbeddedJump, at: TS.Node): TS.Statement {
    const s = this.f.createEmptyStatement();
    this.ts.setTextRange(s, at);
    this.embedded.set(s, jump);
    if (jump.kind === "goto") this.cur.embeddedJumps.push(jump.target);
    return s;
  }

  // ---- expressions -------------------------------------------------------------------------

  /**
   * Emit what must run before `e`'s value is known, and return an expression for that value that
   * is valid at the current point of the current block. `discard`: the value is not needed.
   */
  /** Lower an expression; one that cannot be compiled is recorded and left as written. */
  explode(e: TS.Expression, discard = false): TS.Expression {
    const outer = this.sourceAt;
    if (e.pos >= 0) this.sourceAt = e;
    try {
      return this.explodeParts(e, discard);
    } catch (x) {
      if (!(x instanceof Unsupported)) throw x;
      this.cannot(x.node, x.construct);
      return e;
    } finally {
      this.sourceAt = outer;
    }
  }

  private explodeParts(e: TS.Expression, discard: boolean): TS.Expression {
    const { ts, f } = this;
    if (!this.has(e)) return e;
    const s = this.suspensionOf.get(e);
    if (s) return this.explodeSuspension(s);

    switch (e.kind) {
      case ts.SyntaxKind.ParenthesizedExpression:
      case ts.SyntaxKind.AsExpression:
      case ts.SyntaxKind.SatisfiesExpression:
      case ts.SyntaxKind.NonNullExpression:
      case ts.SyntaxKind.TypeAssertionExpression:
        return this.explode((e as TS.ParenthesizedExpression).expression, discard);
      case ts.SyntaxKind.BinaryExpression:
        return this.explodeBinary(e as TS.BinaryExpression, discard);
      case ts.SyntaxKind.ConditionalExpression: {
        const c = e as TS.ConditionalExpression;
        const cond = this.explode(c.condition);
        if (!this.has(c.whenTrue) && !this.has(c.whenFalse)) return f.createConditionalExpression(cond, undefined, c.whenTrue, undefined, c.whenFalse);
        const result = this.newTemp();
        const yes = this.newBlock();
        const no = this.newBlock();
        const after = this.newBlock();
        this.branch(cond, yes, no);
        this.mark(yes);
        this.emitExpr(this.assign(this.ref(result), this.explode(c.whenTrue)));
        this.goto(after);
        this.mark(no);
        this.emitExpr(this.assign(this.ref(result), this.explode(c.whenFalse)));
        this.goto(after);
        this.mark(after);
        return this.ref(result);
      }
      case ts.SyntaxKind.CallExpression:
      case ts.SyntaxKind.PropertyAccessExpression:
      case ts.SyntaxKind.ElementAccessExpression:
        return this.explodeChain(e as TS.LeftHandSideExpression);
      case ts.SyntaxKind.NewExpression: {
        const n = e as TS.NewExpression;
        const [callee, ...args] = this.explodeOperandsToStable([n.expression, ...(n.arguments ?? [])]);
        if (this.hasCollectedSpread(args)) return f.createCallExpression(this.runtime("construct"), undefined, [callee, this.listOf(args)]);
        return f.createNewExpression(callee, undefined, args);
      }
      case ts.SyntaxKind.ArrayLiteralExpression: {
        const a = e as TS.ArrayLiteralExpression;
        return this.listOf(this.explodeOperandsToStable(a.elements));
      }
      case ts.SyntaxKind.ObjectLiteralExpression:
        return this.explodeObjectLiteral(e as TS.ObjectLiteralExpression);
      case ts.SyntaxKind.SpreadElement:
        return f.createSpreadElement(this.explode((e as TS.SpreadElement).expression));
      case ts.SyntaxKind.TemplateExpression: {
        const t = e as TS.TemplateExpression;
        const values = this.explodeOperandsToStable(t.templateSpans.map((sp) => sp.expression), "string");
        return f.createTemplateExpression(
          t.head,
          t.templateSpans.map((sp, i) => f.createTemplateSpan(values[i], sp.literal)),
        );
      }
      case ts.SyntaxKind.TaggedTemplateExpression: {
        const t = e as TS.TaggedTemplateExpression;
        const tpl = t.template;
        if (!ts.isTemplateExpression(tpl)) return f.createTaggedTemplateExpression(this.explode(t.tag), undefined, tpl);
        let tagExpr: TS.Expression = t.tag;
        const tagInner = this.skipOuter(t.tag);
        if (ts.isPropertyAccessExpression(tagInner) || ts.isElementAccessExpression(tagInner)) {
          // o.f`…` calls f with this = o: read o and o.f first, then bind the receiver.
          const obj = this.toTemp(this.explode(tagInner.expression));
          const fn = this.toTemp(
            ts.isPropertyAccessExpression(tagInner) ? f.createPropertyAccessExpression(obj, tagInner.name) : f.createElementAccessExpression(obj, this.explode(tagInner.argumentExpression)),
          );
          tagExpr = f.createCallExpression(this.runtime("bindReceiver"), undefined, [fn, this.cloneRef(obj)]);
          const values = this.explodeOperandsToStable(tpl.templateSpans.map((sp) => sp.expression));
          return f.createTaggedTemplateExpression(
            tagExpr,
            undefined,
            f.createTemplateExpression(tpl.head, tpl.templateSpans.map((sp, i) => f.createTemplateSpan(values[i], sp.literal))),
          );
        }
        const [tag, ...values] = this.explodeOperandsToStable([tagExpr, ...tpl.templateSpans.map((sp) => sp.expression)]);
        return f.createTaggedTemplateExpression(
          tag,
          undefined,
          f.createTemplateExpression(tpl.head, tpl.templateSpans.map((sp, i) => f.createTemplateSpan(values[i], sp.literal))),
        );
      }
      case ts.SyntaxKind.PrefixUnaryExpression: {
        const u = e as TS.PrefixUnaryExpression;
        if (u.operator === ts.SyntaxKind.PlusPlusToken || u.operator === ts.SyntaxKind.MinusMinusToken) {
          return f.createPrefixUnaryExpression(u.operator, this.explodeReferenceTarget(u.operand) as TS.UnaryExpression);
        }
        return f.createPrefixUnaryExpression(u.operator, this.explode(u.operand) as TS.UnaryExpression);
      }
      case ts.SyntaxKind.PostfixUnaryExpression: {
        const u = e as TS.PostfixUnaryExpression;
        return f.createPostfixUnaryExpression(this.explodeReferenceTarget(u.operand) as TS.LeftHandSideExpression, u.operator);
      }
      case ts.SyntaxKind.TypeOfExpression:
        return f.createTypeOfExpression(this.explode((e as TS.TypeOfExpression).expression));
      case ts.SyntaxKind.VoidExpression:
        return f.createVoidExpression(this.explode((e as TS.VoidExpression).expression));
      case ts.SyntaxKind.DeleteExpression:
        return f.createDeleteExpression(this.explodeReferenceTarget((e as TS.DeleteExpression).expression));
      case ts.SyntaxKind.ClassExpression:
        if ((e as TS.ClassExpression).modifiers?.some((m) => ts.isDecorator(m))) throw new Unsupported(e, "a suspension in a decorated class");
        return this.explodeClass(e as TS.ClassExpression);
      case ts.SyntaxKind.AwaitExpression:
        throw new Unsupported(e, "`await` in a body (bodies are not async; use await_ in a future body)");
      case ts.SyntaxKind.YieldExpression:
        throw new Unsupported(e, "the `yield` keyword in a body (use yield_)");
      default:
        throw new Unsupported(e, `a suspension inside ${ts.SyntaxKind[e.kind]}`);
    }
  }

  /**
   * Suspend here in `state` with `value`; continue emitting in the block the next resume runs.
   * Inside a try, a for…of or a using scope, also make the entries that `throw(e)` and
   * `return(v)` resume at (default: throw at this point; return through the pending cleanups).
   */
  private suspend(
    value: TS.Expression | undefined,
    state: number,
    node: TS.Node,
    entries: { throwEntry?: () => void; returnEntry?: () => void; passThrough?: boolean } = {},
  ): void {
    const resume = this.newBlock();
    const term: Terminator & { kind: "suspend" } = { kind: "suspend", value, resume: resume.id, state, node };
    if (entries.passThrough) term.passThrough = true;
    this.terminate(term);
    const needsReturn = this.leaps.frames.some((fr) => fr.kind === "finally" || closesIterator(fr));
    if (this.handler !== undefined || entries.throwEntry) {
      const b = this.newBlock();
      this.cur = b;
      term.throwEntry = b.id;
      if (entries.throwEntry) entries.throwEntry();
      else {
        this.emit(this.f.createThrowStatement(this.ref(this.input)));
        this.terminate({ kind: "throw" });
      }
    }
    if (needsReturn || entries.returnEntry) {
      const b = this.newBlock();
      this.cur = b;
      term.returnEntry = b.id;
      if (entries.returnEntry) entries.returnEntry();
      else this.emitReturn(this.ref(this.input), node);
    }
    this.cur = resume;
  }

  private explodeSuspension(s: Suspension): TS.Expression {
    const { f } = this;
    const call = s.call;
    if (s.kind === "yield_") {
      const value = call.arguments[0] ? this.explode(call.arguments[0]) : undefined;
      this.suspend(value, s.index, call);
      return this.afterResume();
    }
    if (s.kind === "await_") {
      // loop { r = f.poll(cx); if (r.ready) break r.value; cx = yield Poll.pending }
      const future = this.toTemp(f.createCallExpression(this.runtime("toPollable"), undefined, [this.explode(call.arguments[0])]), "future");
      const head = this.newBlock();
      const pending = this.newBlock();
      const ready = this.newBlock();
      this.mark(head);
      const cx = this.params[0];
      if (this.params.length !== 1 || !this.ts.isParameter(cx.declaration!.parent)) throw new Unsupported(call, "await_ in a future body without a plain context parameter");
      const poll = this.toTemp(f.createCallExpression(f.createPropertyAccessExpression(future, "poll"), undefined, [this.ref(cx)]), "poll");
      this.branch(f.createPropertyAccessExpression(poll, "ready"), ready, pending);
      this.mark(pending);
      this.suspend(f.createPropertyAccessExpression(this.runtime("Poll"), "pending"), s.index, call);
      this.reassignParams();
      this.goto(head);
      this.mark(ready);
      return f.createPropertyAccessExpression(this.cloneRef(poll), "value");
    }
    // yield_.from(inner): forward every resume, throw and return to the inner iterator until it
    // completes. As yield* does: the first call is next(undefined), the inner result objects are
    // checked to be objects and output as they are (their `value` is not read). Unlike yield*,
    // `next` is read at each step (docs/semantics.md).
    const inner = this.explode(call.arguments[0]);
    const delegate = this.toTemp(
      f.createCallExpression(f.createElementAccessExpression(inner, f.createPropertyAccessExpression(f.createIdentifier("Symbol"), "iterator")), undefined, []),
      "delegate",
      call,
    );
    this.delegates.add(this.bindingOf(delegate as TS.Identifier)!);
    const iteratorNotObject = f.createLogicalOr(
      f.createStrictInequality(f.createTypeOfExpression(this.cloneRef(delegate)), f.createStringLiteral("object")),
      f.createStrictEquality(this.cloneRef(delegate), f.createNull()),
    );
    this.emit(f.createIfStatement(iteratorNotObject, f.createExpressionStatement(f.createCallExpression(this.runtime("checkIterator"), undefined, [this.cloneRef(delegate)]))));
    const stepVar = this.newTemp("step");
    const step = () => this.ref(stepVar);
    const head = this.newBlock();
    const check = this.newBlock();
    const more = this.newBlock();
    const finished = this.newBlock();
    const forward = (value: TS.Expression) => {
      // step = delegate.next(v), which must be an object (written out: a helper call here costs
      // a recursive delegation chain half its speed).
      this.emitExpr(this.assign(step(), f.createCallExpression(f.createPropertyAccessExpression(this.cloneRef(delegate), "next"), undefined, [value])));
      const notObject = f.createLogicalOr(f.createStrictInequality(f.createTypeOfExpression(step()), f.createStringLiteral("object")), f.createStrictEquality(step(), f.createNull()));
      this.emit(f.createIfStatement(notObject, f.createExpressionStatement(f.createCallExpression(this.runtime("checkIteratorResult"), undefined, [step()]))));
    };
    forward(f.createVoidZero());
    this.mark(check);
    this.branch(f.createPropertyAccessExpression(step(), "done"), finished, more);
    this.mark(more);
    this.suspend(step(), s.index, call, {
      passThrough: true,
      throwEntry: () => {
        this.emitExpr(this.assign(step(), f.createCallExpression(this.runtime("delegateThrow"), undefined, [this.cloneRef(delegate), this.ref(this.input)])));
        this.goto(check);
      },
      returnEntry: () => {
        // No return method: return at once. Otherwise the inner one decides (it may yield in its finally).
        const viaInner = this.newBlock();
        const plain = this.newBlock();
        this.emitExpr(this.assign(step(), f.createCallExpression(this.runtime("delegateReturn"), undefined, [this.cloneRef(delegate), this.ref(this.input)])));
        this.branch(f.createStrictEquality(step(), f.createVoidZero()), plain, viaInner);
        this.mark(plain);
        this.emitReturn(this.ref(this.input), call);
        this.mark(viaInner);
        const innerDone = this.newBlock();
        this.branch(f.createPropertyAccessExpression(step(), "done"), innerDone, more);
        this.mark(innerDone);
        this.emitReturn(f.createPropertyAccessExpression(step(), "value"), call);
      },
    });
    this.mark(head);
    forward(this.afterResume());
    this.goto(check);
    this.mark(finished);
    return f.createPropertyAccessExpression(step(), "value");
  }

  /**
   * A class whose `extends` clause or computed member names suspend: those are evaluated first,
   * in order, and the class is built from their values.
   */
  private explodeClass(c: TS.ClassDeclaration | TS.ClassExpression): TS.ClassExpression {
    const { ts, f } = this;
    const heritage = c.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
    const operands: TS.Expression[] = [];
    if (heritage) operands.push(heritage.types[0].expression);
    const computed = c.members.filter((m) => m.name && ts.isComputedPropertyName(m.name));
    for (const m of computed) operands.push((m.name as TS.ComputedPropertyName).expression);
    const values = this.explodeOperandsToStable(operands);
    // Keys are converted once, when the class is defined: keep them as they are (temps or stable values).
    let i = 0;
    const base = heritage ? values[i++] : undefined;
    const keyOf = new Map<TS.Node, TS.Expression>();
    for (const m of computed) keyOf.set(m, values[i++]);
    const members = c.members.map((m) => {
      const key = keyOf.get(m);
      if (!key) return m;
      const name = f.createComputedPropertyName(key);
      if (ts.isMethodDeclaration(m)) return f.updateMethodDeclaration(m, m.modifiers, m.asteriskToken, name, m.questionToken, m.typeParameters, m.parameters, m.type, m.body);
      if (ts.isPropertyDeclaration(m)) return f.updatePropertyDeclaration(m, m.modifiers, name, m.questionToken ?? m.exclamationToken, m.type, m.initializer);
      if (ts.isGetAccessorDeclaration(m)) return f.updateGetAccessorDeclaration(m, m.modifiers, name, m.parameters, m.type, m.body);
      if (ts.isSetAccessorDeclaration(m)) return f.updateSetAccessorDeclaration(m, m.modifiers, name, m.parameters, m.body);
      throw new Unsupported(m, "a suspension in this class member's name");
    });
    const heritageClauses = base ? [f.createHeritageClause(ts.SyntaxKind.ExtendsKeyword, [f.createExpressionWithTypeArguments(base, undefined)])] : undefined;
    const name = c.name ? f.createIdentifier(c.name.text) : undefined;
    return ts.setTextRange(f.createClassExpression(undefined, name, undefined, heritageClauses, members), c);
  }

  /** The value of a yield_ once resumed: the input, or undefined with the parameter rebound. */
  private afterResume(): TS.Expression {
    const marker = this.site.spec;
    if (marker.rebindsParameter) {
      this.reassignParams();
      if (marker.yieldValue === "undefined") return this.f.createVoidZero();
    }
    return this.ref(this.input);
  }

  /**
   * Explode operands evaluated left to right. A value computed before a later operand suspends is
   * kept in a temporary, unless it cannot change meanwhile (a literal, or a local no closure can
   * reach and the later operands do not assign).
   */
  /**
   * `convert`: the operands JavaScript converts as soon as they are evaluated, which must then be
   * converted before a later operand suspends: the computed keys of an object literal (their
   * indices; ToPropertyKey), or every operand ("string": a template's substitutions, ToString).
   */
  private explodeOperandsToStable(list: readonly TS.Expression[], convert?: ReadonlySet<number> | "string"): TS.Expression[] {
    const out: TS.Expression[] = [];
    for (let i = 0; i < list.length; i++) {
      const later = list.slice(i + 1);
      const laterSuspends = later.some((e) => this.has(e));
      const item = list[i];
      if (this.ts.isSpreadElement(item)) {
        let v = this.explode(item.expression);
        // Spread iterates when the literal is built: collect it now if something later suspends.
        if (!laterSuspends) {
          out.push(this.f.createSpreadElement(v));
          continue;
        }
        const collected = this.f.createSpreadElement(this.toTemp(this.f.createArrayLiteralExpression([this.f.createSpreadElement(v)])));
        this.collectedSpreads.add(collected);
        out.push(collected);
        continue;
      }
      if (this.ts.isOmittedExpression(item)) {
        out.push(item);
        continue;
      }
      let v = this.explode(item);
      // A computed key is converted (ToPropertyKey) before the operands after it run.
      if (laterSuspends && convert && !this.ts.isLiteralExpression(v) && !this.ts.isNoSubstitutionTemplateLiteral(v)) {
        if (convert === "string") v = this.f.createTemplateExpression(this.f.createTemplateHead(""), [this.f.createTemplateSpan(v, this.f.createTemplateTail(""))]);
        else if (convert.has(i)) v = this.f.createCallExpression(this.runtime("toPropertyKey"), undefined, [v]);
      }
      if (laterSuspends && !this.isStableAcross(v, later)) v = this.toTemp(v);
      out.push(v);
    }
    return out;
  }

  private hasCollectedSpread(list: readonly TS.Expression[]): boolean {
    return list.some((e) => this.collectedSpreads.has(e));
  }

  /**
   * The array `[…list]` of exploded operands: a literal, or, when a spread was collected,
   * `__stackless.concat([[a], collected, [b, ...ys]])`, which copies the collected array by index.
   */
  private listOf(list: readonly TS.Expression[]): TS.Expression {
    const { f } = this;
    if (!this.hasCollectedSpread(list)) return f.createArrayLiteralExpression(list as TS.Expression[]);
    const parts: TS.Expression[] = [];
    let run: TS.Expression[] = [];
    for (const e of list) {
      if (!this.collectedSpreads.has(e)) {
        run.push(e);
        continue;
      }
      if (run.length) parts.push(f.createArrayLiteralExpression(run));
      run = [];
      parts.push((e as TS.SpreadElement).expression);
    }
    if (run.length) parts.push(f.createArrayLiteralExpression(run));
    return f.createCallExpression(this.runtime("concat"), undefined, [f.createArrayLiteralExpression(parts)]);
  }

  private isStableValue(e: TS.Expression): boolean {
    const { ts } = this;
    if (ts.isLiteralExpression(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
    switch (e.kind) {
      case ts.SyntaxKind.TrueKeyword:
      case ts.SyntaxKind.FalseKeyword:
      case ts.SyntaxKind.NullKeyword:
      case ts.SyntaxKind.ThisKeyword:
      case ts.SyntaxKind.SuperKeyword:
        return true;
    }
    if (ts.isVoidExpression(e) && ts.isNumericLiteral(e.expression)) return true;
    if (ts.isIdentifier(e) && e.text === "undefined" && !this.bindingOf(e)) return true;
    return false;
  }

  private isStableAcross(v: TS.Expression, later: readonly TS.Node[]): boolean {
    if (this.isStableValue(v)) return true;
    if (!this.ts.isIdentifier(v)) return false;
    const b = this.bindingOf(v);
    if (!b || b === this.input || !this.machineVars.has(b) || b.captured) return false;
    return !later.some((n) => this.assigns(n, b));
  }

  /** Does `node` contain an assignment to binding `b`? */
  private assigns(node: TS.Node, b: Binding): boolean {
    const { ts } = this;
    let found = false;
    const visit = (n: TS.Node): void => {
      if (found) return;
      if (ts.isIdentifier(n) && this.bindingOf(n) === b) {
        const p = n.parent;
        if (
          p &&
          ((ts.isBinaryExpression(p) && p.left === n && p.operatorToken.kind >= ts.SyntaxKind.FirstAssignment && p.operatorToken.kind <= ts.SyntaxKind.LastAssignment) ||
            ((ts.isPrefixUnaryExpression(p) || ts.isPostfixUnaryExpression(p)) &&
              (p.operator === ts.SyntaxKind.PlusPlusToken || p.operator === ts.SyntaxKind.MinusMinusToken)) ||
            ts.isShorthandPropertyAssignment(p) ||
            ts.isArrayLiteralExpression(p) ||
            ts.isPropertyAssignment(p) ||
            ts.isSpreadElement(p) ||
            ts.isSpreadAssignment(p) ||
            ((ts.isForInStatement(p) || ts.isForOfStatement(p)) && p.initializer === n))
        ) {
          found = true;
        }
      }
      ts.forEachChild(n, visit);
    };
    visit(node);
    return found;
  }

  private explodeBinary(e: TS.BinaryExpression, discard: boolean): TS.Expression {
    const { ts, f } = this;
    const op = e.operatorToken.kind;
    if (op === ts.SyntaxKind.CommaToken) {
      this.emitExpr(this.explode(e.left, true));
      return this.explode(e.right, discard);
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
      const left = this.explode(e.left);
      if (!this.has(e.right)) return f.createBinaryExpression(left, op, e.right);
      const result = this.newTemp();
      const evalRight = this.newBlock();
      const after = this.newBlock();
      this.emitExpr(this.assign(this.ref(result), left));
      this.branch(this.shortCircuitTest(op, this.ref(result)), evalRight, after);
      this.mark(evalRight);
      this.emitExpr(this.assign(this.ref(result), this.explode(e.right)));
      this.mark(after);
      return this.ref(result);
    }
    if (op === ts.SyntaxKind.EqualsToken) {
      const target = this.skipOuter(e.left);
      if (ts.isObjectLiteralExpression(target) || ts.isArrayLiteralExpression(target)) {
        if (!this.has(target)) return this.assign(target, this.explode(e.right));
        // The value of a destructuring assignment is its right-hand side.
        const value = this.toTemp(this.explode(e.right));
        this.destructure(target, this.cloneRef(value));
        return this.cloneRef(value);
      }
      const lhs = this.explodeReferenceTarget(target, [e.right]);
      return this.assign(lhs, this.explode(e.right));
    }
    if (op === ts.SyntaxKind.AmpersandAmpersandEqualsToken || op === ts.SyntaxKind.BarBarEqualsToken || op === ts.SyntaxKind.QuestionQuestionEqualsToken) {
      // a ||= b  is  a || (a = b), with a's object and key evaluated once.
      const lhs = this.explodeReferenceTarget(this.skipOuter(e.left), [e.right]);
      const result = this.newTemp();
      const evalRight = this.newBlock();
      const after = this.newBlock();
      this.emitExpr(this.assign(this.ref(result), lhs));
      const plain = op === ts.SyntaxKind.AmpersandAmpersandEqualsToken ? ts.SyntaxKind.AmpersandAmpersandToken : op === ts.SyntaxKind.BarBarEqualsToken ? ts.SyntaxKind.BarBarToken : ts.SyntaxKind.QuestionQuestionToken;
      this.branch(this.shortCircuitTest(plain, this.ref(result)), evalRight, after);
      this.mark(evalRight);
      this.emitExpr(this.assign(this.ref(result), this.assign(this.cloneTarget(lhs), this.explode(e.right))));
      this.mark(after);
      return this.ref(result);
    }
    if (op >= ts.SyntaxKind.FirstCompoundAssignment && op <= ts.SyntaxKind.LastCompoundAssignment) {
      // x op= e reads x before e runs: keep the old value if e suspends.
      const lhs = this.explodeReferenceTarget(this.skipOuter(e.left), [e.right]);
      let old: TS.Expression = this.cloneTarget(lhs);
      if (this.has(e.right) && !this.isStableAcross(old, [e.right])) old = this.toTemp(old);
      const right = this.explode(e.right);
      return this.assign(lhs, f.createBinaryExpression(old, compoundToBinary(ts, op), right));
    }
    const [left, right] = this.explodeOperandsToStable([e.left, e.right]);
    return f.createBinaryExpression(left, op, right);
  }

  /** The branch condition that makes `&&`/`||`/`??` evaluate their right operand. */
  private shortCircuitTest(op: TS.SyntaxKind, value: TS.Expression): TS.Expression {
    const { ts, f } = this;
    if (op === ts.SyntaxKind.AmpersandAmpersandToken) return value;
    if (op === ts.SyntaxKind.BarBarToken) return f.createLogicalNot(value);
    return f.createEquality(value, f.createNull()); // ?? : null or undefined
  }

  private skipOuter(e: TS.Expression): TS.Expression {
    return skipOuterExpressions(this.ts, e);
  }

  /**
   * An assignment target (identifier, `o.p`, `o[k]`) whose object and key are evaluated now and
   * kept if `later` suspends, so the target can be assigned after the suspension.
   */
  private explodeReferenceTarget(target: TS.Expression, later: readonly TS.Node[] = []): TS.Expression {
    const { ts, f } = this;
    target = this.skipOuter(target);
    const laterSuspends = later.some((n) => this.has(n));
    if (ts.isIdentifier(target)) return target;
    if (ts.isPropertyAccessExpression(target)) {
      if (ts.isPrivateIdentifier(target.name)) throw new Unsupported(target, "a private name access across a suspension");
      let obj = this.explode(target.expression);
      if (laterSuspends && !this.isStableAcross(obj, later)) obj = this.toTemp(obj);
      return f.createPropertyAccessExpression(obj, target.name);
    }
    if (ts.isElementAccessExpression(target)) {
      const [obj, key] = this.explodeOperandsToStable([target.expression, target.argumentExpression]);
      if (laterSuspends) {
        return f.createElementAccessExpression(
          this.isStableAcross(obj, later) ? obj : this.toTemp(obj),
          this.isStableAcross(key, later) ? key : this.toTemp(key),
        );
      }
      return f.createElementAccessExpression(obj, key);
    }
    if (this.has(target)) throw new Unsupported(target, "a suspension in an assignment target");
    return target;
  }

  /** A second use of a target made by explodeReferenceTarget (its parts are temps or stable). */
  private cloneTarget(t: TS.Expression): TS.Expression {
    const { ts, f } = this;
    if (ts.isIdentifier(t)) return this.cloneRef(t);
    if (ts.isPropertyAccessExpression(t)) return f.createPropertyAccessExpression(this.cloneRef(t.expression), t.name);
    if (ts.isElementAccessExpression(t)) return f.createElementAccessExpression(this.cloneRef(t.expression), this.cloneRef(t.argumentExpression));
    return t;
  }

  private explodeObjectLiteral(o: TS.ObjectLiteralExpression): TS.Expression {
    const { ts, f } = this;
    // Flatten to the operands in evaluation order: computed keys, then values.
    const operands: TS.Expression[] = [];
    const rebuild: ((vals: TS.Expression[]) => TS.ObjectLiteralElementLike)[] = [];
    /** The indices in operands of computed keys. */
    const keyOperands = new Set<number>();
    for (const p of o.properties) {
      if (ts.isPropertyAssignment(p)) {
        const keyIdx = ts.isComputedPropertyName(p.name) ? operands.push(p.name.expression) - 1 : -1;
        if (keyIdx >= 0) keyOperands.add(keyIdx);
        const valIdx = operands.push(p.initializer) - 1;
        rebuild.push((v) => f.createPropertyAssignment(keyIdx >= 0 ? f.createComputedPropertyName(v[keyIdx]) : p.name, v[valIdx]));
      } else if (ts.isShorthandPropertyAssignment(p)) {
        const valIdx = operands.push(p.name) - 1;
        rebuild.push((v) => f.createPropertyAssignment(f.createIdentifier(p.name.text), v[valIdx]));
      } else if (ts.isSpreadAssignment(p)) {
        const valIdx = operands.push(p.expression) - 1;
        rebuild.push((v) => f.createSpreadAssignment(v[valIdx]));
      } else {
        if (this.has(p)) throw new Unsupported(p, "a suspension in a computed method name");
        rebuild.push(() => p);
      }
    }
    const values = this.explodeOperandsToStable(operands, keyOperands);
    return f.createObjectLiteralExpression(rebuild.map((r) => r(values)), o.properties.length > 2);
  }

  /**
   * Member and call chains (`o.m(a)`, `f(x)`, `a?.b[c](d)`): each link is evaluated in order, the
   * object of a method call is kept as its `this`, and an optional link that meets null or
   * undefined skips the rest of the chain.
   */
  private explodeChain(e: TS.LeftHandSideExpression): TS.Expression {
    const { ts, f } = this;
    const links: TS.Expression[] = [];
    let root: TS.Expression = e;
    for (;;) {
      const inner = this.skipOuter(root);
      if ((ts.isCallExpression(inner) && !this.suspensionOf.has(inner)) || ts.isPropertyAccessExpression(inner) || ts.isElementAccessExpression(inner)) {
        links.unshift(inner);
        root = inner.expression;
        continue;
      }
      root = inner;
      break;
    }
    // Only the root suspends: explode it and keep the chain as written.
    if (!links.some((l) => this.linkOwnHolds(l))) return this.rebuildChain(this.explode(root), links);

    let skip: Block | undefined;
    let value = this.explode(root);
    let thisValue: TS.Expression | undefined;
    for (let i = 0; i < links.length; i++) {
      const link = links[i];
      const rest = links.slice(i);
      // The value so far must survive what the remaining links run.
      if (rest.some((l) => this.linkOwnHolds(l)) && !this.isStableAcross(value, rest)) value = this.toTemp(value, "t", i > 0 ? links[i - 1] : root);
      if ((link as TS.PropertyAccessExpression).questionDotToken) {
        // Tested against null, then used: evaluate once.
        if (!this.isStableAcross(value, rest)) value = this.toTemp(value);
        skip ??= this.newBlock();
        const cont = this.newBlock();
        this.branch(f.createEquality(this.cloneRef(value), f.createNull()), skip, cont);
        this.mark(cont);
      }
      if (ts.isCallExpression(link)) {
        const args = this.explodeOperandsToStable(link.arguments);
        // A method call taken apart is applied with the intrinsic Reflect.apply (a program may
        // replace Function.prototype.call); so is a call whose spread was collected.
        value =
          thisValue || this.hasCollectedSpread(args)
            ? f.createCallExpression(this.runtime("apply"), undefined, [value, thisValue ?? f.createVoidZero(), this.listOf(args)])
            : f.createCallExpression(value, undefined, args);
        thisValue = undefined;
        continue;
      }
      const obj = value;
      // super.m(…) is called with this (which an arrow body takes from its site).
      if (i + 1 < links.length && ts.isCallExpression(links[i + 1])) thisValue = obj.kind === ts.SyntaxKind.SuperKeyword ? f.createThis() : this.cloneRef(obj);
      if (ts.isPropertyAccessExpression(link)) {
        if (ts.isPrivateIdentifier(link.name)) throw new Unsupported(link, "a private name in a chain that suspends");
        value = f.createPropertyAccessExpression(obj, link.name);
      } else {
        value = f.createElementAccessExpression(obj, this.explode((link as TS.ElementAccessExpression).argumentExpression));
      }
    }
    if (!skip) return value;
    const result = this.newTemp();
    const after = this.newBlock();
    this.emitExpr(this.assign(this.ref(result), value));
    this.goto(after);
    this.mark(skip);
    this.emitExpr(this.assign(this.ref(result), f.createVoidZero()));
    this.mark(after);
    return this.ref(result);
  }

  /** Does a link itself (its arguments or key, not its object) hold a suspension? */
  private linkOwnHolds(link: TS.Expression): boolean {
    const { ts } = this;
    if (ts.isCallExpression(link)) return link.arguments.some((a) => this.has(a));
    if (ts.isElementAccessExpression(link)) return this.has(link.argumentExpression);
    return false;
  }

  private rebuildChain(root: TS.Expression, links: TS.Expression[]): TS.Expression {
    const { ts, f } = this;
    let value = root;
    for (const link of links) {
      if (ts.isCallExpression(link)) {
        value = ts.isCallChain(link)
          ? f.createCallChain(value, link.questionDotToken, link.typeArguments, link.arguments)
          : f.createCallExpression(value, link.typeArguments, link.arguments);
      } else if (ts.isPropertyAccessExpression(link)) {
        value = ts.isPropertyAccessChain(link)
          ? f.createPropertyAccessChain(value, link.questionDotToken, link.name)
          : f.createPropertyAccessExpression(value, link.name);
      } else {
        const el = link as TS.ElementAccessExpression;
        value = ts.isElementAccessChain(el)
          ? f.createElementAccessChain(value, el.questionDotToken, el.argumentExpression)
          : f.createElementAccessExpression(value, el.argumentExpression);
      }
    }
    return value;
  }
}

function compoundToBinary(ts: typeof TS, op: TS.SyntaxKind): TS.BinaryOperator {
  const K = ts.SyntaxKind;
  const map: Partial<Record<number, TS.BinaryOperator>> = {
    [K.PlusEqualsToken]: K.PlusToken,
    [K.MinusEqualsToken]: K.MinusToken,
    [K.AsteriskEqualsToken]: K.AsteriskToken,
    [K.AsteriskAsteriskEqualsToken]: K.AsteriskAsteriskToken,
    [K.SlashEqualsToken]: K.SlashToken,
    [K.PercentEqualsToken]: K.PercentToken,
    [K.LessThanLessThanEqualsToken]: K.LessThanLessThanToken,
    [K.GreaterThanGreaterThanEqualsToken]: K.GreaterThanGreaterThanToken,
    [K.GreaterThanGreaterThanGreaterThanEqualsToken]: K.GreaterThanGreaterThanGreaterThanToken,
    [K.AmpersandEqualsToken]: K.AmpersandToken,
    [K.BarEqualsToken]: K.BarToken,
    [K.CaretEqualsToken]: K.CaretToken,
  };
  return map[op]!;
}
