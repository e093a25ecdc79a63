/**
 * Hover text as markdown: on a marker, the states of its body in order and how many resumes it
 * takes when that is bounded; on a `yield_` (or `yield_.from`, `await_`), the state it suspends
 * in and the locals the instance saves there (`Add — saves sum, hist`).
 */
import type * as TS from "typescript";
import type { FileAnalysis, SiteAnalysis } from "../analyze";
import type { Suspension } from "../markers";

export interface Hover {
  /** The span the hover is about (the callee the cursor is on). */
  readonly start: number;
  readonly length: number;
  readonly markdown: string;
}

function contains(node: TS.Node, position: number): boolean {
  return node.getStart() <= position && position < node.getEnd();
}

/** `Start → Add → Done` */
export function statesLine(site: SiteAnalysis): string {
  return site.states.map((s) => `\`${s}\``).join(" → ");
}

function resumesLine(site: SiteAnalysis): string {
  if (!site.flow) return "not compiled: see its diagnostics";
  if (site.marker.restartsOnReturn) return "never ends: a `return` starts the body again";
  const n = site.flow.maxResumes;
  if (n === undefined) return "unbounded: a loop passes a suspension";
  return `takes ${n} resume${n === 1 ? "" : "s"} to reach \`Done\``;
}

/** What the hover on a marker's callee shows. */
export function markerHover(site: SiteAnalysis): string {
  return `**stackless ${site.site.kind}** — states: ${statesLine(site)}  \n${resumesLine(site)}`;
}

/** The names of the locals saved at `suspension`'s state, in declaration order. */
export function savedLocalNames(site: SiteAnalysis, suspension: Suspension): string[] {
  return (site.flow?.savedLocals.get(suspension.index) ?? []).map((b) => b.name);
}

/** What the hover on a suspension's callee shows: `Add — saves sum, hist`. */
export function suspensionHover(site: SiteAnalysis, suspension: Suspension): string {
  const saved = site.flow ? savedLocalNames(site, suspension) : undefined;
  const saves = saved === undefined ? "locals unknown (the body is not compiled)" : saved.length ? `saves ${saved.join(", ")}` : "saves no locals";
  return `**\`${suspension.name}\`** — ${saves}  \nsuspends in state ${suspension.index} of ${site.site.kind}: ${statesLine(site)}`;
}

/** The hover at `position`, or undefined when the cursor is on neither a marker nor a suspension. */
export function hoverAt(analysis: FileAnalysis, position: number): Hover | undefined {
  // Inner sites come first in `sites`, so the innermost marker or suspension wins.
  for (const site of analysis.sites) {
    const callee = site.site.call.expression;
    if (contains(callee, position)) return { start: callee.getStart(), length: callee.getEnd() - callee.getStart(), markdown: markerHover(site) };
    for (const s of site.suspensions) {
      const e = s.call.expression;
      if (contains(e, position)) return { start: e.getStart(), length: e.getEnd() - e.getStart(), markdown: suspensionHover(site, s) };
    }
  }
  return undefined;
}
