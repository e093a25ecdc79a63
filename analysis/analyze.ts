/**
 * analyzeFile: everything stackless knows about one file without compiling it, as one immutable
 * product (the transformer compiles from it; the editor and the CLI read it; tsserver can cache
 * it per file version because nothing downstream writes into it).
 */
import type * as TS from "typescript";
import { bindFile, type BindResult } from "./scopes";
import { findSites, mayImportMarkers, type MarkerImports, type MarkerSpec, type Site, type Suspension } from "./markers";
import { nameStates } from "./states";
import { Code, finding, type Finding } from "./diagnostics";
import { lowerBody, type LoweredBody } from "./lower";
import { bodyFacts, type Capture, type Specials } from "./captures";
import { flowFacts, type FlowFacts } from "./flow";
import { movedCodeFindings } from "./moved-code";

export interface AnalyzeOptions {
  /** The program's checker, when there is one (type-aware findings use it; syntax alone is enough for the rest). */
  checker?: TS.TypeChecker;
  /**
   * Reuse the syntax-only results (70007 findings, compilability, FlowSummary) of sites whose text
   * and context did not change since this file's previous analysis, so that after an edit in the
   * editor only the edited body is lowered for the diagnostics; and make each site's lowering,
   * flow and body facts on first read (from this file's own nodes) rather than at once.
   */
  reuse?: boolean;
}

export interface SiteAnalysis {
  /** The marker call, its body, its nesting. */
  readonly site: Site;
  /** What the marker means (MARKERS[site.kind]). */
  readonly marker: MarkerSpec;
  /** The state names in order: Start, a label or Yield1…/Await1… per suspension, Done. */
  readonly states: readonly string[];
  /** The suspensions in source order, each with its state (states[s.index] === s.name). */
  readonly suspensions: readonly Suspension[];
  /** The body as a block graph (the compiler's IR); its `unsupported` lists what cannot be compiled. */
  readonly lowered: LoweredBody;
  /** Facts over the block graph; undefined when the body cannot be compiled (the graph is partial). */
  readonly flow: FlowFacts | undefined;
  /** Bindings of enclosing functions the body uses. */
  readonly captures: readonly Capture[];
  /** Which of this / arguments / new.target / super the body uses. */
  readonly specials: Specials;
  /** Names a new local of the generated resume must not take. */
  readonly reservedNames: ReadonlySet<string>;
  /** 70008 and every 70007 of this body, in the order the compiler reports them. */
  readonly findings: readonly Finding[];
  /** Whether the body can be compiled as far as the analysis can tell (no 70007 among its findings). */
  readonly compilable: boolean;
  /** The flow facts the diagnostic rules read, as plain numbers; undefined when `flow` is. */
  readonly summary: FlowSummary | undefined;
}

/**
 * What the rules read of a body's flow: numbers and state indices, no nodes, so the same for any
 * body of the same text in the same context, and shared across file versions (AnalyzeOptions.reuse).
 */
export interface FlowSummary {
  /** FlowFacts.endReachable. */
  readonly endReachable: boolean;
  /** FlowFacts.firstYieldStates. */
  readonly firstYieldStates: ReadonlyMap<number, "always" | "maybe">;
  /**
   * The most resumes a run of the body can take before Done, when that is a sure bound: the
   * longest run is bounded, and every state before Done has somewhere to go (a state without one
   * would be a resume that never ends, not one that reaches Done). Made on first read.
   */
  readonly resumeBound: number | undefined;
}

export interface FileAnalysis {
  readonly file: TS.SourceFile;
  /** The file's scopes and references; undefined when the file imports no markers. */
  readonly bind: BindResult | undefined;
  readonly imports: MarkerImports | undefined;
  /** The name the generated `import * as … from "stackless"` takes (free in the file). */
  readonly runtimeName: string;
  /** Every marker site, inner sites before the sites that contain them. */
  readonly sites: readonly SiteAnalysis[];
  /** Findings of the file outside any one body's compilation (70003, a marker without a body). */
  readonly findings: readonly Finding[];
}

/** A name that no identifier of the file uses: `base`, else `base_1`, `base_2`, … */
export function freeName(taken: ReadonlySet<string>, base: string): string {
  let name = base;
  for (let i = 1; taken.has(name); i++) name = `${base}_${i}`;
  return name;
}

function cannotCompileMessage(site: Site, what: string): string {
  return (
    `stackless cannot compile this ${site.kind}() body: ${what} is not supported. ` +
    `The marker call is replaced by one that throws NOT_TRANSFORMED with this reason when it runs.`
  );
}

