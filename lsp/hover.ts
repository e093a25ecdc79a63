/**
 * The hover `stackless lsp` shows, read off checkFile's analysis: on a `yield_`/`await_` the state
 * it suspends in, on a marker call its states in order. Plain data (a span and markdown), the
 * shape of the editor-neutral services, so the LSP server only translates it.
 */
import type * as TS from "typescript";
import type { FileAnalysis, SiteAnalysis } from "../analysis/analyze";

export interface HoverInfo {
  readonly start: number;
  readonly length: number;
  readonly markdown: string;
}

function contains(node: TS.Node, file: TS.SourceFile, offset: number): boolean {
  return node.getStart(file) <= offset && offset < node.getEnd();
}

function statesLine(site: SiteAnalysis): string {
  return site.states.map((s) => `\`${s}\``).join(" → ");
}

/** What to show at `offset`, innermost first: a suspension, else the marker name of a site. */
export function hoverAt(analysis: FileAnalysis, offset: number): HoverInfo | undefined {
  const { file } = analysis;
  // Inner sites come first in analysis.sites, so the first match is the innermost.
  for (const site of analysis.sites) {
    for (const suspension of site.suspensions) {
      const callee = suspension.call.expression;
      if (!contains(callee, file, offset)) continue;
      const start = callee.getStart(file);
      return {
        start,
        length: callee.getEnd() - start,
        markdown: `**stackless**: suspends in state \`${suspension.name}\` (${suspension.index} of ${site.states.length - 2})\n\nStates of this ${site.site.kind}: ${statesLine(site)}`,
      };
    }
  }
  for (const site of analysis.sites) {
    const callee = site.site.call.expression;
    if (!contains(callee, file, offset)) continue;
    const start = callee.getStart(file);
    const note = site.compilable ? "" : "\n\nThis body cannot be compiled: see its 70007 diagnostics.";
    return { start, length: callee.getEnd() - start, markdown: `**stackless** ${site.site.kind}: compiled into a state machine\n\nStates: ${statesLine(site)}${note}` };
  }
  return undefined;
}
