/**
 * `stackless transform <in…> [-o out | --out-dir dir] [--js]`: source-to-source compilation for
 * pipelines whose compiler runs no transformers (esbuild, swc, Bun, Vite, TypeScript 7):
 * TypeScript in, TypeScript with the state-machine classes out (or JavaScript with --js), with
 * source maps; stackless's errors print tsc-style and the command exits 1.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { transformer } from "../../transformer";
import { compileModule, formatDiagnostic, isError, oneFileProgram } from "../../integrations/compile";
import { printTypeScript } from "../../integrations/print-typescript";
import { projectFor, type Project } from "../../integrations/project";
import type { CliIO, Command } from "../command";

const USAGE = `Usage: stackless transform <file or folder…> [-o <out> | --out-dir <dir>] [--js] [--no-source-map]

Compiles the coroutine(), generator() and future() bodies of each TypeScript file into classes
and writes the result: TypeScript (types kept) by default, JavaScript with --js, each with a
source map beside it (<out>.map). Folders are searched for .ts/.mts/.cts/.tsx files
(node_modules and .d.ts files left out). Compiler options come from each file's nearest
tsconfig.json.

Options:
  -o, --out <file>    write the one input's result here ('-' or none: standard output, no map)
  --out-dir <dir>     write every result under <dir>, keeping paths relative to the inputs' common folder
  --js                emit JavaScript (module format and target from the tsconfig)
  --no-source-map     write no .map files
  -h, --help          show this text

Exit status: 0 when every file compiled, 1 when stackless or TypeScript reported an error
(nothing is written then), 2 for a usage error.
`;

interface TransformArgs {
  inputs: string[];
  out?: string;
  outDir?: string;
  js: boolean;
  sourceMap: boolean;
}

/** Parses the command line; a string is a usage error. */
export function parseTransformArgs(args: readonly string[]): TransformArgs | string {
  const parsed: TransformArgs = { inputs: [], js: false, sourceMap: true };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const value = () => (i + 1 < args.length ? args[++i] : undefined);
    if (arg === "-o" || arg === "--out" || arg === "--outFile") {
      if ((parsed.out = value()) === undefined) return `${arg} needs a file name`;
    } else if (arg === "--out-dir" || arg === "--outDir") {
      if ((parsed.outDir = value()) === undefined) return `${arg} needs a folder`;
    } else if (arg === "--js") parsed.js = true;
    else if (arg === "--no-source-map") parsed.sourceMap = false;
    else if (arg.startsWith("-") && arg !== "-") return `unknown option '${arg}'`;
    else parsed.inputs.push(arg);
  }
  if (!parsed.inputs.length) return "no input files";
  if (parsed.out !== undefined && parsed.outDir !== undefined) return "-o and --out-dir exclude each other";
  return parsed;
}

const SOURCE = /\.(ts|mts|cts|tsx)$/;

/** The input files: files as given, folders searched recursively. */
function expandInputs(inputs: readonly string[], cwd: string): string[] {
  const files: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== "node_modules" && !entry.name.startsWith(".")) walk(full);
      } else if (SOURCE.test(entry.name) && !/\.d\.[cm]?ts$/.test(entry.name)) files.push(full);
    }
  };
  for (const input of inputs) {
    const full = path.resolve(cwd, input);
    if (fs.statSync(full).isDirectory()) walk(full);
    else files.push(full);
  }
  return files;
}

function commonDir(files: readonly string[]): string {
  let common = path.dirname(files[0]);
  for (const file of files) while (!(file.startsWith(common + path.sep) || path.dirname(file) === common)) common = path.dirname(common);
  return common;
}

function jsName(file: string): string {
  return file.replace(/\.(m|c)?ts$/, (_, k: string | undefined) => `.${k ?? ""}js`).replace(/\.tsx$/, ".jsx");
}

type Compiled = Omit<Output, "file" | "source">;

interface Output {
  source: string;
  file: string | undefined;
  text: string;
  map?: string;
  diagnostics: TS.Diagnostic[];
  ts: typeof TS;
}

