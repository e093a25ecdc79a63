/**
 * `stackless lsp --stdio`: a language server (vscode-languageserver) beside the editor's own
 * TypeScript (TypeScript 7's `tsc --lsp` included), serving only stackless's findings (push and
 * pull diagnostics), their quick fixes as code actions and stackless's hover, from checkFile over
 * one long-lived language service per tsconfig (lsp/project.ts).
 */
import * as path from "path";
import { fileURLToPath, pathToFileURL } from "url";
import type * as TS from "typescript";
import {
  CodeActionKind,
  DiagnosticSeverity,
  DocumentDiagnosticReportKind,
  TextDocuments,
  TextDocumentSyncKind,
  type CodeAction,
  type CodeActionParams,
  type Connection,
  type Diagnostic,
  type Hover,
  type InitializeParams,
  type InitializeResult,
  type Range,
} from "vscode-languageserver/node";
import { TextDocument } from "vscode-languageserver-textdocument";
import { findTsconfig } from "../integrations/project";
import { resolveCompiler } from "../integrations/typescript";
import { findingFixesAt } from "../analysis/services/fixes";
import { hoverAt } from "../analysis/services/hover";
import { LspProject, type FileReport, type OpenDocument, type ReportedFinding } from "./project";

/** The TypeScript files the server answers for (JavaScript has no markers to compile). */
const TYPESCRIPT_FILE = /\.(ts|mts|cts|tsx)$/;

/** The LSP range of [start, start + length) in a SourceFile (both count UTF-16 code units). */
export function rangeOf(file: TS.SourceFile, start: number, length: number): Range {
  const a = file.getLineAndCharacterOfPosition(start);
  const b = file.getLineAndCharacterOfPosition(start + length);
  return { start: { line: a.line, character: a.character }, end: { line: b.line, character: b.character } };
}

function severityOf(ts: typeof TS, category: TS.DiagnosticCategory): DiagnosticSeverity {
  switch (category) {
    case ts.DiagnosticCategory.Error:
      return DiagnosticSeverity.Error;
    case ts.DiagnosticCategory.Warning:
      return DiagnosticSeverity.Warning;
    case ts.DiagnosticCategory.Suggestion:
      return DiagnosticSeverity.Hint;
    default:
      return DiagnosticSeverity.Information;
  }
}

/** A reported finding as an LSP diagnostic (source "stackless", the numeric code). */
export function toLspDiagnostic(ts: typeof TS, { diagnostic: d }: ReportedFinding): Diagnostic {
  const file = d.file!;
  return {
    range: rangeOf(file, d.start ?? 0, d.length ?? 0),
    severity: severityOf(ts, d.category),
    code: d.code,
    source: "stackless",
    message: ts.flattenDiagnosticMessageText(d.messageText, "\n"),
    relatedInformation: d.relatedInformation?.filter((r) => r.file).map((r) => ({
      location: { uri: pathToFileURL(r.file!.fileName).href, range: rangeOf(r.file!, r.start ?? 0, r.length ?? 0) },
      message: ts.flattenDiagnosticMessageText(r.messageText, "\n"),
    })),
  };
}

/** The quick fixes of the findings whose span meets `range`: each FindingFix as one CodeAction with its plain edits. */
export function codeActionsFor(ts: typeof TS, report: FileReport, uri: string, range: Range): CodeAction[] {
  const { sourceFile } = report;
  const start = sourceFile.getPositionOfLineAndCharacter(range.start.line, range.start.character);
  const end = sourceFile.getPositionOfLineAndCharacter(range.end.line, range.end.character);
  return report.reported.flatMap((reported) =>
    findingFixesAt([reported.finding], start, end, [reported.finding.code]).map((fix) => ({
      title: fix.description,
      kind: CodeActionKind.QuickFix,
      diagnostics: [toLspDiagnostic(ts, reported)],
      edit: { changes: { [uri]: fix.edits.map((e) => ({ range: rangeOf(sourceFile, e.start, e.length), newText: e.newText })) } },
    })),
  );
}

