/**
 * One tsconfig's long-lived ts.LanguageService for `stackless lsp`: open documents served from
 * the editor's text, other files from the disk (versioned by mtime), so each request rebuilds
 * only what changed; stackless's findings are computed per SourceFile object, so a file whose
 * text did not change is not analysed again.
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";
import { checkFile } from "../analysis/check";
import { toDiagnostic, type Finding } from "../analysis/diagnostics";
import type { FileAnalysis } from "../analysis/analyze";
import { applySuppression, mergeSeverityOptions, stacklessPluginEntries, type SuppressionOptions } from "../analysis/suppression";

/** A finding as the editor gets it: after the severity options and ignore comments, with its diagnostic. */
export interface ReportedFinding {
  readonly finding: Finding;
  readonly diagnostic: TS.Diagnostic;
}

export interface FileReport {
  readonly sourceFile: TS.SourceFile;
  readonly analysis: FileAnalysis;
  readonly reported: readonly ReportedFinding[];
}

/** What the server knows of an open document: its text and the editor's version of it. */
export interface OpenDocument {
  readonly text: string;
  readonly version: number;
}

export class LspProject {
  readonly ts: typeof TS;
  /** The tsconfig.json, or undefined for an inferred project (a folder without one). */
  readonly configPath: string | undefined;
  readonly dir: string;
  private options: TS.CompilerOptions = {};
  private rootNames: string[] = [];
  private references: readonly TS.ProjectReference[] | undefined;
  private suppression: SuppressionOptions = {};
  private readonly service: TS.LanguageService;
  private readonly reports = new Map<string, FileReport>();
  /** How many times a file's findings were computed (the bench and the tests read it). */
  analyses = 0;

  constructor(ts: typeof TS, configPath: string | undefined, dir: string, private readonly openDocuments: ReadonlyMap<string, OpenDocument>, registry: TS.DocumentRegistry) {
    this.ts = ts;
    this.configPath = configPath;
    this.dir = dir;
    this.readConfig();
    this.service = ts.createLanguageService(this.host(), registry);
  }

  /** Reads (again) the tsconfig: options with `extends` followed, root files, the severity options of its stackless plugin entries. */
  readConfig(): void {
    const { ts } = this;
    if (!this.configPath) {
      this.options = { strict: true, target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.NodeNext, moduleResolution: ts.ModuleResolutionKind.NodeNext, skipLibCheck: true, allowJs: false };
      this.rootNames = [];
      this.suppression = {};
      return;
    }
    const parsed = ts.getParsedCommandLineOfConfigFile(this.configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} });
    this.options = parsed?.options ?? {};
    this.rootNames = parsed?.fileNames ?? [];
    this.references = parsed?.projectReferences;
    this.suppression = mergeSeverityOptions(stacklessPluginEntries(this.options.plugins));
  }

  private host(): TS.LanguageServiceHost {
    const { ts } = this;
    const diskVersion = (f: string) => {
      try {
        return String(fs.statSync(f).mtimeMs);
      } catch {
        return "missing";
      }
    };
    return {
      getScriptFileNames: () => {
        const open = [...this.openDocuments.keys()].filter((f) => !this.rootNames.includes(f) && isUnder(f, this.dir));
        return [...this.rootNames, ...open];
      },
      getScriptVersion: (f) => {
        const open = this.openDocuments.get(f);
        return open ? `open:${open.version}` : diskVersion(f);
      },
      getScriptSnapshot: (f) => {
        const open = this.openDocuments.get(f);
        if (open) return ts.ScriptSnapshot.fromString(open.text);
        const text = ts.sys.readFile(f);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getCurrentDirectory: () => this.dir,
      getCompilationSettings: () => this.options,
      getProjectReferences: () => this.references,
      getDefaultLibFileName: (o) => ts.getDefaultLibFilePath(o),
      fileExists: (f) => this.openDocuments.has(f) || ts.sys.fileExists(f),
      readFile: (f, encoding) => this.openDocuments.get(f)?.text ?? ts.sys.readFile(f, encoding),
      readDirectory: ts.sys.readDirectory,
      directoryExists: ts.sys.directoryExists,
      getDirectories: ts.sys.getDirectories,
      realpath: ts.sys.realpath,
      useCaseSensitiveFileNames: () => ts.sys.useCaseSensitiveFileNames,
    };
  }

  /**
   * The file's stackless findings as reported (severity options and `// @stackless-ignore`
   * applied), or undefined when the program has no such file. Analysed again only when the
   * file's SourceFile changed (the language service keeps unchanged ones across edits).
   */
  report(fileName: string): FileReport | undefined {
    const program = this.service.getProgram();
    const sourceFile = program?.getSourceFile(fileName);
    if (!program || !sourceFile) return undefined;
    const cached = this.reports.get(fileName);
    if (cached && cached.sourceFile === sourceFile) return cached;
    this.analyses++;
    const { ts } = this;
    const { analysis, findings } = checkFile(ts, sourceFile, { checker: program.getTypeChecker() });
    const reported: ReportedFinding[] = [];
    for (const finding of findings) {
      const [diagnostic] = applySuppression([toDiagnostic(ts, finding)], this.suppression);
      if (diagnostic) reported.push({ finding, diagnostic });
    }
    const report: FileReport = { sourceFile, analysis, reported };
    this.reports.set(fileName, report);
    return report;
  }

  /** Drops what is kept of a closed file (its next report reads the disk). */
  forget(fileName: string): void {
    this.reports.delete(fileName);
  }

  dispose(): void {
    this.service.dispose();
  }
}

function isUnder(file: string, dir: string): boolean {
  const relative = path.relative(dir, file);
  return !!relative && !relative.startsWith("..") && !path.isAbsolute(relative);
}
