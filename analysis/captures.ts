/**
 * The names a body refers to: the bindings of enclosing functions it captures, its uses of
 * this / arguments / new.target / super, and the names a new local must not take.
 */
import type * as TS from "typescript";
import { kindSet, type Binding, type BindResult } from "./scopes";
import type { Site } from "./markers";

export interface Capture {
  readonly binding: Binding;
  /** Passed by value (never reassigned, initialised before the site) or through an accessor object. */
  readonly byValue: boolean;
}

export interface Specials {
  readonly this: boolean;
  readonly arguments: boolean;
  readonly newTarget: boolean;
  readonly super: boolean;
}

function isInside(node: TS.Node, ancestor: TS.Node): boolean {
  for (let n: TS.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

export interface BodyFacts {
  /** Bindings of enclosing functions that the body (or anything inside it) refers to. */
  readonly captures: readonly Capture[];
  /** Which of this / arguments / new.target / super the body itself (or an arrow inside it) uses. */
  readonly specials: Specials;
  /** Names a new local of resume must not take: every name the body uses for something else. */
  readonly reservedNames: ReadonlySet<string>;
}

/** What the compiler needs to know of the names in a body, from one walk over it (after lowering: machine variables are not reserved). */
export function bodyFacts(ts: typeof TS, site: Site, bind: BindResult, machineVars: ReadonlySet<Binding>): BodyFacts {
  const seen = new Map<Binding, Capture>();
  /** Bindings already found not to be captures (module-level, or declared inside the body). */
  const notCaptured = new Set<Binding>();
  const siteStart = site.call.getStart();
  const specials = { this: false, arguments: false, newTarget: false, super: false };
  const reservedNames = new Set<string>(["arguments", "undefined", "eval"]);
  // One read of `kind` per node (see kindSet).
  const { ThisKeyword, SuperKeyword, Identifier, MetaProperty, NewKeyword } = ts.SyntaxKind;
  const opaque = kindSet(ts, "bodyFacts.opaque", (n) => (ts.isFunctionLike(n) && !ts.isArrowFunction(n)) || ts.isClassLike(n));
  const identifier = (id: TS.Identifier, inBody: boolean): void => {
    const b = bind.refs.get(id);
    if (inBody && id.text === "arguments") specials.arguments = true;
    if (bind.free.has(id) || (b && !machineVars.has(b))) reservedNames.add(id.text);
    if (!b || seen.has(b) || notCaptured.has(b)) return;
    if (b.scope === bind.moduleScope || isInside(b.scope.node, site.body)) {
      notCaptured.add(b);
      return;
    }
    const hoisted = b.kind === "function" || b.kind === "param" || b.kind === "import";
    // Initialised before the site runs (not the variable the site initialises: TDZ).
    let decl: TS.Node | undefined = b.declaration;
    while (decl && decl.parent && (ts.isBindingElement(decl.parent) || ts.isObjectBindingPattern(decl.parent) || ts.isArrayBindingPattern(decl.parent) || ts.isVariableDeclaration(decl.parent))) decl = decl.parent;
    const declaredBefore = !!decl && decl.end <= siteStart;
    seen.set(b, { binding: b, byValue: !b.assigned && (hoisted || declaredBefore) });
  };
  /** `inBody`: not inside a nested non-arrow function or class, where this & co. are its own. */
  const walk = (n: TS.Node, inBody: boolean): void => {
    const kind = n.kind;
    if (kind === Identifier) identifier(n as TS.Identifier, inBody);
    else if (inBody) {
      if (kind === ThisKeyword) specials.this = true;
      else if (kind === SuperKeyword) specials.super = specials.this = true;
      else if (kind === MetaProperty && (n as TS.MetaProperty).keywordToken === NewKeyword) specials.newTarget = true;
    }
    const childrenInBody = inBody && opaque.of(kind) !== 1;
    ts.forEachChild(n, childrenInBody ? walkInBody : walkNested);
  };
  const walkInBody = (n: TS.Node): void => walk(n, true);
  const walkNested = (n: TS.Node): void => walk(n, false);
  // From the body's children (its name, parameters and block): the body node itself is a function.
  ts.forEachChild(site.body, walkInBody);
  return { captures: [...seen.values()], specials, reservedNames };
}