/** TypeScript with the classes: the stackless transformer alone, printed back as TypeScript. */
function toTypeScript(project: Project, file: string, text: string, outFile: string): Compiled {
  const { ts } = project;
  const diagnostics: TS.Diagnostic[] = [];
  const { program, sourceFile } = oneFileProgram(project, file, text, { sourceMap: "separate" });
  diagnostics.push(...program.getSyntacticDiagnostics(sourceFile));
  if (diagnostics.some((d) => isError(ts, d))) return { text: "", diagnostics, ts };
  const result = ts.transform(sourceFile, [transformer(program, { ts, onDiagnostic: (d) => diagnostics.push(d) })], program.getCompilerOptions());
  const transformed = result.transformed[0];
  const printed = printTypeScript(ts, transformed === sourceFile ? transformed : withoutTypeCheck(ts, transformed), outFile);
  result.dispose();
  return { text: printed.text, map: printed.map, diagnostics, ts };
}

/**
 * The file with `// @ts-nocheck` in front: the generated classes' fields and parameters carry no
 * types, and a compiler that checks (TypeScript 7's tsc on the output) must still build it. The
 * types live in the source, which is what a project type-checks. A synthetic comment, so the
 * source map counts its line.
 */
function withoutTypeCheck(ts: typeof TS, file: TS.SourceFile): TS.SourceFile {
  if (!file.statements.length) return file;
  ts.addSyntheticLeadingComment(file.statements[0], ts.SyntaxKind.SingleLineCommentTrivia, " @ts-nocheck: stackless transform output (the generated classes are untyped; type-check the source)", true);
  return file;
}

/** JavaScript: the project's compile with stackless's transformer in front of its own transform entries. */
function toJavaScript(project: Project, file: string, text: string): Compiled {
  const own = { transform: require.resolve("../../transformer") };
  const others = project.plugins.filter((p) => !(typeof p.transform === "string" && /^stackless\/transformer$|[\\/]transformer[\\/]index(\.js)?$/.test(p.transform) && !p.transformProgram));
  const withStackless: Project = { ...project, plugins: [own, ...others] };
  const result = compileModule(withStackless, file, text, { sourceMap: "separate" });
  return { text: result.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map: result.sourceMapText, diagnostics: result.diagnostics, ts: project.ts };
}

async function run(args: readonly string[], io: CliIO): Promise<number> {
  const parsed = parseTransformArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`stackless transform: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  let files: string[];
  try {
    files = expandInputs(parsed.inputs, io.cwd);
  } catch (e) {
    io.stderr(`stackless transform: ${e instanceof Error ? e.message : String(e)}\n`);
    return 2;
  }
  if (parsed.out !== undefined && files.length !== 1) {
    io.stderr(`stackless transform: -o takes exactly one input file (got ${files.length}); use --out-dir\n`);
    return 2;
  }
  const root = files.length ? commonDir(files) : io.cwd;
  const outputs: Output[] = [];
  for (const file of files) {
    const outFile = parsed.outDir !== undefined
      ? path.resolve(io.cwd, parsed.outDir, path.relative(root, parsed.js ? jsName(file) : file))
      : parsed.out !== undefined && parsed.out !== "-" ? path.resolve(io.cwd, parsed.out) : undefined;
    const project = projectFor(file);
    const text = fs.readFileSync(file, "utf8");
    const compiled = parsed.js ? toJavaScript(project, file, text) : toTypeScript(project, file, text, outFile ?? file);
    outputs.push({ source: file, file: outFile, ...compiled });
  }
  let failed = false;
  for (const output of outputs) {
    for (const d of output.diagnostics) {
      io.stderr(formatDiagnostic(output.ts, d, io.cwd) + "\n");
      failed ||= isError(output.ts, d);
    }
  }
  if (failed) return 1;
  for (const output of outputs) writeOutput(output, parsed.sourceMap, io);
  return 0;
}

function writeOutput(output: Output, sourceMap: boolean, io: CliIO): void {
  if (output.file === undefined) {
    io.stdout(output.text);
    return;
  }
  fs.mkdirSync(path.dirname(output.file), { recursive: true });
  let text = output.text.endsWith("\n") ? output.text : output.text + "\n";
  if (sourceMap && output.map) {
    const mapFile = output.file + ".map";
    const map = JSON.parse(output.map) as { file?: string; sources?: string[] };
    map.file = path.basename(output.file);
    // The one source, as seen from where the output is written.
    map.sources = [path.relative(path.dirname(output.file), output.source).split(path.sep).join("/")];
    fs.writeFileSync(mapFile, JSON.stringify(map));
    text += `//# sourceMappingURL=${path.basename(mapFile)}\n`;
  }
  fs.writeFileSync(output.file, text);
}

export const transformCommand: Command = {
  name: "transform",
  summary: "compile coroutine bodies source-to-source (TypeScript out, or JavaScript with --js)",
  usage: USAGE,
  run,
};
