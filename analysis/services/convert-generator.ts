/**
 * The refactor "Convert generator function to stackless": a `function*` declaration, expression
 * or method becomes a plain function that returns `generator(() => { … })`, with `yield x` →
 * `yield_(x)` and `yield* x` → `yield_.from(x)`, importing what it uses. As plain text edits.
 *
 * Why a function that returns a generator, and an arrow body: a `function*` is a factory (each
 * call makes a new generator, its parameters evaluated at the call), while a marker call *is*
 * one instance; and an arrow body keeps the `this` and `arguments` of the function around it,
 * which are the generator function's own, where a function-expression body would be called with
 * no receiver (docs/semantics.md). So the converted code behaves as the generator did.
 */
import type * as TS from "typescript";
import type { FixEdit } from "../diagnostics";
import { planImports } from "./imports";
import { isValueUsed } from "../syntax";

export const CONVERT_GENERATOR_REFACTOR = Object.freeze({
  name: "stackless.convertGenerator",
  description: "Convert generator function to stackless",
  /** LSP / tsserver refactor kind. */
  kind: "refactor.rewrite.stackless.convertGenerator",
});

export type GeneratorFunction = TS.FunctionDeclaration | TS.FunctionExpression | TS.MethodDeclaration;

/** Iterator types whose type arguments are, in order, what `generator<Y, R, I>` takes. */
const ITERATOR_TYPES = new Set(["Generator", "Iterator", "IterableIterator", "IteratorObject", "Iterable"]);

function isConvertible(ts: typeof TS, n: TS.Node): n is GeneratorFunction & { body: TS.Block } {
  if (!(ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n) || ts.isMethodDeclaration(n))) return false;
  if (!n.asteriskToken || !n.body) return false;
  return !n.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * The generator function the refactor applies to at [start, end): the innermost one whose header
 * (from its start to its body's `{`) holds the cursor, or that the selection covers.
 */
export function generatorFunctionAt(ts: typeof TS, file: TS.SourceFile, start: number, end: number = start): GeneratorFunction | undefined {
  let found: GeneratorFunction | undefined;
  const visit = (n: TS.Node): void => {
    if (start > n.getEnd() || end < n.getFullStart()) return;
    if (isConvertible(ts, n)) {
      const nodeStart = n.getStart(file);
      const inHeader = start >= nodeStart && end <= n.body.getStart(file);
      const covers = start <= nodeStart && end >= n.getEnd();
      if (inHeader || covers) found = n;
    }
    ts.forEachChild(n, visit);
  };
  visit(file);
  return found;
}

/** The yield expressions that belong to `node`'s own function (not to nested ones), outermost first. */
function ownYields(ts: typeof TS, node: TS.Node): TS.YieldExpression[] {
  const out: TS.YieldExpression[] = [];
  const visit = (n: TS.Node): void => {
    if (ts.isFunctionLike(n) || ts.isClassStaticBlockDeclaration(n)) {
      // A computed method name is evaluated by the enclosing function, where a yield may stand.
      const name = (n as { name?: TS.Node }).name;
      if (name && ts.isComputedPropertyName(name)) visit(name);
      return;
    }
    if (ts.isYieldExpression(n)) {
      out.push(n);
      return;
    }
    ts.forEachChild(n, visit);
  };
  ts.forEachChild(node, visit);
  return out;
}

interface Rewrite {
  readonly yield_: string;
  /** The annotation's TNext (`Generator<Y, R, TNext>`), written on each yield whose value is used, so it keeps its type. */
  readonly inputType: string | undefined;
  /** The file's text from `from` to `to`, with the indentation unit added after each line break that takes one. */
  readonly copy: (from: number, to: number) => string;
}

/** `node`'s text with every yield of its own function rewritten to a yield_ call. */
function rewrittenText(ts: typeof TS, file: TS.SourceFile, node: TS.Node, start: number, rewrite: Rewrite): string {
  if (ts.isYieldExpression(node)) {
    // `yield yield x`: the operand is itself a yield.
    const operand = node.expression ? rewrittenText(ts, file, node.expression, node.expression.getStart(file), rewrite) : "";
    if (node.asteriskToken) return `${rewrite.yield_}.from(${operand})`;
    const typeArgument = rewrite.inputType !== undefined && isValueUsed(ts, node) ? `<${rewrite.inputType}>` : "";
    return `${rewrite.yield_}${typeArgument}(${operand})`;
  }
  let text = "";
  let at = start;
  for (const y of ownYields(ts, node)) {
    text += rewrite.copy(at, y.getStart(file)) + rewrittenText(ts, file, y, y.getStart(file), rewrite);
    at = y.getEnd();
  }
  return text + rewrite.copy(at, node.getEnd());
}

/** Whitespace at the start of the line that holds `position`. */
function lineIndent(text: string, position: number): string {
  const lineStart = text.lastIndexOf("\n", position - 1) + 1;
  return /^[ \t]*/.exec(text.slice(lineStart))![0];
}

/** Positions inside template literal text, where a line break is part of a string. */
function templateRanges(ts: typeof TS, file: TS.SourceFile, node: TS.Node): Array<[number, number]> {
  const ranges: Array<[number, number]> = [];
  const visit = (n: TS.Node): void => {
    if (ts.isNoSubstitutionTemplateLiteral(n) || ts.isTemplateHead(n) || ts.isTemplateMiddle(n) || ts.isTemplateTail(n)) ranges.push([n.getStart(file), n.getEnd()]);
    ts.forEachChild(n, visit);
  };
  visit(node);
  return ranges;
}

/** A copier of the file's text that indents every non-empty line it starts by `unit`, outside template text. */
function indentingCopy(text: string, unit: string, inTemplate: Array<[number, number]>): (from: number, to: number) => string {
  return (from, to) => {
    let out = "";
    for (let i = from; i < to; i++) {
      out += text[i];
      const next = i + 1;
      if (text[i] !== "\n" || next >= to || text[next] === "\n" || text[next] === "\r") continue;
      if (!inTemplate.some(([s, e]) => next > s && next < e)) out += unit;
    }
    return out;
  };
}

/** `generator<Y, R, I>`'s type arguments from a return annotation such as `Generator<number, string, boolean>`. */
function typeArgumentsOf(ts: typeof TS, file: TS.SourceFile, type: TS.TypeNode | undefined): string {
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || !ITERATOR_TYPES.has(type.typeName.text)) return "";
  const args = type.typeArguments ?? [];
  return args.length ? `<${args.map((a) => a.getText(file)).join(", ")}>` : "";
}