/** Serves stackless over `connection` until the client says exit. */
export function startServer(connection: Connection): void {
  const documents = new TextDocuments(TextDocument);
  const open = new Map<string, OpenDocument>();
  const projects = new Map<string, LspProject>();
  const registries = new Map<typeof TS, TS.DocumentRegistry>();
  let pushDiagnostics = true;

  const fileOf = (uri: string): string | undefined => {
    if (!uri.startsWith("file:")) return undefined;
    const file = path.normalize(fileURLToPath(uri));
    return TYPESCRIPT_FILE.test(file) && !file.endsWith(".d.ts") ? file : undefined;
  };

  /** The project of a file: its nearest tsconfig's, else an inferred one for its folder; the compiler resolved from there. */
  const projectOf = (file: string): LspProject => {
    const configPath = findTsconfig(path.dirname(file));
    const dir = configPath ? path.dirname(configPath) : path.dirname(file);
    const key = configPath ?? `inferred:${dir}`;
    let project = projects.get(key);
    if (!project) {
      const { ts } = resolveCompiler(dir);
      let registry = registries.get(ts);
      if (!registry) registries.set(ts, (registry = ts.createDocumentRegistry(ts.sys.useCaseSensitiveFileNames, dir)));
      projects.set(key, (project = new LspProject(ts, configPath, dir, open, registry)));
    }
    return project;
  };

  const reportOf = (uri: string): { project: LspProject; report: FileReport } | undefined => {
    const file = fileOf(uri);
    if (!file) return undefined;
    const project = projectOf(file);
    const report = project.report(file);
    return report && { project, report };
  };

  const diagnosticsOf = (uri: string): Diagnostic[] => {
    const found = guarded(`diagnostics of ${uri}`, () => reportOf(uri));
    return found ? found.report.reported.map((r) => toLspDiagnostic(found.project.ts, r)) : [];
  };

  /** Runs a request's work; a failure is logged to the client's output (never silently) and answered empty. */
  const guarded = <T>(what: string, work: () => T): T | undefined => {
    try {
      return work();
    } catch (e) {
      connection.console.error(`stackless: ${what} failed: ${e instanceof Error ? e.stack ?? e.message : String(e)}`);
      return undefined;
    }
  };

  // The document's version goes with its diagnostics, so a client can tell a stale report from the current one.
  const publish = (uri: string) => void connection.sendDiagnostics({ uri, version: documents.get(uri)?.version, diagnostics: diagnosticsOf(uri) });

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    // A client that pulls (LSP 3.17) gets no pushes: it would show every finding twice.
    pushDiagnostics = !params.capabilities.textDocument?.diagnostic;
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix] },
        hoverProvider: true,
        diagnosticProvider: { identifier: "stackless", interFileDependencies: true, workspaceDiagnostics: false },
      },
      serverInfo: { name: "stackless", version: (require("../../package.json") as { version: string }).version },
    };
  });

  documents.onDidChangeContent(({ document }) => {
    const file = fileOf(document.uri);
    if (!file) return;
    open.set(file, { text: document.getText(), version: document.version });
    if (!pushDiagnostics) return;
    publish(document.uri);
    // Types may flow from the edited file into the other open ones; unchanged files reuse their analysis.
    for (const other of documents.all()) if (other.uri !== document.uri) publish(other.uri);
  });

  documents.onDidClose(({ document }) => {
    const file = fileOf(document.uri);
    if (!file) return;
    open.delete(file);
    for (const project of projects.values()) project.forget(file);
    if (pushDiagnostics) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  });

  connection.languages.diagnostics.on((params) => ({ kind: DocumentDiagnosticReportKind.Full, items: diagnosticsOf(params.textDocument.uri) }));

  connection.onCodeAction((params: CodeActionParams) => {
    if (params.context.only && !params.context.only.some((k) => CodeActionKind.QuickFix.startsWith(k))) return [];
    const found = guarded(`code actions of ${params.textDocument.uri}`, () => reportOf(params.textDocument.uri));
    return found ? codeActionsFor(found.project.ts, found.report, params.textDocument.uri, params.range) : [];
  });

  connection.onHover((params): Hover | null => {
    const found = guarded(`hover in ${params.textDocument.uri}`, () => reportOf(params.textDocument.uri));
    if (!found) return null;
    const { sourceFile, analysis } = found.report;
    const offset = sourceFile.getPositionOfLineAndCharacter(params.position.line, params.position.character);
    const info = hoverAt(analysis, offset);
    return info ? { contents: { kind: "markdown", value: info.markdown }, range: rangeOf(sourceFile, info.start, info.length) } : null;
  });

  connection.onShutdown(() => {
    for (const project of projects.values()) project.dispose();
    projects.clear();
  });

  documents.listen(connection);
  connection.listen();
}
