/**
 * What a snapshot needs to know about the compiler's own temporaries: for each state, the
 * temporaries it saves, the user expression each holds the value of (so an error names
 * `Number` in `Number(yield_())` at wizard.ts:12:9, never a field `t`), and, where the value can
 * be read again from what the restored instance has (a global, an import, a capture, `this`, a
 * property of a saved local), the recipe that re-reads it: such a temporary is not stored in the
 * snapshot, restore() evaluates the recipe instead (docs/snapshots.md). A `yield_.from`'s delegate
 * gets the recipe that makes it again (`inner(n)[Symbol.iterator]()`), into which restore() loads
 * the delegate's nested snapshot. A pure function of the
 * lowered body and the storage plan; emit turns its product into the statics `temps` and
 * `delegates`.
 */
import type * as TS from "typescript";
import type { Binding } from "../../analysis/scopes";
import type { Site } from "../../analysis/markers";
import type { LoweredBody } from "../../analysis/lower";
import type { BlockId, Terminator } from "../../analysis/ir";

export interface TempsInput {
  ts: typeof TS;
  site: Site;
  exploded: LoweredBody;
  live: ReadonlyMap<BlockId, ReadonlySet<Binding>>;
  fieldOf: ReadonlyMap<Binding, string>;
  fields: readonly string[];
  liveLocals: readonly (readonly number[])[];
  suspends: readonly (Terminator & { kind: "suspend" })[];
  states: readonly string[];
  /** The binding an identifier of the lowered body refers to. */
  resolve: (id: TS.Identifier) => Binding | undefined;
  /** The file's path as the site id spells it. */
  fileLabel: string;
}

/** One saved temporary at one state. */
export interface SavedTemp {
  readonly field: string;
  /** "the value of `Number` at wizard.ts:12:9". */
  readonly description: string;
  /** The lowered expression that reads its value again, when there is one. */
  readonly recipe: TS.Expression | undefined;
}

export interface TempsPlan {
  /** Per state before Done: the temporaries it saves, in the order they were made. */
  readonly perState: readonly (readonly SavedTemp[])[];
  /** Per state before Done: the field holding the `yield_.from` iterator it is delegating to, or undefined. */
  readonly delegates: readonly (string | undefined)[];
  /** The bindings some snapshot stores as data: live in a saved field at a state, neither re-read by recipe nor a delegate. */
  readonly stored: ReadonlySet<Binding>;
}

/** A user expression for a message: its source text, on one line and short, and where it starts. */
function describe(ts: typeof TS, node: TS.Node, sourceFile: TS.SourceFile, fileLabel: string): string {
  let start = node.pos >= 0 ? node.pos : 0;
  // Past the leading trivia (whitespace and comments) to the expression's first token.
  const text0 = sourceFile.text;
  for (;;) {
    while (start < node.end && /\s/.test(text0[start])) start++;
    const ranges = ts.getLeadingCommentRanges(text0, start);
    if (!ranges || ranges.length === 0) break;
    start = ranges[ranges.length - 1].end;
  }
  let text = sourceFile.text.slice(start, Math.max(start, node.end)).replace(/\s+/g, " ");
  if (text.length > 60) text = text.slice(0, 57) + "...";
  const { line, character } = sourceFile.getLineAndCharacterOfPosition(start);
  return `\`${text}\` at ${fileLabel}:${line + 1}:${character + 1}`;
}

/** `e as T`, `<T>e`, `e!`, `e satisfies T`: the value of `e` (TypeScript erases the rest). */
function isTypeOnly(ts: typeof TS, e: TS.Expression): boolean {
  return ts.isAsExpression(e) || ts.isTypeAssertionExpression(e) || ts.isNonNullExpression(e) || ts.isSatisfiesExpression(e);
}

/** Is `b` declared outside the body (a global's absence, an import, a capture, a module binding)? */
function declaredOutside(b: Binding, body: TS.Node): boolean {
  for (let s: Binding["scope"] | undefined = b.scope; s; s = s.parent) if (s.node === body) return false;
  return true;
}

