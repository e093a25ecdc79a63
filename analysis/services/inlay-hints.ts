/**
 * Inlay hints: the state name before each unlabelled suspension (`Yield2:`), whose name the code
 * does not show. A labelled one already reads `Add: … yield_(…)`, so it gets none.
 */
import type * as TS from "typescript";
import type { FileAnalysis } from "../analyze";
import { labelOf } from "../states";

export interface StateHint {
  /** Where the hint stands: the start of the suspension call. */
  readonly position: number;
  /** `Yield1:` */
  readonly text: string;
}

/** The hints for the suspensions that start inside [start, end), in source order. */
export function stateHints(ts: typeof TS, analysis: FileAnalysis, start: number, end: number): StateHint[] {
  const hints: StateHint[] = [];
  for (const site of analysis.sites) {
    for (const s of site.suspensions) {
      const position = s.call.getStart();
      if (position < start || position >= end || labelOf(ts, s.call) !== undefined) continue;
      hints.push({ position, text: `${s.name}:` });
    }
  }
  return hints.sort((a, b) => a.position - b.position);
}
