/**
 * 70001: a resume on an instance that has certainly reached Done. At run time that resume throws
 * CoroutineError RESUMED_AFTER_COMPLETION (a generator's `next` too, unlike a native generator's).
 * Only local instances every use of which is understood are followed (analysis/rules/instances.ts),
 * and only where Done is certain: after as many resumes as the body's longest run takes
 * (FlowFacts.maxResumes, bounded for straight-line bodies), or where a `done` test or a run to
 * the end (for…of, spread) said so.
 */
import type * as TS from "typescript";
import type { SiteAnalysis } from "../analyze";
import { Code, finding, type Finding } from "../diagnostics";
import type { Rule } from "./index";
import { localInstances, walkResumes, type ResumeVisit } from "./instances";

/** The most resumes a run of the body can take before Done, when that is a sure bound (FlowSummary.resumeBound). */
export function resumeBound(sa: SiteAnalysis): number | undefined {
  return sa.summary?.resumeBound;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}

function message(name: string, sa: SiteAnalysis, v: ResumeVisit, bound: number | undefined): string {
  const what = v.kind === "consume" ? `iterating '${name}' calls next(), which` : `this resume`;
  const why =
    v.doneByTest || bound === undefined
      ? `'${name}' is certainly in Done here (a 'done' test, or a for…of or spread that ran it to the end, says so)`
      : `the ${sa.site.kind}() body reaches Done after at most ${plural(bound, "resume")}, and ${v.before.min === bound ? "as many" : v.before.min} have run before this one on every path`;
  const native = sa.marker.output === "iteratorResult" ? " (a native generator would answer { done: true }; a stackless one throws)" : "";
  return (
    `${what} always throws CoroutineError RESUMED_AFTER_COMPLETION: ${why}${native}. ` +
    `Create a new instance to run the body again${sa.marker.output === "plain" && !sa.marker.restartsOnReturn ? ", or use coroutine.loop for a body that starts over" : ""}.`
  );
}

export const resumedAfterDone: Rule = ({ ts, analysis }) => {
  const found: Finding[] = [];
  for (const instance of localInstances(ts, analysis)) {
    const bound = resumeBound(instance.site);
    const flagged = new Set<TS.Node>();
    const name = instance.binding.name;
    walkResumes(ts, instance, (v) => {
      if (flagged.has(v.node) || v.before.min < (bound ?? Infinity)) return;
      flagged.add(v.node);
      // The span: the resume's `c.resume` (not its arguments), or the iterated instance.
      const node = ts.isCallExpression(v.node) ? v.node.expression : v.node;
      found.push(finding(Code.ResumedAfterDone, node, message(name, instance.site, v, bound)));
    });
  }
  return found;
};
