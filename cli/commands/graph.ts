/**
 * `stackless graph <file>`: the state machine of each marker site in a file, drawn as the seed
 * essay draws it (states view, or its line graph), as Mermaid, DOT or SVG.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import type { CliIO, Command } from "../command";
import { projectTypescript } from "../../integrations/typescript";
import { siteGraphFacts, type SiteGraphFacts } from "../graph/facts";
import { buildGraph, type View } from "../graph/model";
import { render, type Format } from "../graph/render";

const USAGE = `Usage: stackless graph <file> [--name <binding>] [--view states|line] [--format mermaid|dot|svg] [-o out] [--no-types]

Draws the state machine of each coroutine(), generator() and future() site in <file>.

  --name <binding>   only the site assigned to this name (const summer = coroutine(…) → summer)
  --view states      states as nodes, each resume an edge labelled input / output (default)
  --view line        the line graph: each resume a node, each suspension point an edge
  --format mermaid   a Mermaid flowchart (default); dot: Graphviz DOT; svg: laid out by Graphviz
  -o <out>           write to a file instead of stdout
  --no-types         label edges with source text only (no type checker: faster)
`;

interface GraphOptions {
  file: string;
  name?: string;
  view: View;
  format: Format;
  out?: string;
  types: boolean;
}

/** Parses the arguments; a string is the usage error to print. */
export function parseGraphArgs(args: readonly string[]): GraphOptions | string {
  let file: string | undefined;
  const options: Partial<GraphOptions> = { view: "states", format: "mermaid", types: true };
  for (let i = 0; i < args.length; i++) {
    const a = args[i];
    const value = (): string | undefined => args[++i];
    if (a === "--name") options.name = value();
    else if (a === "--view") {
      const v = value();
      if (v !== "states" && v !== "line") return `--view takes states or line, not ${v ?? "nothing"}`;
      options.view = v;
    } else if (a === "--format") {
      const f = value();
      if (f !== "mermaid" && f !== "dot" && f !== "svg") return `--format takes mermaid, dot or svg, not ${f ?? "nothing"}`;
      options.format = f;
    } else if (a === "-o" || a === "--out") {
      options.out = value();
      if (options.out === undefined) return `${a} takes a file name`;
    } else if (a === "--no-types") options.types = false;
    else if (a.startsWith("-")) return `unknown option ${a}`;
    else if (file === undefined) file = a;
    else return `one file at a time (got ${file} and ${a})`;
  }
  if (options.name === undefined && args.includes("--name")) return "--name takes a binding name";
  if (file === undefined) return "which file? (stackless graph <file>)";
  return { ...(options as GraphOptions), file };
}

/** The facts of every site of `file`, with the checker's types when `types` (from the nearest tsconfig, else strict defaults). */
export function readFacts(ts: typeof TS, file: string, types: boolean): SiteGraphFacts[] {
  if (!types) {
    const source = ts.createSourceFile(file, fs.readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
    return siteGraphFacts(ts, source);
  }
  const program = ts.createProgram([file], compilerOptionsFor(ts, file));
  const source = program.getSourceFile(file);
  if (!source) throw new Error(`cannot read ${file}`);
  return siteGraphFacts(ts, source, program.getTypeChecker());
}

function compilerOptionsFor(ts: typeof TS, file: string): TS.CompilerOptions {
  const config = ts.findConfigFile(path.dirname(file), ts.sys.fileExists);
  const defaults: TS.CompilerOptions = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.Node16, moduleResolution: ts.ModuleResolutionKind.Node16, skipLibCheck: true };
  if (!config) return defaults;
  const read = ts.readConfigFile(config, ts.sys.readFile);
  if (read.error) return defaults;
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(config));
  return { ...parsed.options, noEmit: true };
}

/** The text `stackless graph` prints for the chosen sites (several sites: one diagram after another). */
export async function graphText(facts: readonly SiteGraphFacts[], view: View, format: Format): Promise<string> {
  const parts: string[] = [];
  for (const f of facts) parts.push(await render(buildGraph(f, view), format));
  return parts.join("\n");
}

export const graphCommand: Command = {
  name: "graph",
  summary: "draw the state machine of each coroutine in a file (Mermaid, DOT or SVG)",
  usage: USAGE,
  async run(args, io: CliIO) {
    const options = parseGraphArgs(args);
    if (typeof options === "string") {
      io.stderr(`stackless graph: ${options}\n\n${USAGE}`);
      return 1;
    }
    const file = path.resolve(io.cwd, options.file);
    if (!fs.existsSync(file)) {
      io.stderr(`stackless graph: no such file: ${options.file}\n`);
      return 1;
    }
    const ts = projectTypescript(path.dirname(file));
    let facts = readFacts(ts, file, options.types);
    if (facts.length === 0) {
      io.stderr(`stackless graph: ${options.file} has no coroutine(), generator() or future() site\n`);
      return 1;
    }
    if (options.name !== undefined) {
      const chosen = facts.filter((f) => f.name === options.name);
      if (chosen.length === 0) {
        io.stderr(`stackless graph: no site named '${options.name}' in ${options.file}; its sites: ${facts.map((f) => f.name).join(", ")}\n`);
        return 1;
      }
      facts = chosen;
    }
    for (const f of facts) {
      if (f.unsupported) io.stderr(`stackless graph: ${f.name} (line ${f.line}) cannot be compiled (${f.unsupported}); drawn without its states\n`);
    }
    if (options.format === "svg" && facts.length > 1) {
      io.stderr(`stackless graph: an SVG holds one site; choose one with --name (${facts.map((f) => f.name).join(", ")})\n`);
      return 1;
    }
    const text = await graphText(facts, options.view, options.format);
    if (options.out) fs.writeFileSync(path.resolve(io.cwd, options.out), text);
    else io.stdout(text);
    return 0;
  },
};
