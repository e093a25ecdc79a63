/**
 * The per-file pass: find the marker sites, compile each body (inner bodies first) into a class,
 * replace each marker call with `new Class(captures…)`, and put the classes at the top of the
 * module (once per module, not once per call of the function that creates them).
 */
import * as path from "path";
import type * as TS from "typescript";
import { bindFile, kindSet, type Binding, type BindResult } from "../analysis/scopes";
import { findSites, mayImportMarkers, MODULE_NAME, type Site } from "../analysis/markers";
import { nameStates } from "../analysis/states";
import { Code, finding, type Finding } from "../analysis/diagnostics";
import { Exploder, Unsupported } from "./explode";
import { emitClass, type Capture, type Specials } from "./emit";

export interface FileTransformOptions {
  /** Receives every finding of the analysis and the compiler. */
  report: (f: Finding) => void;
  /** Directory that site ids are relative to. */
  rootDir?: string;
}

export function transformFile(ts: typeof TS, file: TS.SourceFile, options: FileTransformOptions): TS.SourceFile {
  const f = ts.factory;
  // Without an import of markers there is nothing to find: skip binding the file.
  if (!mayImportMarkers(ts, file)) return file;
  const bind = bindFile(ts, file);
  const analysis = findSites(ts, file, bind);
  analysis.findings.forEach(options.report);
  if (analysis.allSites.length === 0) return file;

  const taken = new Set(bind.names);
  const fresh = (base: string): string => {
    let name = base;
    for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
    taken.add(name);
    return name;
  };
  const runtimeName = fresh("__stackless");
  const runtime = (name: string): TS.Expression => f.createPropertyAccessExpression(f.createIdentifier(runtimeName), name);
  const replacements = new Map<TS.Node, TS.Expression>();
  const classes: TS.ClassDeclaration[] = [];
  const relative = path.relative(options.rootDir ?? process.cwd(), file.fileName).split(path.sep).join("/");

  for (const site of analysis.allSites) {
    const findings: Finding[] = [];
    const states = nameStates(ts, site, findings);
    findings.forEach(options.report);
    const className = fresh(classNameFor(ts, site));
    try {
      const exploded = new Exploder(ts, site, bind, runtime).run();
      const facts = bodyFacts(ts, site, bind, exploded.machineVars);
      const out = emitClass({
        ts,
        site,
        bind,
        exploded,
        states,
        className,
        siteId: `${relative}#${className}`,
        captures: facts.captures,
        specials: facts.specials,
        runtime,
        replacements,
        reservedNames: facts.reservedNames,
      });
      classes.push(out.classDeclaration);
      replacements.set(site.call, ts.setTextRange(f.createNewExpression(f.createIdentifier(className), undefined, out.constructorArgs), site.call));
    } catch (e) {
      const node = e instanceof Unsupported ? e.node : site.call;
      const what = e instanceof Unsupported ? e.construct : `an internal error (${e instanceof Error ? e.message : String(e)})`;
      options.report(
        finding(
          Code.CannotCompile,
          node.pos >= 0 ? node : site.call,
          `stackless cannot compile this ${site.kind}() body: ${what} is not supported. ` +
            `The marker is left in place and throws NOT_TRANSFORMED at run time.`,
        ),
      );
    }
  }
  if (classes.length === 0) return file;

  // Only the nodes around a replaced call change: leave every subtree that holds none as it is
  // (visitEachChild would give back the same node for it, after visiting all of it).
  const replaced = [...replacements.keys()];
  const positioned = replaced.every((r) => r.pos >= 0);
  const holdsReplacement = (node: TS.Node): boolean => !positioned || node.pos < 0 || replaced.some((r) => r.pos >= node.pos && r.end <= node.end);
  const visit = (node: TS.Node): TS.Node => {
    const r = replacements.get(node);
    if (r) return r;
    if (!holdsReplacement(node)) return node;
    return ts.visitEachChild(node, visit, undefined);
  };
  const statements = file.statements.map((s) => visit(s) as TS.Statement);
  let insertAt = 0;
  while (insertAt < statements.length && ts.isImportDeclaration(file.statements[insertAt])) insertAt++;
  const runtimeImport = f.createImportDeclaration(
    undefined,
    f.createImportClause(false, undefined, f.createNamespaceImport(f.createIdentifier(runtimeName))),
    f.createStringLiteral(MODULE_NAME),
  );
  return f.updateSourceFile(file, [runtimeImport, ...statements.slice(0, insertAt), ...classes, ...statements.slice(insertAt)]);
}

/** A readable class name from where the marker stands: `const summer = coroutine(…)` → SummerCoroutine. */
function classNameFor(ts: typeof TS, site: Site): string {
  const suffix = site.kind.startsWith("generator") ? "Generator" : site.kind === "future" ? "Future" : "Coroutine";
  let hint: string | undefined;
  for (let n: TS.Node = site.call; n.parent && !hint; n = n.parent) {
    const p = n.parent;
    if (ts.isVariableDeclaration(p) && ts.isIdentifier(p.name)) hint = p.name.text;
    else if ((ts.isPropertyAssignment(p) || ts.isPropertyDeclaration(p) || ts.isMethodDeclaration(p)) && ts.isIdentifier(p.name)) hint = p.name.text;
    else if (ts.isFunctionDeclaration(p) && p.name) hint = p.name.text;
    else if (ts.isBinaryExpression(p) && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) {
      const left = p.left;
      if (ts.isIdentifier(left)) hint = left.text;
      else if (ts.isPropertyAccessExpression(left)) hint = left.name.text;
    } else if (ts.isBlock(p) && !(p.parent && ts.isFunctionLike(p.parent))) break;
  }
  const base = (hint ?? "").replace(/[^A-Za-z0-9_$]/g, "");
  const cap = base ? base[0].toUpperCase() + base.slice(1) : "";
  return cap.endsWith(suffix) ? cap : cap + suffix;
}

function isInside(node: TS.Node, ancestor: TS.Node): boolean {
  for (let n: TS.Node | undefined = node; n; n = n.parent) if (n === ancestor) return true;
  return false;
}

interface BodyFacts {
  /** Bindings of enclosing functions that the body (or anything inside it) refers to. */
  captures: Capture[];
  /** Which of this / arguments / new.target / super the body itself (or an arrow inside it) uses. */
  specials: Specials;
  /** Names a new local of resume must not take: every name the body uses for something else. */
  reservedNames: Set<string>;
}

/** What the emitter needs to know of the names in a body, from one walk over it. */
function bodyFacts(ts: typeof TS, site: Site, bind: BindResult, machineVars: Set<Binding>): BodyFacts {
  const seen = new Map<Binding, Capture>();
  /** Bindings already found not to be captures (module-level, or declared inside the body). */
  const notCaptured = new Set<Binding>();
  const siteStart = site.call.getStart();
  const specials: Specials = { this: false, arguments: false, newTarget: false, super: false };
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
