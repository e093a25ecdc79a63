/**
 * 70006: an instance created and never used. Instances are lazy: nothing of the body runs until
 * the first resume, so a marker call as a bare statement, or a local that holds an instance and
 * is never read, is dead code (usually a forgotten `resume`, or a marker where a plain call was
 * meant). `void coroutine(…)` says so on purpose and is left alone; exported locals are used
 * elsewhere.
 */
import type * as TS from "typescript";
import type { SiteAnalysis } from "../analyze";
import type { Binding } from "../scopes";
import { Code, finding, type Finding } from "../diagnostics";
import { skipOuterExpressions } from "../syntax";
import type { Rule } from "./index";

function advice(sa: SiteAnalysis): string {
  const use = sa.marker.output === "iteratorResult" ? "iterate it or call next()" : sa.marker.output === "poll" ? "await it (toPromise, blockOn, await_)" : "call resume()";
  return `instances are lazy, so its body never runs: ${use}, or remove it`;
}

/** The statement a marker call stands alone in, when its value is dropped. */
function bareStatement(ts: typeof TS, call: TS.CallExpression): TS.ExpressionStatement | undefined {
  let e: TS.Node = call;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isSatisfiesExpression(e.parent))) e = e.parent;
  return ts.isExpressionStatement(e.parent) && skipOuterExpressions(ts, e.parent.expression) === call ? e.parent : undefined;
}

/** Whether the binding is referenced anywhere but its declaration (a read, a write, a `typeof`-free use). */
function readBindings(refs: ReadonlyMap<TS.Identifier, Binding>): Set<Binding> {
  const used = new Set<Binding>();
  for (const [id, b] of refs) if (id !== b.declaration) used.add(b);
  return used;
}

/** Names that appear in a type query (`typeof c`): the binder leaves type positions out, TypeScript counts them as uses. */
function typeQueryNames(ts: typeof TS, file: TS.SourceFile): Set<string> {
  const names = new Set<string>();
  const look = (n: TS.Node): void => {
    if (ts.isTypeQueryNode(n)) {
      let e: TS.EntityName = n.exprName;
      while (ts.isQualifiedName(e)) e = e.left;
      names.add(e.text);
    }
    ts.forEachChild(n, look);
  };
  look(file);
  return names;
}

export const neverUsed: Rule = ({ ts, analysis }) => {
  if (!analysis.bind || analysis.sites.length === 0) return [];
  const found: Finding[] = [];
  let used: Set<Binding> | undefined;
  let inTypes: Set<string> | undefined;
  for (const sa of analysis.sites) {
    const call = sa.site.call;
    if (bareStatement(ts, call)) {
      found.push(finding(Code.NeverUsed, call.expression, `this ${sa.site.kind}() instance is created and dropped: ${advice(sa)}.`));
      continue;
    }
    const decl = skipUp(ts, call);
    if (!decl || !ts.isIdentifier(decl.name) || !ts.isVariableStatement(decl.parent.parent)) continue;
    if (decl.parent.parent.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword || m.kind === ts.SyntaxKind.DeclareKeyword)) continue;
    const binding = analysis.bind.refs.get(decl.name);
    used ??= readBindings(analysis.bind.refs);
    if (!binding || used.has(binding)) continue;
    inTypes ??= typeQueryNames(ts, analysis.file);
    if (inTypes.has(binding.name)) continue;
    found.push(finding(Code.NeverUsed, decl.name, `'${binding.name}' holds a ${sa.site.kind}() instance and is never used: ${advice(sa)}.`));
  }
  return found;
};

/** The variable declaration a marker call initialises directly (through parentheses and assertions). */
function skipUp(ts: typeof TS, call: TS.CallExpression): TS.VariableDeclaration | undefined {
  let e: TS.Node = call;
  while (e.parent && (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isSatisfiesExpression(e.parent))) e = e.parent;
  return ts.isVariableDeclaration(e.parent) && e.parent.initializer === e ? e.parent : undefined;
}
