/**
 * 70009: a `yield_()` whose value is used while its type is `any` (no type argument, and nothing
 * around it for TypeScript to infer one from, as in `sum += yield_(sum)`): `any` switches the
 * checks off for everything the input flows into. The fix writes the site's input type as the
 * type argument (`yield_<number>(sum)`).
 */
import type * as TS from "typescript";
import { Code, finding, type Finding } from "../diagnostics";
import type { SiteAnalysis } from "../analyze";
import type { Rule } from "./index";
import { callType, siteTypes } from "./site-types";
import { isValueUsed } from "../syntax";

export const untypedInput: Rule = ({ ts, analysis, checker }) => {
  if (!checker) return [];
  return analysis.sites.flatMap((sa) => siteFindings(ts, checker, sa));
};

function siteFindings(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis): Finding[] {
  const untyped = sa.suspensions.filter(
    (s) => s.kind === "yield_" && !s.call.typeArguments && isValueUsed(ts, s.call) && (callType(checker, s.call).flags & ts.TypeFlags.Any) !== 0,
  );
  if (untyped.length === 0) return [];
  const input = inputTypeText(ts, checker, sa);
  return untyped.map((s) =>
    finding(Code.UntypedInput, s.call.expression, `this yield_() evaluates to the next input, typed 'any' here: write its type, yield_<${input}>(…)`, {
      fixes: [
        {
          name: "stackless.writeInputType",
          description: `Write the input type: yield_<${input}>`,
          edits: [{ start: s.call.expression.end, length: 0, newText: `<${input}>` }],
        },
      ],
    }),
  );
}

/** What a `yield_` of this site evaluates to: undefined under `unified`, else the site's input type (`unknown` when nothing declares one). */
function inputTypeText(ts: typeof TS, checker: TS.TypeChecker, sa: SiteAnalysis): string {
  if (sa.marker.yieldValue === "undefined") return "undefined";
  // A future's yield_ evaluates to the next poll's context; the file need not import Context.
  if (sa.marker.baseClass === "FutureMachine") return `import("stackless").Context`;
  const input = siteTypes(ts, checker, sa)?.inputForFix;
  return input ? checker.typeToString(input, sa.site.call, ts.TypeFormatFlags.NoTruncation) : "unknown";
}