export function planTemps(input: TempsInput): TempsPlan {
  const { ts, site, exploded, live, fieldOf, fields, liveLocals, suspends, states, resolve } = input;
  const sourceFile = site.call.getSourceFile();
  const entryBlocks: BlockId[][] = states.slice(0, -1).map(() => []);
  entryBlocks[0].push(0);
  for (const t of suspends) for (const id of [t.resume, t.throwEntry, t.returnEntry]) if (id !== undefined) entryBlocks[t.state].push(id);

  const stored = new Set<Binding>();
  const perState = entryBlocks.map((ids, state) => {
    const saved = new Set((liveLocals[state] ?? []).map((i) => fields[i]));
    const liveHere = new Set<Binding>();
    for (const id of ids) for (const b of live.get(id) ?? []) liveHere.add(b);
    /** Can `e` be evaluated again at restore, from what the restored instance holds at this state? */
    const rederivable = (e: TS.Expression, self: Binding): boolean => {
      if (ts.isParenthesizedExpression(e) || isTypeOnly(ts, e)) return rederivable((e as TS.ParenthesizedExpression).expression, self);
      if (e.kind === ts.SyntaxKind.ThisKeyword) return true;
      if (ts.isPropertyAccessExpression(e)) return !e.questionDotToken && ts.isIdentifier(e.name) && rederivable(e.expression, self);
      if (ts.isElementAccessExpression(e)) {
        const key = e.argumentExpression;
        return !e.questionDotToken && (ts.isStringLiteral(key) || ts.isNumericLiteral(key)) && rederivable(e.expression, self);
      }
      if (!ts.isIdentifier(e) || e.text === "arguments") return false;
      const b = resolve(e);
      if (!b) return true; // a global: read again by name
      if (b === exploded.input || exploded.boxed.has(b)) return false;
      if (!exploded.machineVars.has(b)) return declaredOutside(b, site.body);
      // A saved local of this state, restored before the recipes run (an earlier temporary's recipe runs first).
      const field = fieldOf.get(b);
      return field !== undefined && saved.has(field) && liveHere.has(b) && b.id < self.id && (!exploded.temps.has(b) || recipeOf.has(b));
    };
    /**
     * Can the `yield_.from` operand `e` be evaluated again at restore to make a fresh delegate
     * (`inner(n - 1)[Symbol.iterator]()`)? What rederivable accepts, plus calls, literals and
     * operators on them: the factory runs again (creating a stackless instance runs none of its
     * body), its arguments are computed again from the restored locals.
     */
    const makeable = (e: TS.Expression, self: Binding): boolean => {
      if (ts.isParenthesizedExpression(e) || isTypeOnly(ts, e)) return makeable((e as TS.ParenthesizedExpression).expression, self);
      if (ts.isStringLiteral(e) || ts.isNumericLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return true;
      const k = e.kind;
      if (k === ts.SyntaxKind.TrueKeyword || k === ts.SyntaxKind.FalseKeyword || k === ts.SyntaxKind.NullKeyword) return true;
      if (ts.isBinaryExpression(e)) {
        const op = e.operatorToken.kind;
        const assigns = op >= ts.SyntaxKind.FirstAssignment && op <= ts.SyntaxKind.LastAssignment;
        return !assigns && op !== ts.SyntaxKind.CommaToken && makeable(e.left, self) && makeable(e.right, self);
      }
      if (ts.isPrefixUnaryExpression(e)) return e.operator !== ts.SyntaxKind.PlusPlusToken && e.operator !== ts.SyntaxKind.MinusMinusToken && makeable(e.operand, self);
      if (ts.isConditionalExpression(e)) return makeable(e.condition, self) && makeable(e.whenTrue, self) && makeable(e.whenFalse, self);
      if (ts.isTemplateExpression(e)) return e.templateSpans.every((span) => makeable(span.expression, self));
      if (ts.isArrayLiteralExpression(e)) return e.elements.every((x) => !ts.isSpreadElement(x) && !ts.isOmittedExpression(x) && makeable(x, self));
      if (ts.isObjectLiteralExpression(e)) {
        return e.properties.every((p) =>
          ts.isPropertyAssignment(p) ? !ts.isComputedPropertyName(p.name) && makeable(p.initializer, self) : ts.isShorthandPropertyAssignment(p) && !p.objectAssignmentInitializer && makeable(p.name, self),
        );
      }
      if (ts.isCallExpression(e)) return !e.questionDotToken && makeable(e.expression, self) && e.arguments.every((a) => !ts.isSpreadElement(a) && makeable(a, self));
      if (ts.isPropertyAccessExpression(e)) return !e.questionDotToken && ts.isIdentifier(e.name) && makeable(e.expression, self);
      if (ts.isElementAccessExpression(e)) return !e.questionDotToken && makeable(e.argumentExpression, self) && makeable(e.expression, self);
      return rederivable(e, self);
    };
    const recipeOf = new Map<Binding, TS.Expression>();
    const temps: SavedTemp[] = [];
    const held = [...liveHere].filter((b) => saved.has(fieldOf.get(b) ?? ""));
    const candidates = [...liveHere].filter((b) => exploded.temps.has(b) && fieldOf.has(b) && saved.has(fieldOf.get(b)!)).sort((a, b) => a.id - b.id);
    for (const b of candidates) {
      const origin = exploded.temps.get(b)!;
      // A delegate's recipe makes a new inner instance (restore() loads the nested snapshot into
      // it); it is never read by another recipe.
      const delegate = exploded.delegates.has(b);
      const recipe = (delegate ? makeable(origin.value, b) : rederivable(origin.value, b)) ? origin.value : undefined;
      if (recipe && !delegate) recipeOf.set(b, recipe);
      temps.push({ field: fieldOf.get(b)!, description: `${origin.role} ${describe(ts, origin.node, sourceFile, input.fileLabel)}`, recipe });
    }
    for (const b of held) if (!exploded.delegates.has(b) && !(exploded.temps.has(b) && temps.some((t) => t.recipe && t.field === fieldOf.get(b)))) stored.add(b);
    return temps;
  });
  const delegates = entryBlocks.map((ids, state) => {
    const saved = new Set((liveLocals[state] ?? []).map((i) => fields[i]));
    for (const id of ids) for (const b of live.get(id) ?? []) if (exploded.delegates.has(b) && saved.has(fieldOf.get(b) ?? "")) return fieldOf.get(b);
    return undefined;
  });
  return { perState, delegates, stored };
}
