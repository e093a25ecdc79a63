/**
 * 70002: the ignored first input. A body without a parameter drops the first resume's input (as
 * a `function*` drops the first `next`'s), so an argument to that resume is never seen; and under
 * coroutine.yieldAtStart the first `yield_()` executed takes the first input without suspending,
 * so its argument is never output. The fix removes the argument.
 */
import type * as TS from "typescript";
import type { SiteAnalysis } from "../analyze";
import { Code, finding, type Finding, type FindingFix } from "../diagnostics";
import type { Rule } from "./index";
import { localInstances, walkResumes } from "./instances";

/** Whether the body declares a parameter that receives the first input (a `this` annotation is not one). */
export function takesFirstInput(ts: typeof TS, sa: SiteAnalysis): boolean {
  return sa.site.body.parameters.some((p) => !(ts.isIdentifier(p.name) && p.name.text === "this"));
}

/** The fix: delete everything between the call's parentheses. */
function removeArguments(call: TS.CallExpression): FindingFix {
  const file = call.getSourceFile();
  const open = call.arguments.pos;
  const close = file.text.lastIndexOf(")", call.end - 1);
  return {
    name: "stackless.removeIgnoredInput",
    description: "Remove the ignored first input",
    edits: [{ start: open, length: Math.max(0, close - open), newText: "" }],
  };
}

function firstResumeArguments(ts: typeof TS, analysis: Parameters<Rule>[0]["analysis"]): Finding[] {
  const found: Finding[] = [];
  for (const instance of localInstances(ts, analysis)) {
    const sa = instance.site;
    if (sa.marker.firstYieldTakesInput || takesFirstInput(ts, sa)) continue;
    walkResumes(ts, instance, (v) => {
      // Only the one resume that is first on every path, and runs once (not in a loop).
      if (v.kind !== "resume" || v.before.any || v.inLoop || !ts.isCallExpression(v.node) || v.node.arguments.length === 0) return;
      const call = v.node;
      found.push(
        finding(
          Code.IgnoredFirstInput,
          call.arguments[0],
          `this input is ignored: the ${sa.site.kind}() body takes no parameter, so the first resume's input is dropped ` +
            `(as a function*'s first next(value) is) and the body starts without it. ` +
            `Remove the argument, or give the body a parameter to receive it.`,
          { fixes: [removeArguments(call)] },
        ),
      );
    });
  }
  return found;
}

function firstYieldArguments(ts: typeof TS, sa: SiteAnalysis): Finding[] {
  if (!sa.marker.firstYieldTakesInput || !sa.summary) return [];
  const found: Finding[] = [];
  for (const [state, how] of sa.summary.firstYieldStates) {
    const call = sa.suspensions[state - 1]?.call;
    // "maybe": on other paths the same yield_ suspends and its argument is output.
    if (how !== "always" || !call || call.arguments.length === 0) continue;
    found.push(
      finding(
        Code.IgnoredFirstInput,
        call.arguments[0],
        `this value is never output: in a coroutine.yieldAtStart body the first yield_() executed takes the first input ` +
          `and does not suspend, so its argument is dropped. Remove the argument (write yield_<I>()).`,
        { fixes: [removeArguments(call)] },
      ),
    );
  }
  return found;
}

export const ignoredFirstInput: Rule = ({ ts, analysis }) => [...firstResumeArguments(ts, analysis), ...analysis.sites.flatMap((sa) => firstYieldArguments(ts, sa))];
