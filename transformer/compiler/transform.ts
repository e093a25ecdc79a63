/**
 * The per-file pass: find the marker sites, compile each body (inner bodies first) into a class,
 * replace each marker call with `new Class(captures…)`, and put the classes at the top of the
 * module (once per module, not once per call of the function that creates them).
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import { MODULE_NAME, calleeName, type Site } from "../../analysis/markers";
import { Code, type Finding } from "../../analysis/diagnostics";
import { analyzeFile, cannotCompile, freeName, type FileAnalysis } from "../../analysis/analyze";
import { compileBody } from "./emit";
import { refusalOf, refusedCall, type Refusal } from "./refused";

/** An internal invariant: its failure is a bug in stackless (reported as an internal error). */
function assert(condition: boolean, what: string): asserts condition {
  if (!condition) throw new Error(`internal: expected ${what}`);
}

export interface FileTransformOptions {
  /** Receives every finding of the analysis and the compiler. */
  report: (f: Finding) => void;
  /** Directory that site ids are relative to (the tsconfig's); without it, the file's nearest package.json folder. */
  rootDir?: string;
  /** The program's checker, when there is one: snapshotSchema then gives the saved locals' types. */
  checker?: TS.TypeChecker;
  /** The program's strictNullChecks (without it, every local may also be null or undefined). */
  strictNullChecks?: boolean;
}

export function transformFile(ts: typeof TS, file: TS.SourceFile, options: FileTransformOptions): TS.SourceFile {
  return compileFile(ts, analyzeFile(ts, file), options);
}

/** Compile a file from its analysis (which it reads and never writes). */
export function compileFile(ts: typeof TS, analysis: FileAnalysis, options: FileTransformOptions): TS.SourceFile {
  const f = ts.factory;
  const { file, bind } = analysis;
  analysis.findings.forEach(options.report);
  const refusedCalls = analysis.findings.filter((f) => f.code === Code.CannotCompile && ts.isCallExpression(f.node));
  if (!bind || (analysis.sites.length === 0 && refusedCalls.length === 0)) return file;

  const taken = new Set(bind.names);
  const fresh = (base: string): string => {
    const name = freeName(taken, base);
    taken.add(name);
    return name;
  };
  const runtimeName = fresh("__stackless");
  assert(runtimeName === analysis.runtimeName, "the runtime import's name is the one the analysis lowered with");
  const runtime = (name: string): TS.Expression => f.createPropertyAccessExpression(f.createIdentifier(runtimeName), name);
  const replacements = new Map<TS.Node, TS.Expression>();
  const madeRefs = new Map<TS.Identifier, Binding>();
  const classes: TS.ClassDeclaration[] = [];
  const relative = siteFile(file.fileName, options.rootDir);
  // Marker calls the compiler refused: each becomes a call that throws NOT_TRANSFORMED with the refusal.
  const refused = new Map<TS.CallExpression, Refusal>();
  const refuse = (call: TS.CallExpression, marker: string, f: Finding | undefined) => {
    if (f) refused.set(call, refusalOf(ts, marker, f, relative));
  };
  for (const f of refusedCalls) {
    const call = f.node as TS.CallExpression;
    const marker = analysis.imports && calleeName(ts, call.expression, bind, analysis.imports);
    if (marker) refuse(call, marker, f);
  }

  for (const sa of analysis.sites) {
    const site = sa.site;
    sa.findings.forEach(options.report);
    const className = fresh(classNameFor(ts, site));
    if (!sa.compilable || !sa.flow) {
      refuse(site.call, site.kind, sa.findings.find((f) => f.code === Code.CannotCompile));
      continue;
    }
    try {
      const out = compileBody({
        ts,
        site,
        bind,
        exploded: sa.lowered,
        flow: sa.flow,
        states: sa.states,
        className,
        siteId: `${relative}#${className}`,
        captures: sa.captures,
        specials: sa.specials,
        runtime,
        replacements,
        madeRefs,
        reservedNames: sa.reservedNames,
        checker: options.checker,
        strictNullChecks: options.strictNullChecks,
      });
      classes.push(out.classDeclaration);
      replacements.set(site.call, ts.setTextRange(f.createNewExpression(f.createIdentifier(className), undefined, out.constructorArgs), site.call));
    } catch (e) {
      // An internal error: a bug report, not a user diagnostic (every construct the compiler cannot
      // handle is a finding of the analysis, and such a body is never compiled).
      const internal = cannotCompile(site, site.call, `an internal error (${e instanceof Error ? e.message : String(e)})`);
      options.report(internal);
      refuse(site.call, site.kind, internal);
    }
  }
  if (classes.length === 0 && refused.size === 0) return file;

  // Only the nodes around a replaced call change: leave every subtree that holds none as it is
  // (visitEachChild would give back the same node for it, after visiting all of it).
  const replaced = [...replacements.keys(), ...refused.keys()];
  const positioned = replaced.every((r) => r.pos >= 0);
  const holdsReplacement = (node: TS.Node): boolean => !positioned || node.pos < 0 || replaced.some((r) => r.pos >= node.pos && r.end <= node.end);
  const visit = (node: TS.Node): TS.Node => {
    const r = replacements.get(node);
    if (r) return r;
    const refusal = refused.get(node as TS.CallExpression);
    if (refusal) return refusedCall(ts, runtime, refusal, node as TS.CallExpression, visit);
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

const packageRoots = new Map<string, string | undefined>();

/** The nearest folder at or above `dir` that holds a package.json (cached), or undefined. */
function nearestPackageRoot(dir: string): string | undefined {
  if (packageRoots.has(dir)) return packageRoots.get(dir);
  const parent = path.dirname(dir);
  const found = fs.existsSync(path.join(dir, "package.json")) ? dir : parent === dir ? undefined : nearestPackageRoot(parent);
  packageRoots.set(dir, found);
  return found;
}

/**
 * The file part of a site id: the path relative to the project root (`rootDir`, else the nearest
 * package.json's folder, else the file's own folder), `/`-separated on every OS.
 */
export function siteFile(fileName: string, rootDir?: string): string {
  const absolute = path.resolve(fileName);
  const root = rootDir !== undefined ? path.resolve(rootDir) : (nearestPackageRoot(path.dirname(absolute)) ?? path.dirname(absolute));
  return path.relative(root, absolute).split(path.sep).join("/").replace(/\\/g, "/");
}

/** A readable class name from where the marker stands: `const summer = coroutine(…)` → SummerCoroutine. */
function classNameFor(ts: typeof TS, site: Site): string {
  const suffix = site.spec.classSuffix;
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

