/**
 * Compiles one TypeScript module to JavaScript with a project's settings and transformers, the
 * way ts.transpileModule does (one file, no type check) but with a real Program that the
 * plugins receive and that decides the module format as tsc would (package.json "type",
 * .mts/.cts). The loader, the bundler plugins and `stackless transform --js` share it.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { instantiate, loadPlugins, transformEntries, type LoadedPlugin } from "./plugins";
import type { Project } from "./project";

/** "commonjs" or "module", as Node's loader names the two formats. */
export type ModuleFormat = "commonjs" | "module";

export interface CompileResult {
  outputText: string;
  /** The separate source map (when `sourceMap: "separate"`); inline maps stay in outputText. */
  sourceMapText?: string;
  /** Syntax errors and the transformers' diagnostics (stackless's 70001+ among them). */
  diagnostics: TS.Diagnostic[];
  format: ModuleFormat;
}

export interface CompileOptions {
  /** "inline": a data: URL comment in the output (the loader); "separate": sourceMapText (bundlers). */
  sourceMap: "inline" | "separate";
  /** Overrides of the project's compilerOptions (a bundler asks for ES modules and esnext). */
  compilerOptions?: TS.CompilerOptions;
}

const loadedPlugins = new WeakMap<Project, LoadedPlugin[]>();

function pluginsOf(project: Project): LoadedPlugin[] {
  let loaded = loadedPlugins.get(project);
  if (!loaded) loadedPlugins.set(project, (loaded = loadPlugins(transformEntries(project.plugins), project.dir)));
  return loaded;
}

/** Compile `text` (the contents of `fileName`) for `project`; never throws on bad source, returns diagnostics. */
export function compileModule(project: Project, fileName: string, text: string, options: CompileOptions): CompileResult {
  const { ts } = project;
  const outputs = new Map<string, string>();
  const { program, sourceFile } = oneFileProgram(project, fileName, text, options, outputs);
  const compilerOptions = program.getCompilerOptions();
  const diagnostics: TS.Diagnostic[] = [...program.getSyntacticDiagnostics(sourceFile)];
  if (!diagnostics.some((d) => d.category === ts.DiagnosticCategory.Error)) {
    const transformers = instantiate(pluginsOf(project), program, ts, (d) => diagnostics.push(d));
    try {
      diagnostics.push(...program.emit(sourceFile, undefined, undefined, false, transformers).diagnostics);
    } catch (e) {
      // stackless's entry throws its errors under ts-patch's `typescript` library (whose hosts
      // drop emit diagnostics, see transformer/index.ts); this compile reports them as diagnostics.
      const carried = diagnosticsCarriedBy(e);
      if (!carried) throw e;
      diagnostics.push(...carried);
    }
  }
  let outputText = "";
  let sourceMapText: string | undefined;
  for (const [name, content] of outputs) {
    if (name.endsWith(".map")) sourceMapText = content;
    else if (/\.[cm]?js$/.test(name)) outputText = content;
  }
  return { outputText, sourceMapText, diagnostics, format: emittedFormat(ts, compilerOptions, sourceFile) };
}

/**
 * A Program of the one file (no lib, no imports followed: as cheap as transpileModule), rooted at
 * the project's folder, whose emit lands in `outputs`.
 */
export function oneFileProgram(project: Project, fileName: string, text: string, options: CompileOptions, outputs = new Map<string, string>()): { program: TS.Program; sourceFile: TS.SourceFile } {
  const { ts } = project;
  const compilerOptions = oneFileOptions(ts, { ...project.compilerOptions, ...options.compilerOptions }, options.sourceMap);
  const host = oneFileHost(ts, project.dir, fileName, text, outputs);
  const program = ts.createProgram({ rootNames: [fileName], options: compilerOptions, host });
  return { program, sourceFile: program.getSourceFile(fileName)! };
}