/** The 70007 for a construct of `site`'s body (its own node when it has a position, else the call). */
export function cannotCompile(site: Site, node: TS.Node, what: string): Finding {
  return finding(Code.CannotCompile, node.pos >= 0 ? node : site.call, cannotCompileMessage(site, what), { data: { construct: what } });
}

/** What a site's lowering gives: the IR, its flow facts, its 70007s. */
interface Lowering {
  readonly lowered: LoweredBody;
  readonly flow: FlowFacts | undefined;
  readonly findings: readonly Finding[];
  readonly compilable: boolean;
  /** Whether the lowering threw (an internal error, reported as a 70007 on the call). */
  readonly failed: boolean;
}

function lowerSite(ts: typeof TS, site: Site, suspensions: readonly Suspension[], bind: BindResult, runtime: (name: string) => TS.Expression): Lowering {
  const findings: Finding[] = [];
  let lowered: LoweredBody;
  try {
    lowered = lowerBody(ts, site, suspensions, bind, runtime);
  } catch (e) {
    // An internal error: a bug report, not a user diagnostic (unsupported constructs are
    // collected by the lowering, never thrown out of it).
    lowered = { unsupported: [{ node: site.call, construct: `an internal error (${e instanceof Error ? e.message : String(e)})` }] } as unknown as LoweredBody;
    findings.push(cannotCompile(site, site.call, lowered.unsupported[0].construct));
    return { lowered, flow: undefined, findings, compilable: false, failed: true };
  }
  for (const u of lowered.unsupported) findings.push(cannotCompile(site, u.node, u.construct));
  const compilable = lowered.unsupported.length === 0;
  const flow = compilable ? flowFacts(ts, lowered, bind.refs, suspensions, site.spec) : undefined;
  return { lowered, flow, findings, compilable, failed: false };
}

/**
 * `lowering` with the constructs the move into a class cannot keep (moved-code.ts) added, found
 * in the code the compiler prints: the reachable blocks (every block of a partial graph, after
 * the lowering's own findings).
 */
function withMovedCode(
  ts: typeof TS,
  site: Site,
  lowering: Lowering,
  facts: { readonly captures: readonly Capture[]; readonly specials: Specials },
  bind: BindResult,
  isCompiled: (call: TS.Node) => boolean,
): Lowering {
  if (lowering.failed) return lowering;
  const { lowered, flow } = lowering;
  const printed = flow ? lowered.blocks.filter((b) => flow.graph.reachable.has(b.id)) : lowered.blocks;
  const moved = movedCodeFindings({ ts, site, lowered, bind, specials: facts.specials, captures: facts.captures, blocks: printed, isCompiled });
  if (moved.length === 0) return lowering;
  // A construct inside one the lowering refused is already reported by that one's finding (the
  // lowering keeps a refused statement as it is, so the move sees its code too).
  const refused = new Set<TS.Node>(lowered.unsupported.map((l) => l.node));
  const insideRefused = (node: TS.Node): boolean => {
    for (let n: TS.Node | undefined = node; n && n !== site.call; n = n.parent) if (refused.has(n)) return true;
    return false;
  };
  const findings = [...lowering.findings];
  for (const u of moved) if (!insideRefused(u.node)) findings.push(cannotCompile(site, u.node, u.construct));
  return { ...lowering, findings, compilable: false };
}

/** The most resumes before Done when that is a sure bound (FlowSummary.resumeBound). */
function resumeBoundOf(flow: FlowFacts, done: number): number | undefined {
  if (flow.maxResumes === undefined) return undefined;
  for (const state of flow.reachableStates) {
    if (state !== done && (flow.transitions.get(state)?.size ?? 0) === 0) return undefined;
  }
  return flow.maxResumes;
}

function summarize(flow: FlowFacts | undefined, done: number): FlowSummary | undefined {
  if (!flow) return undefined;
  const bound = once(() => resumeBoundOf(flow, done));
  return {
    endReachable: flow.endReachable,
    firstYieldStates: flow.firstYieldStates,
    get resumeBound() {
      return bound();
    },
  };
}

/**
 * The syntax-only results of a site that another site of the same text and context has too:
 * its lowering's findings (each node as a path of child indices from the marker call), whether
 * it compiles, its FlowSummary.
 */
interface Reusable {
  readonly findings: readonly { readonly path: readonly number[]; readonly finding: Finding }[];
  readonly compilable: boolean;
  readonly summary: FlowSummary | undefined;
}

