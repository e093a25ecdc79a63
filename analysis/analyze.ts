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

export interface AnalyzeOptions {
  /** The program's checker, when there is one (type-aware findings use it; syntax alone is enough for the rest). */
  checker?: TS.TypeChecker;
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

function analyzeSite(ts: typeof TS, site: Site, bind: BindResult, runtime: (name: string) => TS.Expression): SiteAnalysis {
  const findings: Finding[] = [];
  const table = nameStates(ts, site, findings);
  let lowered: LoweredBody;
  try {
    lowered = lowerBody(ts, site, table.suspensions, bind, runtime);
  } catch (e) {
    // An internal error: a bug report, not a user diagnostic (unsupported constructs are
    // collected by the lowering, never thrown out of it).
    lowered = { unsupported: [{ node: site.call, construct: `an internal error (${e instanceof Error ? e.message : String(e)})` }] } as unknown as LoweredBody;
    findings.push(cannotCompile(site, site.call, lowered.unsupported[0].construct));
    return { site, marker: site.spec, states: table.names, suspensions: table.suspensions, lowered, flow: undefined, captures: [], specials: NO_SPECIALS, reservedNames: new Set(), findings, compilable: false };
  }
  for (const u of lowered.unsupported) findings.push(cannotCompile(site, u.node, u.construct));
  const compilable = lowered.unsupported.length === 0;
  const facts = bodyFacts(ts, site, bind, lowered.machineVars);
  const flow = compilable ? flowFacts(ts, lowered, bind.refs, table.suspensions, site.spec) : undefined;
  return {
    site,
    marker: site.spec,
    states: table.names,
    suspensions: table.suspensions,
    lowered,
    flow,
    captures: facts.captures,
    specials: facts.specials,
    reservedNames: facts.reservedNames,
    findings,
    compilable,
  };
}

const NO_SPECIALS: Specials = Object.freeze({ this: false, arguments: false, newTarget: false, super: false });

/** Analyse one file: its marker sites, each body's states, lowering, flow facts and findings. */
export function analyzeFile(ts: typeof TS, file: TS.SourceFile, options: AnalyzeOptions = {}): FileAnalysis {
  void options.checker; // no type-aware finding yet (70004 will read it)
  if (!mayImportMarkers(ts, file)) {
    return { file, bind: undefined, imports: undefined, runtimeName: "__stackless", sites: [], findings: [] };
  }
  const bind = bindFile(ts, file);
  const markers = findSites(ts, file, bind);
  const runtimeName = freeName(bind.names, "__stackless");
  const f = ts.factory;
  const runtime = (name: string): TS.Expression => f.createPropertyAccessExpression(f.createIdentifier(runtimeName), name);
  const sites = markers.allSites.map((site) => analyzeSite(ts, site, bind, runtime));
  return { file, bind, imports: markers.imports, runtimeName, sites, findings: markers.findings };
}