/** The TNext of a `Generator<Y, R, TNext>`-like return annotation, as written; undefined when not written. */
function inputTypeOf(ts: typeof TS, file: TS.SourceFile, type: TS.TypeNode | undefined): string | undefined {
  if (!type || !ts.isTypeReferenceNode(type) || !ts.isIdentifier(type.typeName) || !ITERATOR_TYPES.has(type.typeName.text)) return undefined;
  return type.typeArguments?.[2]?.getText(file);
}

/** The edits that convert `fn` (and import `generator`, and `yield_` when used). */
export function convertGeneratorEdits(ts: typeof TS, file: TS.SourceFile, fn: GeneratorFunction): FixEdit[] {
  if (!isConvertible(ts, fn)) return [];
  const yields = ownYields(ts, fn.body);
  const plan = planImports(ts, file, yields.length ? ["generator", "yield_"] : ["generator"]);
  const text = file.text;
  const edits: FixEdit[] = [...plan.edits];

  // `function* f` / `function *f` / `*m()` → `function f` / `m()`; `function*f` needs the space.
  const star = fn.asteriskToken!;
  const starStart = star.getStart(file);
  const between = /[A-Za-z0-9_$]/.test(text[starStart - 1] ?? "") && /[A-Za-z0-9_$]/.test(text[star.getEnd()] ?? "");
  edits.push({ start: starStart, length: star.getEnd() - starStart, newText: between ? " " : "" });

  // The return annotation: its type arguments move to generator<…>; the rest is inferred.
  const typeArguments = typeArgumentsOf(ts, file, fn.type);
  if (fn.type) {
    const colon = text.lastIndexOf(":", fn.type.getStart(file));
    edits.push({ start: colon, length: fn.type.getEnd() - colon, newText: "" });
  }

  const body = fn.body;
  const bodyStart = body.getStart(file);
  const outer = lineIndent(text, bodyStart);
  const firstStatement = body.statements[0];
  const inner = firstStatement ? lineIndent(text, firstStatement.getStart(file)) : "";
  const unit = firstStatement && inner.startsWith(outer) && inner.length > outer.length ? inner.slice(outer.length) : "  ";
  const copy = indentingCopy(text, unit, templateRanges(ts, file, body));
  const rewritten = rewrittenText(ts, file, body, bodyStart, { yield_: plan.names.get("yield_") ?? "yield_", inputType: inputTypeOf(ts, file, fn.type), copy });
  const newBody = `{\n${outer}${unit}return ${plan.names.get("generator")}${typeArguments}(() => ${rewritten});\n${outer}}`;
  edits.push({ start: bodyStart, length: body.getEnd() - bodyStart, newText: newBody });
  return edits.sort((a, b) => a.start - b.start);
}

/** Apply non-overlapping edits to a text (tests, the CLI, `stackless lsp`). */
export function applyEdits(text: string, edits: readonly FixEdit[]): string {
  let out = text;
  for (const e of [...edits].sort((a, b) => b.start - a.start)) out = out.slice(0, e.start) + e.newText + out.slice(e.start + e.length);
  return out;
}
