/**
 * 70004: a `yield_` operand (or a `return`) that the declared output type does not accept, or a
 * `yield_<T>` whose `T` does not accept the declared input. TypeScript cannot see either: it types
 * a marker call from the body's signature, where `yield_` operands do not appear.
 *
 * Declared means: the marker's type arguments, the body's annotations, or the type the call is
 * assigned to; a coroutine without any of them outputs what its `return`s give, and its `yield_`
 * operands are checked against that. Returns are checked only against a type the call is assigned
 * to: against type arguments and annotations TypeScript checks them itself, at the `return`.
 * The fix writes the type arguments the body's operands call for (`coroutine<number, string>(…)`).
 */
import type * as TS from "typescript";
import { Code, finding, type Finding, type FindingFix } from "../diagnostics";
import type { SiteAnalysis } from "../analyze";
import type { Rule } from "./index";
import { bodyReturns, callType, saysNothing, siteTypes, type DeclaredBy, type SiteTypes } from "./site-types";

const BY: Record<DeclaredBy, string> = {
  typeArguments: "declared by its type arguments",
  annotation: "declared by the body's annotation",
  contextualType: "declared by the type it is assigned to",
  returns: "inferred from its return statements",
};

export const typeMismatch: Rule = ({ ts, analysis, checker }) => {
  if (!checker || typeof checker.isTypeAssignableTo !== "function") return [];
  return analysis.sites.flatMap((sa) => {
    const types = siteTypes(ts, checker, sa);
    return types ? siteMismatches(ts, checker, sa, types) : [];
  });
};

function siteMismatches(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis, types: SiteTypes): Finding[] {
  const { site, marker } = sa;
  const show = (t: TS.Type) => checker.typeToString(t, site.call);
  const what = marker.baseClass === "GeneratorMachine" ? "yielded type" : "output type";
  const mismatches: { node: TS.Node; message: string }[] = [];

  for (const s of sa.suspensions) {
    if (s.kind !== "yield_") continue;
    const out = outputOf(ts, checker, sa, s.call);
    if (out && types.yielded && !checker.isTypeAssignableTo(out.type, types.yielded.type)) {
      mismatches.push({
        node: out.node,
        message: `yield_ outputs '${show(out.type)}', which is not assignable to the ${what} '${show(types.yielded.type)}' of this ${site.kind}() (${BY[types.yielded.by]})`,
      });
    }
    const value = callType(checker, s.call);
    if (types.input && marker.yieldValue === "input" && !saysNothing(ts, value) && !checker.isTypeAssignableTo(types.input.type, value)) {
      mismatches.push({
        node: s.call.typeArguments?.[0] ?? s.call,
        message: `yield_ evaluates to the next input, typed '${show(value)}' here, but this ${site.kind}()'s input type '${show(types.input.type)}' (${BY[types.input.by]}) is not assignable to it`,
      });
    }
  }
  if (types.returned?.by === "contextualType") {
    for (const r of bodyReturns(ts, site.body)) {
      const given = r.value ? checker.getTypeAtLocation(r.value) : checker.getUndefinedType();
      if (!checker.isTypeAssignableTo(given, types.returned.type)) {
        mismatches.push({
          node: r.node,
          message: `return gives '${show(given)}', which is not assignable to the ${marker.baseClass === "GeneratorMachine" ? "returned type" : "output type"} '${show(types.returned.type)}' of this ${site.kind}() (${BY[types.returned.by]})`,
        });
      }
    }
  }
  if (mismatches.length === 0) return [];
  const fix = typeArgumentsFix(ts, checker, sa, types);
  return mismatches.map((m) => finding(Code.TypeMismatch, m.node, m.message, { fixes: fix ? [fix] : [] }));
}

/** What a `yield_` call outputs: its operand, or `undefined` for `yield_()` (nothing under yieldAtStart, whose first one takes the input). */
function outputOf(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis, call: TS.CallExpression): { node: TS.Node; type: TS.Type } | undefined {
  const operand = call.arguments[0];
  if (!operand) return sa.marker.firstYieldTakesInput ? undefined : { node: call, type: checker.getUndefinedType() };
  if (ts.isSpreadElement(operand)) return undefined;
  return { node: operand, type: checker.getTypeAtLocation(operand) };
}

/**
 * The type arguments the body calls for, written over the call's own (or inserted):
 * `coroutine<I, O>` with O the union of what the `yield_`s and `return`s give;
 * `generator<Y, R>` (`<Y, R, I>` when the input is declared). None for futures, whose output is
 * written as the body's return type.
 */
function typeArgumentsFix(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis, types: SiteTypes): FindingFix | undefined {
  const { site, marker } = sa;
  if (marker.baseClass === "FutureMachine") return undefined;
  // Each member of a union on its own, widened (`1 | "a"` → number, string), so the texts dedupe.
  const show = (t: TS.Type): string[] =>
    (t.isUnion() ? t.types : [t]).map((m) => checker.typeToString(checker.getBaseTypeOfLiteralType(m), site.call, ts.TypeFormatFlags.NoTruncation));
  const yielded = sa.suspensions.filter((s) => s.kind === "yield_").flatMap((s) => {
    const out = outputOf(ts, checker, sa, s.call);
    return out ? [out.type] : [];
  });
  const returned = bodyReturns(ts, site.body).map((r) => (r.value ? checker.getTypeAtLocation(r.value) : checker.getUndefinedType()));
  const input = types.inputForFix ? checker.typeToString(types.inputForFix, site.call, ts.TypeFormatFlags.NoTruncation) : "unknown";
  let written: string[];
  if (marker.baseClass === "CoroutineMachine") {
    const output = unionText([...yielded, ...returned].flatMap(show));
    if (!output) return undefined;
    written = [input, output];
  } else {
    const y = unionText(yielded.flatMap(show));
    if (!y) return undefined;
    written = [y, unionText(returned.flatMap(show)) ?? "void"];
    if (types.input) written.push(input);
  }
  const text = `<${written.join(", ")}>`;
  const calleeEnd = site.call.expression.end;
  const openParen = site.call.arguments.pos - 1;
  return {
    name: "stackless.writeTypeArguments",
    description: `Write the type arguments the body outputs: ${calleeText(site.call)}${text}`,
    edits: [{ start: calleeEnd, length: openParen - calleeEnd, newText: text }],
  };
}

function calleeText(call: TS.CallExpression): string {
  return call.expression.getText();
}

/** `a | b` of distinct type texts (`never` left out), or undefined when none is left. */
function unionText(texts: readonly string[]): string | undefined {
  const distinct = [...new Set(texts.filter((t) => t !== "never"))];
  if (distinct.length === 0) return undefined;
  return distinct.map((t) => (/=>/.test(t) ? `(${t})` : t)).join(" | ");
}
