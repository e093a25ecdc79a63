/**
 * The two diagrams of a site, as plain graphs the renderers draw: the states view (states as
 * nodes, each resume an edge labelled `input / output`) and its line graph (each resume a node,
 * each suspension point an edge), as the seed draws the summer both ways.
 */
import { PANICKED, type SiteGraphFacts, type Transition } from "./facts";

export type NodeShape = "state" | "final" | "panicked" | "point" | "step";

export interface GraphNode {
  id: string;
  label: string;
  shape: NodeShape;
}

export interface GraphEdge {
  from: string;
  to: string;
  label: string;
}

export interface Graph {
  /** The diagram's title: `summer (coroutine.yieldAtStart): states`. */
  title: string;
  nodes: GraphNode[];
  edges: GraphEdge[];
}

export type View = "states" | "line";

export function buildGraph(facts: SiteGraphFacts, view: View): Graph {
  return view === "states" ? statesGraph(facts) : lineGraph(facts);
}

/** What a resume outputs, as the caller sees it: generators wrap it, futures say Ready. */
export function shownOutput(facts: SiteGraphFacts, t: Transition): string {
  const value = t.output ?? "";
  if (t.end === "throw") return "throws";
  if (t.end === "return") {
    if (facts.marker === "future") return `Ready(${value})`;
    if (facts.marker.startsWith("generator")) return `return ${value}`;
    return value;
  }
  return value;
}

const ENTRY = "__entry";
const NEVER = "__never";

/** States as nodes; `Done` (and the panicked Done) resumed takes its input and gives `!` (never). */
export function statesGraph(facts: SiteGraphFacts): Graph {
  const nodes: GraphNode[] = [{ id: ENTRY, label: "", shape: "point" }];
  const edges: GraphEdge[] = [{ from: ENTRY, to: "Start", label: "" }];
  for (const s of facts.states) nodes.push({ id: s, label: s, shape: s === "Done" ? "final" : "state" });
  if (facts.transitions.some((t) => t.to === PANICKED)) nodes.push({ id: PANICKED, label: PANICKED, shape: "panicked" });
  for (const t of facts.transitions) edges.push({ from: t.from, to: t.to, label: `${t.input} / ${shownOutput(facts, t)}` });
  const ends = nodes.filter((n) => n.shape === "final" || n.shape === "panicked");
  if (ends.length) {
    nodes.push({ id: NEVER, label: "", shape: "point" });
    for (const end of ends) edges.push({ from: end.id, to: NEVER, label: "! (never)" });
  }
  return { title: `${facts.name} (${facts.marker}): states`, nodes, edges };
}

/**
 * The line graph: every resume (the code between two suspension points) is a node; every
 * suspension point is an edge from the resumes that stop there to those that start there,
 * labelled with what is output there and what comes back in. Start is the edge from nowhere,
 * Done the edge to nowhere.
 */
export function lineGraph(facts: SiteGraphFacts): Graph {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  const id = (i: number): string => `r${i}`;
  facts.transitions.forEach((t, i) => {
    nodes.push({ id: id(i), label: `${t.from} → ${t.to}\n${stepText(facts, t)}`, shape: "step" });
  });
  const entry = { id: ENTRY, label: "", shape: "point" as const };
  const exit = { id: NEVER, label: "", shape: "point" as const };
  let usesExit = false;
  nodes.unshift(entry);
  facts.transitions.forEach((t, i) => {
    // Start is entered from nowhere (and, in a loop, from the resumes that return as well).
    if (t.from === "Start") edges.push({ from: ENTRY, to: id(i), label: `Start: ${t.input}` });
    if (t.to === "Done" || t.to === PANICKED) {
      edges.push({ from: id(i), to: NEVER, label: `${t.to}: ${shownOutput(facts, t)} / !` });
      usesExit = true;
    }
    facts.transitions.forEach((u, j) => {
      if (u.from !== t.to) return;
      edges.push({ from: id(i), to: id(j), label: `${t.to}: ${shownOutput(facts, t)} / ${u.input}` });
    });
  });
  if (usesExit) nodes.push(exit);
  return { title: `${facts.name} (${facts.marker}): line graph`, nodes, edges };
}

/** What a resume does, in a word: where it stops and what it outputs there. */
function stepText(facts: SiteGraphFacts, t: Transition): string {
  if (t.end === "throw") return "throw";
  if (t.end === "return") return `return ${t.output}`;
  const s = facts.suspensions.find((x) => x.state === t.to);
  return s ? s.text : `yield_(${t.output})`;
}
