/**
 * `stackless check -p tsconfig.json [--pretty] [--format json]`: stackless's diagnostics of a
 * project without emitting, for CI jobs that only type-check. The project is read with
 * TypeScript's own config parsing (extends, paths, references), every file goes through
 * checkFile (the rules the build and the editor run), with the severity options of the
 * tsconfig's stackless plugin entries and `// @stackless-ignore` comments applied.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { stacklessDiagnostics } from "../../analysis/check";
import { mergeSeverityOptions, type SuppressionOptions } from "../../analysis/suppression";
import type { CliIO, Command } from "../command";
import { projectTypescript } from "../../integrations/typescript";

const USAGE = `Usage: stackless check [-p <tsconfig.json or folder>] [--pretty [true|false]] [--format json]

Reports stackless's diagnostics (70001-70008) of every file of the project, without emitting,
in tsc's format: file(line,col): error TS70001: ... (with --pretty, or when standard output is
a terminal, tsc's coloured format with the source line). The severity options of the
tsconfig's stackless plugin entries and // @stackless-ignore comments apply.

Options:
  -p, --project <path>   the tsconfig.json, or a folder holding one (default: ./tsconfig.json)
  --pretty [true|false]  tsc's coloured format (default: on when standard output is a terminal)
  --format json          a JSON array instead: one object per diagnostic, with file (absolute),
                         line and column (1-based), code, severity ("error", "warning" or
                         "suggestion"), message, and span { start, length } (0-based offsets)
  -h, --help             show this text

Exit status: 1 when an error is reported, 0 otherwise (warnings alone pass), 2 for a bad
command line or a tsconfig that cannot be read.
`;

interface CheckArgs {
  project: string;
  pretty: boolean | undefined;
  json: boolean;
}

/** Parses the command line; a string is a usage error. */
export function parseCheckArgs(args: readonly string[]): CheckArgs | string {
  const parsed: CheckArgs = { project: "tsconfig.json", pretty: undefined, json: false };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "-p" || arg === "--project") {
      if (i + 1 >= args.length) return `${arg} needs a tsconfig.json or a folder`;
      parsed.project = args[++i];
    } else if (arg === "--pretty") {
      const next = args[i + 1];
      if (next === "true" || next === "false") parsed.pretty = args[++i] === "true";
      else parsed.pretty = true;
    } else if (arg === "--format") {
      const format = args[++i];
      if (format !== "json" && format !== "text") return `--format takes 'json' or 'text'`;
      parsed.json = format === "json";
    } else return `unknown option '${arg}'`;
  }
  return parsed;
}

/** The tsconfig's path from -p (a file, or a folder holding tsconfig.json). */
function configPath(project: string, cwd: string): string {
  const full = path.resolve(cwd, project);
  return fs.existsSync(full) && fs.statSync(full).isDirectory() ? path.join(full, "tsconfig.json") : full;
}

/**
 * The severity options of every stackless entry of `compilerOptions.plugins`: entries naming the
 * package (`stackless/transformer`, `stackless/language-service`) or a path to this transformer.
 */
function pluginOptions(options: TS.CompilerOptions, configDir: string): SuppressionOptions {
  const plugins = (options.plugins ?? []) as { transform?: unknown; name?: unknown }[];
  const ownTransformer = path.resolve(__dirname, "../../transformer/index.js");
  const isStackless = (v: unknown) =>
    typeof v === "string" && (v.includes("stackless") || path.resolve(configDir, v) === ownTransformer || path.resolve(configDir, v) + ".js" === ownTransformer);
  return mergeSeverityOptions(plugins.filter((p) => isStackless(p.transform) || isStackless(p.name)));
}

interface ParsedProject {
  readonly options: TS.CompilerOptions;
  readonly fileNames: readonly string[];
  readonly references: readonly TS.ProjectReference[] | undefined;
  readonly errors: readonly TS.Diagnostic[];
}

function parseProject(ts: typeof TS, file: string): ParsedProject {
  const read = ts.readConfigFile(file, ts.sys.readFile);
  if (read.error) return { options: {}, fileNames: [], references: undefined, errors: [read.error] };
  const parsed = ts.parseJsonConfigFileContent(read.config, ts.sys, path.dirname(file), undefined, file);
  // "No inputs were found" is a config TypeScript reads fine: nothing to check, not a bad config.
  const errors = parsed.errors.filter((d) => d.code !== 18003);
  return { options: parsed.options, fileNames: parsed.fileNames, references: parsed.projectReferences, errors };
}

function severityOf(ts: typeof TS, d: TS.Diagnostic): "error" | "warning" | "suggestion" {
  return d.category === ts.DiagnosticCategory.Error ? "error" : d.category === ts.DiagnosticCategory.Warning ? "warning" : "suggestion";
}

/** One diagnostic as `--format json` prints it (documented in the usage text and docs/diagnostics.md). */
function toJson(ts: typeof TS, d: TS.Diagnostic) {
  const start = d.start ?? 0;
  const { line, character } = d.file ? d.file.getLineAndCharacterOfPosition(start) : { line: 0, character: 0 };
  return {
    file: d.file?.fileName ?? "",
    line: line + 1,
    column: character + 1,
    code: d.code,
    severity: severityOf(ts, d),
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    span: { start, length: d.length ?? 0 },
  };
}

export const checkCommand: Command = {
  name: "check",
  summary: "report stackless's diagnostics of a project without emitting (tsc's format, or --format json)",
  usage: USAGE,
  run(args: readonly string[], io: CliIO): number {
    const parsed = parseCheckArgs(args);
    if (typeof parsed === "string") {
      io.stderr(`stackless check: ${parsed}\n\n${USAGE}`);
      return 2;
    }
    const file = configPath(parsed.project, io.cwd);
    if (!fs.existsSync(file)) {
      io.stderr(`stackless check: cannot find ${file}\n`);
      return 2;
    }
    // The project's own typescript when it is 5.5–6.x, else stackless's bundled TypeScript 6 (TypeScript 7 projects).
    const ts = projectTypescript(path.dirname(file));
    const project = parseProject(ts, file);
    const host: TS.FormatDiagnosticsHost = { getCanonicalFileName: (f) => f, getCurrentDirectory: () => io.cwd, getNewLine: () => "\n" };
    if (project.errors.length) {
      io.stderr(ts.formatDiagnostics(project.errors, host));
      return 2;
    }
    const program = ts.createProgram({ rootNames: project.fileNames, options: { ...project.options, noEmit: true }, projectReferences: project.references });
    const checker = program.getTypeChecker();
    const suppression = pluginOptions(project.options, path.dirname(file));
    const diagnostics = program
      .getSourceFiles()
      .filter((f) => !f.isDeclarationFile && !program.isSourceFileFromExternalLibrary(f) && !f.fileName.includes("/node_modules/"))
      .flatMap((f) => stacklessDiagnostics(ts, f, { checker, suppression }));
    if (parsed.json) io.stdout(JSON.stringify(diagnostics.map((d) => toJson(ts, d)), null, 2) + "\n");
    else if (diagnostics.length) {
      const pretty = parsed.pretty ?? io.isTTY;
      io.stdout(pretty ? ts.formatDiagnosticsWithColorAndContext(diagnostics, host) + "\n" : ts.formatDiagnostics(diagnostics, host));
    }
    return diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error) ? 1 : 0;
  },
};
