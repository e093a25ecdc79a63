/**
 * Finding the markers. A marker is recognised by its import from "stackless" (named, renamed or
 * namespace import), syntactically, so transpile-only pipelines work; the binder makes sure a
 * local that shadows an import is not mistaken for it.
 */
import type * as TS from "typescript";
import type { BindResult, Binding } from "./scopes";
import { isFunctionLike } from "./scopes";
import { isBodyFunction, skipOuterExpressions } from "./syntax";
import { Code, finding, type Finding } from "./diagnostics";

export const MODULE_NAME = "stackless";

export type MarkerKind =
  | "coroutine"
  | "coroutine.yieldAtStart"
  | "coroutine.loop"
  | "coroutine.unified"
  | "generator"
  | "generator.unified"
  | "future";

export type SuspensionKind = "yield_" | "yield_.from" | "await_";

/** What a marker means to the compiler: every marker-specific decision reads this table. */
export interface MarkerSpec {
  readonly kind: MarkerKind;
  /** The runtime class the generated class extends. */
  readonly baseClass: "CoroutineMachine" | "GeneratorMachine" | "FutureMachine";
  /** How a suspension's / the return's value is wrapped: plain, `{ value, done }`, or `{ ready, value }` on return. */
  readonly output: "plain" | "iteratorResult" | "poll";
  /** The suspension calls a body of this marker may contain. */
  readonly suspensions: readonly SuspensionKind[];
  /** Unified forms (and future): each resume rebinds the body's parameter to its input. */
  readonly rebindsParameter: boolean;
  /** What a resumed `yield_` evaluates to: the input, or undefined (the parameter carries it). */
  readonly yieldValue: "input" | "undefined";
  /** coroutine.loop: a return starts the body again at Start instead of ending in Done. */
  readonly restartsOnReturn: boolean;
  /** coroutine.yieldAtStart: the first `yield_` executed takes the first input without suspending. */
  readonly firstYieldTakesInput: boolean;
  /** The generated class's name ends in this (SummerCoroutine). */
  readonly classSuffix: "Coroutine" | "Generator" | "Future";
}

function spec(kind: MarkerKind, s: Partial<Omit<MarkerSpec, "kind">> & Pick<MarkerSpec, "baseClass" | "output" | "suspensions" | "classSuffix">): MarkerSpec {
  return Object.freeze({ kind, rebindsParameter: false, yieldValue: "input", restartsOnReturn: false, firstYieldTakesInput: false, ...s });
}

const COROUTINE = { baseClass: "CoroutineMachine", output: "plain", suspensions: Object.freeze<SuspensionKind[]>(["yield_"]), classSuffix: "Coroutine" } as const;
const GENERATOR = { baseClass: "GeneratorMachine", output: "iteratorResult", suspensions: Object.freeze<SuspensionKind[]>(["yield_", "yield_.from"]), classSuffix: "Generator" } as const;

/** SPEC's markers, once. */
export const MARKERS: Readonly<Record<MarkerKind, MarkerSpec>> = Object.freeze({
  coroutine: spec("coroutine", COROUTINE),
  "coroutine.yieldAtStart": spec("coroutine.yieldAtStart", { ...COROUTINE, firstYieldTakesInput: true }),
  "coroutine.loop": spec("coroutine.loop", { ...COROUTINE, restartsOnReturn: true }),
  "coroutine.unified": spec("coroutine.unified", { ...COROUTINE, rebindsParameter: true, yieldValue: "undefined" }),
  generator: spec("generator", GENERATOR),
  "generator.unified": spec("generator.unified", { ...GENERATOR, rebindsParameter: true, yieldValue: "undefined" }),
  future: spec("future", { baseClass: "FutureMachine", output: "poll", suspensions: Object.freeze<SuspensionKind[]>(["yield_", "await_"]), classSuffix: "Future", rebindsParameter: true }),
});

function isMarkerName(name: string): name is MarkerKind {
  return Object.prototype.hasOwnProperty.call(MARKERS, name);
}

