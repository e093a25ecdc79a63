/**
 * Drawing a Graph: Mermaid flowchart text (GitHub renders it), Graphviz DOT, and SVG laid out by
 * Graphviz itself, compiled to WebAssembly (@viz-js/viz, loaded only when an SVG is asked for).
 */
import type { Graph, GraphNode } from "./model";

export type Format = "mermaid" | "dot" | "svg";

/** Mermaid's flowchart: labels in quotes with `#quot;` for quotes, `<br>` for line breaks. */
export function toMermaid(graph: Graph): string {
  const label = (s: string): string => `"${s.replace(/&/g, "#amp;").replace(/"/g, "#quot;").replace(/</g, "#lt;").replace(/>/g, "#gt;").replace(/\n/g, "<br>")}"`;
  const id = (s: string): string => s.replace(/[^A-Za-z0-9_]/g, "_");
  const node = (n: GraphNode): string => {
    switch (n.shape) {
      case "point":
        return `${id(n.id)}(( ))`;
      case "final":
        return `${id(n.id)}(((${label(n.label)})))`;
      case "panicked":
        return `${id(n.id)}{{${label(n.label)}}}`;
      case "step":
        return `${id(n.id)}[${label(n.label)}]`;
      default:
        return `${id(n.id)}([${label(n.label)}])`;
    }
  };
  const lines = [`---`, `title: ${JSON.stringify(graph.title)}`, `---`, `flowchart LR`];
  for (const n of graph.nodes) lines.push(`  ${node(n)}`);
  for (const e of graph.edges) lines.push(e.label ? `  ${id(e.from)} -->|${label(e.label)}| ${id(e.to)}` : `  ${id(e.from)} --> ${id(e.to)}`);
  return lines.join("\n") + "\n";
}

/** Graphviz DOT, left to right, one quoted id per node. */
export function toDot(graph: Graph): string {
  const q = (s: string): string => `"${s.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`;
  const attrs: Record<GraphNode["shape"], string> = {
    point: `shape=point width=0.12`,
    state: `shape=box style=rounded`,
    final: `shape=box style="rounded,bold" peripheries=2`,
    panicked: `shape=hexagon color=firebrick fontcolor=firebrick`,
    step: `shape=box`,
  };
  const lines = [
    `digraph ${q(graph.title)} {`,
    // pad and margins leave room for fonts wider than Graphviz's Helvetica metrics (the viewer's sans-serif).
    `  rankdir=LR; pad=0.4; nodesep=0.5;`,
    `  label=${q(graph.title)}; labelloc=t; fontname="Helvetica"; fontsize=12;`,
    `  node [fontname="Helvetica" fontsize=11 margin="0.2,0.08"];`,
    `  edge [fontname="Helvetica" fontsize=10];`,
  ];
  for (const n of graph.nodes) lines.push(`  ${q(n.id)} [label=${q(n.label)} ${attrs[n.shape]}];`);
  for (const e of graph.edges) lines.push(`  ${q(e.from)} -> ${q(e.to)}${e.label ? ` [label=${q(e.label)}]` : ""};`);
  lines.push("}");
  return lines.join("\n") + "\n";
}

/** The part of @viz-js/viz's `Viz` used here. */
interface Viz {
  renderString(dot: string, options: { format: string }): string;
}
let vizInstance: Promise<Viz> | undefined;

/** The DOT laid out and drawn by Graphviz (WebAssembly): a standalone SVG document. */
export async function toSvg(graph: Graph): Promise<string> {
  return renderDot(toDot(graph));
}

/** Lays out any DOT text with Graphviz; throws Graphviz's own error for bad DOT. */
export async function renderDot(dot: string): Promise<string> {
  // @viz-js/viz ships a CommonJS build; required lazily so that mermaid and dot output need no WebAssembly.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  vizInstance ??= (require("@viz-js/viz") as { instance(): Promise<Viz> }).instance();
  const viz = await vizInstance;
  return viz.renderString(dot, { format: "svg" });
}

export async function render(graph: Graph, format: Format): Promise<string> {
  if (format === "mermaid") return toMermaid(graph);
  if (format === "dot") return toDot(graph);
  return toSvg(graph);
}
