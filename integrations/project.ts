/**
 * Finds the project a TypeScript file belongs to: the nearest tsconfig.json, its parsed
 * compilerOptions (with `extends` followed), and the `typescript` that project uses.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { projectTypescript } from "./typescript";

export interface Project {
  /** The tsconfig.json that governs the file, or undefined when there is none up the tree. */
  configPath: string | undefined;
  /** The tsconfig's folder (or the file's folder): sites and relative plugin paths start here. */
  dir: string;
  compilerOptions: TS.CompilerOptions;
  /** compilerOptions.plugins as written (transform entries and tsserver plugin entries alike). */
  plugins: readonly PluginEntry[];
  ts: typeof TS;
}

/** One entry of compilerOptions.plugins, in the ttypescript / ts-patch shape. */
export interface PluginEntry {
  transform?: string;
  import?: string;
  type?: "program" | "config" | "checker" | "raw" | "compilerOptions";
  after?: boolean;
  afterDeclarations?: boolean;
  transformProgram?: boolean;
  name?: string;
  [option: string]: unknown;
}

/** The nearest tsconfig.json at or above `dir`. */
export function findTsconfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "tsconfig.json");
    if (fs.existsSync(candidate)) return candidate;
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The project's own `typescript` when it is 5.5–6.x, else the TypeScript 6 stackless depends on
 * (TypeScript 7 has no JavaScript API): a plugin entry must run in the compiler the project
 * builds with, where that compiler can run one.
 */
export const projectTypeScript = projectTypescript;

const projects = new Map<string, Project>();

/** The project for a file at `fileName` (cached per tsconfig: a loader asks once per module). */
export function projectFor(fileName: string, ts?: typeof TS): Project {
  const configPath = findTsconfig(path.dirname(fileName));
  const key = configPath ?? path.dirname(path.resolve(fileName));
  const cached = projects.get(key);
  if (cached && (!ts || cached.ts === ts)) return cached;
  const project = readProject(configPath, key, ts);
  projects.set(key, project);
  return project;
}

function readProject(configPath: string | undefined, dir: string, givenTs: typeof TS | undefined): Project {
  const projectDir = configPath ? path.dirname(configPath) : dir;
  const ts = givenTs ?? projectTypeScript(projectDir);
  if (!configPath) return { configPath, dir: projectDir, compilerOptions: {}, plugins: [], ts };
  const read = ts.readConfigFile(configPath, ts.sys.readFile);
  if (read.error) throw new Error(formatConfigError(ts, read.error));
  // Parse options only: the loader compiles the files it is asked for, whatever "include" says.
  const parsed = ts.parseJsonConfigFileContent({ ...read.config, files: [], include: [] }, ts.sys, projectDir, undefined, configPath);
  const fatal = parsed.errors.filter((e) => e.category === ts.DiagnosticCategory.Error && e.code !== 18002 /* "files" is empty */);
  if (fatal.length) throw new Error(fatal.map((e) => formatConfigError(ts, e)).join("\n"));
  const plugins = (parsed.options.plugins ?? []) as unknown as PluginEntry[];
  return { configPath, dir: projectDir, compilerOptions: parsed.options, plugins, ts };
}

function formatConfigError(ts: typeof TS, d: TS.Diagnostic): string {
  return `stackless: ${d.file ? d.file.fileName + ": " : ""}${ts.flattenDiagnosticMessageText(d.messageText, "\n")}`;
}