const SUSPENSIONS = new Set<string>(["yield_", "yield_.from", "await_"]);

export interface MarkerImports {
  /** Local bindings of named imports from "stackless", to the exported name. */
  readonly named: Map<Binding, string>;
  /** Local bindings of `import * as ns from "stackless"`. */
  readonly namespaces: Set<Binding>;
  /** The import declarations themselves (where the transformer adds its own import). */
  readonly declarations: TS.ImportDeclaration[];
}

export function findMarkerImports(ts: typeof TS, file: TS.SourceFile, bind: BindResult): MarkerImports {
  const named = new Map<Binding, string>();
  const namespaces = new Set<Binding>();
  const declarations: TS.ImportDeclaration[] = [];
  for (const stmt of file.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    if (stmt.moduleSpecifier.text !== MODULE_NAME) continue;
    const clause = stmt.importClause;
    if (!clause || clause.isTypeOnly) continue;
    declarations.push(stmt);
    const bindings = clause.namedBindings;
    if (bindings && ts.isNamespaceImport(bindings)) {
      const b = bind.moduleScope.bindings.get(bindings.name.text);
      if (b) namespaces.add(b);
    } else if (bindings) {
      for (const spec of bindings.elements) {
        if (spec.isTypeOnly) continue;
        const b = bind.moduleScope.bindings.get(spec.name.text);
        if (b) named.set(b, (spec.propertyName ?? spec.name).text);
      }
    }
  }
  return { named, namespaces, declarations };
}

/**
 * Whether the file has an import that findMarkerImports could take markers from: a syntactic test,
 * so a file without one can be left before it is bound.
 */
export function mayImportMarkers(ts: typeof TS, file: TS.SourceFile): boolean {
  for (const stmt of file.statements) {
    if (!ts.isImportDeclaration(stmt) || !ts.isStringLiteral(stmt.moduleSpecifier)) continue;
    if (stmt.moduleSpecifier.text !== MODULE_NAME) continue;
    const clause = stmt.importClause;
    if (clause && !clause.isTypeOnly && clause.namedBindings) return true;
  }
  return false;
}

/** "coroutine.loop", "yield_.from", … for a callee that names a stackless export; else undefined. */
export function calleeName(ts: typeof TS, expr: TS.Expression, bind: BindResult, imports: MarkerImports): string | undefined {
  expr = skipOuterExpressions(ts, expr);
  if (ts.isIdentifier(expr)) {
    const b = bind.refs.get(expr);
    return b ? imports.named.get(b) : undefined;
  }
  if (ts.isPropertyAccessExpression(expr) && ts.isIdentifier(expr.name)) {
    const inner = expr.expression;
    if (ts.isIdentifier(inner)) {
      const b = bind.refs.get(inner);
      if (b && imports.namespaces.has(b)) return expr.name.text;
    }
    const base = calleeName(ts, inner, bind, imports);
    return base ? `${base}.${expr.name.text}` : undefined;
  }
  return undefined;
}

/** A suspension call as found: which call, which kind (its state comes from nameStates). */
export interface SuspensionCall {
  readonly call: TS.CallExpression;
  readonly kind: SuspensionKind;
}

/** A suspension with its state: made whole by nameStates, never filled in later. */
export interface Suspension extends SuspensionCall {
  /** Position in the body's states (1-based; 0 is Start). */
  readonly index: number;
  /** The state's name: the statement's label, else YieldN / AwaitN. */
  readonly name: string;
}

export interface Site {
  readonly call: TS.CallExpression;
  readonly kind: MarkerKind;
  readonly spec: MarkerSpec;
  readonly body: TS.ArrowFunction | TS.FunctionExpression;
  /** Every yield_/yield_.from/await_ that belongs to this body, in the order the walk met them. */
  readonly suspensions: SuspensionCall[];
  /** Marker sites whose call is inside this body. */
  readonly nested: Site[];
  readonly parent: Site | undefined;
}