/** The project's options, less whatever would make a one-file emit read or write other files. */
function oneFileOptions(ts: typeof TS, base: TS.CompilerOptions, sourceMap: CompileOptions["sourceMap"]): TS.CompilerOptions {
  const options: TS.CompilerOptions = {
    ...base,
    isolatedModules: true,
    noLib: true,
    noResolve: true,
    types: [],
    suppressOutputPathCheck: true,
    allowNonTsExtensions: true,
    noEmit: false,
    noEmitOnError: false,
    declaration: false,
    declarationMap: false,
    emitDeclarationOnly: false,
    composite: false,
    incremental: false,
    sourceMap: sourceMap === "separate",
    inlineSourceMap: sourceMap === "inline",
    inlineSources: true,
  };
  for (const key of ["outDir", "outFile", "out", "rootDir", "declarationDir", "tsBuildInfoFile", "lib", "plugins", "sourceRoot", "mapRoot"]) delete options[key];
  // A project without "module" gets the format Node would pick, as tsc's node16 does.
  if (options.module === undefined) options.module = ts.ModuleKind.NodeNext;
  if (options.module === ts.ModuleKind.NodeNext || options.module === ts.ModuleKind.Node16) options.moduleResolution = options.module === ts.ModuleKind.NodeNext ? ts.ModuleResolutionKind.NodeNext : ts.ModuleResolutionKind.Node16;
  return options;
}

/** A host that serves the one file from memory, package.json files from disk (for the module format), and keeps the output. */
function oneFileHost(ts: typeof TS, cwd: string, fileName: string, text: string, outputs: Map<string, string>): TS.CompilerHost {
  const target = path.resolve(fileName);
  const isTarget = (f: string) => path.resolve(cwd, f) === target;
  return {
    getSourceFile: (f, languageVersionOrOptions) => (isTarget(f) ? ts.createSourceFile(f, text, languageVersionOrOptions, true) : undefined),
    getDefaultLibFileName: () => "lib.d.ts",
    writeFile: (name, content) => void outputs.set(name, content),
    getCurrentDirectory: () => cwd,
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => "\n",
    fileExists: (f) => isTarget(f) || fs.existsSync(f),
    readFile: (f) => (isTarget(f) ? text : fs.existsSync(f) ? fs.readFileSync(f, "utf8") : undefined),
    directoryExists: (d) => fs.existsSync(d),
    getDirectories: () => [],
    realpath: (f) => f,
  };
}

/** Which format the emitted JavaScript is in, by the same rules tsc used to write it. */
function emittedFormat(ts: typeof TS, options: TS.CompilerOptions, file: TS.SourceFile): ModuleFormat {
  const kind = options.module!;
  if (kind >= ts.ModuleKind.Node16 && kind <= ts.ModuleKind.NodeNext) {
    return (file as { impliedNodeFormat?: TS.ModuleKind }).impliedNodeFormat === ts.ModuleKind.ESNext ? "module" : "commonjs";
  }
  const commonjsLike = [ts.ModuleKind.None, ts.ModuleKind.CommonJS, ts.ModuleKind.AMD, ts.ModuleKind.UMD, ts.ModuleKind.System];
  return commonjsLike.includes(kind) ? "commonjs" : "module";
}

/** `file:line:col - error TS70007: message`, the form tsc --pretty prints without colours. */
export function formatDiagnostic(ts: typeof TS, d: TS.Diagnostic, cwd: string = process.cwd()): string {
  const category = ts.DiagnosticCategory[d.category].toLowerCase();
  const message = ts.flattenDiagnosticMessageText(d.messageText, "\n");
  if (!d.file || d.start === undefined) return `${category} TS${d.code}: ${message}`;
  const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
  const name = path.relative(cwd, d.file.fileName) || d.file.fileName;
  return `${name.split(path.sep).join("/")}:${line + 1}:${character + 1} - ${category} TS${d.code}: ${message}`;
}

export function isError(ts: typeof TS, d: TS.Diagnostic): boolean {
  return d.category === ts.DiagnosticCategory.Error;
}

/** The diagnostics of a StacklessDiagnosticsError (from whichever copy of stackless the tsconfig entry loaded), else undefined. */
function diagnosticsCarriedBy(e: unknown): TS.Diagnostic[] | undefined {
  const carrier = e as { name?: unknown; diagnostics?: unknown } | null;
  return carrier?.name === "StacklessDiagnosticsError" && Array.isArray(carrier.diagnostics) ? carrier.diagnostics : undefined;
}