/** The child indices (in forEachChild order) from `root` down to `node`; undefined when `node` is not a child of it. */
function pathFrom(ts: typeof TS, root: TS.Node, node: TS.Node): number[] | undefined {
  const path: number[] = [];
  for (let n = node; n !== root; n = n.parent) {
    const parent = n.parent;
    if (!parent) return undefined;
    let i = 0;
    const at = ts.forEachChild(parent, (c) => (c === n ? i : (i++, undefined)));
    if (at === undefined) return undefined;
    path.push(at);
  }
  return path.reverse();
}

function nodeAt(ts: typeof TS, root: TS.Node, path: readonly number[]): TS.Node | undefined {
  let n: TS.Node | undefined = root;
  for (const index of path) {
    let i = 0;
    n = ts.forEachChild(n, (c) => (i++ === index ? c : undefined));
    if (!n) return undefined;
  }
  return n;
}

/** A site's lowering as Reusable, or undefined when some finding cannot be carried over (a fix or a related span holds positions). */
function reusableOf(ts: typeof TS, site: Site, lowering: Lowering, done: number): Reusable | undefined {
  const findings: { path: readonly number[]; finding: Finding }[] = [];
  for (const f of lowering.findings) {
    const path = f.fixes?.length || f.related?.length ? undefined : pathFrom(ts, site.call, f.node);
    if (!path) return undefined;
    findings.push({ path, finding: f });
  }
  return { findings, compilable: lowering.compilable, summary: summarize(lowering.flow, done) };
}

/** `reused`'s findings on this site's nodes, or undefined when a path leads nowhere. */
function carriedFindings(ts: typeof TS, site: Site, reused: Reusable): Finding[] | undefined {
  const findings: Finding[] = [];
  for (const { path, finding: f } of reused.findings) {
    const node = nodeAt(ts, site.call, path);
    if (!node || node.kind !== f.node.kind) return undefined;
    findings.push({ ...f, node });
  }
  return findings;
}

/**
 * One site's analysis. The states and suspensions are made at once (from this file's nodes); the
 * lowering, its flow facts and the body facts are made now unless `lazy`, else on first read.
 * With `reused`, the findings, compilability and summary come from it, and the diagnostics
 * never lower this body.
 */
function analyzeSite(
  ts: typeof TS,
  site: Site,
  bind: BindResult,
  runtime: (name: string) => TS.Expression,
  lazy: boolean,
  reused: Reusable | undefined,
  isCompiled: (call: TS.Node) => boolean,
): { analysis: SiteAnalysis; reusable: () => Reusable | undefined } {
  const stateFindings: Finding[] = [];
  const table = nameStates(ts, site, stateFindings);
  const done = table.names.length - 1;
  const lowering = once(() => lowerSite(ts, site, table.suspensions, bind, runtime));
  const facts = once(() => {
    const l = lowering();
    return l.failed ? { captures: [], specials: NO_SPECIALS, reservedNames: new Set<string>() } : bodyFacts(ts, site, bind, l.lowered.machineVars);
  });
  const checked = once(() => withMovedCode(ts, site, lowering(), facts(), bind, isCompiled));
  const carried = reused && carriedFindings(ts, site, reused);
  const from = carried ? reused : undefined;
  const findings = once(() => [...stateFindings, ...(carried ?? checked().findings)]);
  const summary = once(() => (from ? from.summary : summarize(lowering().flow, done)));
  if (!lazy) facts(), findings(), summary();
  const analysis: SiteAnalysis = {
    site,
    marker: site.spec,
    states: table.names,
    suspensions: table.suspensions,
    get lowered() {
      return lowering().lowered;
    },
    get flow() {
      return lowering().flow;
    },
    get captures() {
      return facts().captures;
    },
    get specials() {
      return facts().specials;
    },
    get reservedNames() {
      return facts().reservedNames;
    },
    get findings() {
      return findings();
    },
    get compilable() {
      return from ? from.compilable : checked().compilable;
    },
    get summary() {
      return summary();
    },
  };
  return { analysis, reusable: () => from ?? reusableOf(ts, site, checked(), done) };
}

const NO_SPECIALS: Specials = Object.freeze({ this: false, arguments: false, newTarget: false, super: false });

/** `make`'s result, made on the first call. */
function once<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
}

/**
 * Per TypeScript instance and file name, the Reusable of each site key of the file's last
 * analysis with `reuse`: one version per file is kept, the one an edit starts from.
 */
const previousVersions = new WeakMap<typeof TS, Map<string, Map<string, Reusable>>>();

/**
 * For each site, a key that two sites share only if their syntax-only analysis is the same: the
 * call's text, the kinds of its ancestors, and every identifier of the body that resolves
 * outside it (to what kind of binding, assigned or captured, which marker it imports) or to
 * nothing. Undefined when the sites' ranges overlap other than by nesting (no reuse then).
 */