export interface MarkerAnalysis {
  readonly imports: MarkerImports;
  /** Outermost sites; nested ones hang off `nested`. */
  readonly sites: Site[];
  /** Every site, inner ones before the sites that contain them. */
  readonly allSites: Site[];
  readonly findings: Finding[];
}

/** Find every marker call and attach every suspension call to the body it belongs to. */
export function findSites(ts: typeof TS, file: TS.SourceFile, bind: BindResult): MarkerAnalysis {
  const imports = findMarkerImports(ts, file, bind);
  const sites: Site[] = [];
  const allSites: Site[] = [];
  const findings: Finding[] = [];
  if (imports.named.size === 0 && imports.namespaces.size === 0) return { imports, sites, allSites, findings };

  const bodies = new Map<TS.Node, Site>();
  // One read of `kind` per node (see kindTables in scopes.ts): the walk sees every node of the file.
  const CallExpression = ts.SyntaxKind.CallExpression;
  const ClassStaticBlockDeclaration = ts.SyntaxKind.ClassStaticBlockDeclaration;
  const PropertyDeclaration = ts.SyntaxKind.PropertyDeclaration;

  function visit(node: TS.Node, site: Site | undefined, fn: TS.Node | undefined): void {
    const nodeKind = node.kind;
    if (nodeKind === CallExpression) {
      const call = node as TS.CallExpression;
      const name = calleeName(ts, call.expression, bind, imports);
      if (name && isMarkerName(name)) {
        const arg = call.arguments[0] && skipOuterExpressions(ts, call.arguments[0]);
        if (arg && isBodyFunction(ts, arg) && call.arguments.length === 1) {
          const inner: Site = { call, kind: name, spec: MARKERS[name], body: arg, suspensions: [], nested: [], parent: site };
          bodies.set(arg, inner);
          (site ? site.nested : sites).push(inner);
          visit(call.expression, site, fn);
          for (const p of arg.parameters) visit(p, inner, arg);
          visit(arg.body, inner, arg);
          allSites.push(inner);
          return;
        }
        findings.push(
          finding(
            Code.CannotCompile,
            call,
            `${name}() takes exactly one argument, an arrow function or function expression (the body); ` +
              `this call cannot be compiled and will throw NOT_TRANSFORMED`,
          ),
        );
      } else if (name && SUSPENSIONS.has(name)) {
        const kind = name as SuspensionKind;
        if (!site || fn !== site.body) {
          findings.push(
            finding(
              Code.SuspensionOutsideBody,
              call.expression,
              site
                ? `${name}() inside a nested function: it can only suspend the body it is written in, as 'yield' in JavaScript`
                : `${name}() outside a coroutine body: it can only be used directly inside coroutine(), generator() or future() bodies`,
            ),
          );
        } else if (!site.spec.suspensions.includes(kind)) {
          // The message names the one marker family that allows the suspension.
          const allowedIn = kind === "await_" ? "a future()" : kind === "yield_.from" ? "a generator()" : "a coroutine() or generator()";
          findings.push(finding(Code.SuspensionOutsideBody, call.expression, `${name}() can only be used inside ${allowedIn} body, not ${site.kind}()`, { data: { suspension: name } }));
        } else {
          // Arguments run before the suspension, so suspensions inside them come first.
          ts.forEachChild(call, (c) => visit(c, site, fn));
          site.suspensions.push({ call, kind });
          return;
        }
      }
    }
    // Field initialisers run when an instance is built, not in the body: like a nested function.
    // A computed member name is evaluated where the class is defined, so it belongs to the body.
    if (nodeKind === ClassStaticBlockDeclaration || nodeKind === PropertyDeclaration || isFunctionLike(ts, node)) {
      const name = (node as { name?: TS.Node }).name;
      ts.forEachChild(node, (c) => visit(c, site, c === name && ts.isComputedPropertyName(c) ? fn : node));
      return;
    }
    ts.forEachChild(node, (c) => visit(c, site, fn));
  }
  ts.forEachChild(file, (c) => visit(c, undefined, undefined));
  return { imports, sites, allSites, findings };
}