function siteKeys(ts: typeof TS, file: TS.SourceFile, bind: BindResult, imports: MarkerImports, allSites: readonly Site[]): Map<Site, string> | undefined {
  const range = new Map<Site, { start: number; end: number }>(allSites.map((s) => [s, { start: s.call.getStart(file), end: s.call.end }]));
  const tops = allSites.filter((s) => !s.parent).sort((a, b) => range.get(a)!.start - range.get(b)!.start);
  for (let i = 1; i < tops.length; i++) if (range.get(tops[i])!.start < range.get(tops[i - 1])!.end) return undefined;
  const inside = (s: Site, p: number): boolean => {
    const r = range.get(s)!;
    return r.start < p && p <= r.end;
  };
  const context = new Map<Site, string[]>(allSites.map((s) => [s, []]));
  /** Each site whose call contains position `p` (an identifier's end), outermost first. */
  const containing = (p: number, visit: (s: Site) => void): void => {
    let lo = 0;
    let hi = tops.length - 1;
    let s: Site | undefined;
    while (lo <= hi && !s) {
      const mid = (lo + hi) >> 1;
      const r = range.get(tops[mid])!;
      if (p <= r.start) hi = mid - 1;
      else if (p > r.end) lo = mid + 1;
      else s = tops[mid];
    }
    for (; s; s = s.nested.find((n) => inside(n, p))) visit(s);
  };
  for (const [id, b] of bind.refs) {
    containing(id.end, (s) => {
      if (b.declaration && inside(s, b.declaration.end)) return;
      const marker = imports.named.get(b) ?? (imports.namespaces.has(b) ? "*" : "");
      context.get(s)!.push(`${id.text}:${b.kind}:${+b.assigned}:${+b.captured}:${b.scope.kind}:${marker}`);
    });
  }
  for (const id of bind.free) containing(id.end, (s) => context.get(s)!.push(`${id.text}:free`));
  const keys = new Map<Site, string>();
  for (const s of allSites) {
    const ancestors: number[] = [];
    for (let n = s.call.parent; n; n = n.parent) ancestors.push(n.kind);
    const r = range.get(s)!;
    keys.set(s, `${ancestors.join(",")}\n${context.get(s)!.join(" ")}\n${file.text.slice(r.start, r.end)}`);
  }
  return keys;
}

/** Analyse one file: its marker sites, each body's states, lowering, flow facts and findings. */
export function analyzeFile(ts: typeof TS, file: TS.SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
  void options.checker; // no type-aware finding here (the rules read the checker)
  if (!mayImportMarkers(ts, file)) {
    return { file, bind: undefined, imports: undefined, runtimeName: "__stackless", sites: [], findings: [] };
  }
  const bind = bindFile(ts, file);
  const markers = findSites(ts, file, bind);
  const runtimeName = freeName(bind.names, "__stackless");
  const f = ts.factory;
  const runtime = (name: string): TS.Expression => f.createPropertyAccessExpression(f.createIdentifier(runtimeName), name);
  const keys = options.reuse ? siteKeys(ts, file, bind, markers.imports, markers.allSites) : undefined;
  // A nested body the compiler compiles becomes `new Class(…)` in the enclosing one, so its code
  // is not the enclosing body's (inner sites come first in allSites).
  const byCall = new Map<TS.Node, SiteAnalysis>();
  const isCompiled = (call: TS.Node): boolean => byCall.get(call)?.compilable ?? false;
  const record = (analysis: SiteAnalysis): SiteAnalysis => (byCall.set(analysis.site.call, analysis), analysis);
  if (!keys) {
    const sites = markers.allSites.map((site) => record(analyzeSite(ts, site, bind, runtime, false, undefined, isCompiled).analysis));
    return { file, bind, imports: markers.imports, runtimeName, sites, findings: markers.findings };
  }
  let byFile = previousVersions.get(ts);
  if (!byFile) previousVersions.set(ts, (byFile = new Map()));
  const previous = byFile.get(file.fileName);
  const current = new Map<string, Reusable>();
  const sites = markers.allSites.map((site) => {
    const key = keys.get(site)!;
    const { analysis, reusable } = analyzeSite(ts, site, bind, runtime, true, previous?.get(key) ?? current.get(key), isCompiled);
    const kept = reusable();
    if (kept) current.set(key, kept);
    return record(analysis);
  });
  byFile.set(file.fileName, current);
  return { file, bind, imports: markers.imports, runtimeName, sites, findings: markers.findings };
}
