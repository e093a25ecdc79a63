/**
 * A real LSP client for the tests: spawns a language server over stdio (stackless lsp, or
 * TypeScript 7's tsc --lsp) and speaks vscode-languageserver-protocol to it, as an editor does.
 */
import { spawn, type ChildProcess } from "child_process";
import { pathToFileURL } from "url";
import {
  createProtocolConnection,
  StreamMessageReader,
  StreamMessageWriter,
  type ClientCapabilities,
  type CodeAction,
  type Diagnostic,
  type Hover,
  type ProtocolConnection,
  type PublishDiagnosticsParams,
} from "vscode-languageserver-protocol/node";

export interface LspClientOptions {
  /** Declare pull diagnostics (textDocument/diagnostic) in the client capabilities; the server then pushes none. */
  pull?: boolean;
  env?: Record<string, string>;
}

export class LspClient {
  readonly connection: ProtocolConnection;
  private readonly child: ChildProcess;
  private readonly published = new Map<string, PublishDiagnosticsParams[]>();
  private readonly waiters: { uri: string; seen: number; version: number; resolve: (p: PublishDiagnosticsParams) => void }[] = [];
  private versions = new Map<string, number>();
  stderr = "";

  constructor(command: string, args: readonly string[], cwd: string, private readonly options: LspClientOptions = {}) {
    this.child = spawn(command, args, { cwd, stdio: ["pipe", "pipe", "pipe"], env: { ...process.env, ...options.env } });
    this.child.stderr!.on("data", (d: Buffer) => (this.stderr += d.toString()));
    this.connection = createProtocolConnection(new StreamMessageReader(this.child.stdout!), new StreamMessageWriter(this.child.stdin!));
    this.connection.onNotification("textDocument/publishDiagnostics", (params: PublishDiagnosticsParams) => {
      const list = this.published.get(params.uri) ?? [];
      list.push(params);
      this.published.set(params.uri, list);
      for (const w of this.waiters.filter((w) => w.uri === params.uri && list.length > w.seen && (params.version ?? Infinity) >= w.version)) {
        this.waiters.splice(this.waiters.indexOf(w), 1);
        w.resolve(params);
      }
    });
    // Servers ask the client things (configuration, registrations, progress): answer as an editor that has nothing to say.
    for (const method of ["client/registerCapability", "client/unregisterCapability", "window/workDoneProgress/create", "workspace/diagnostic/refresh", "workspace/semanticTokens/refresh", "workspace/inlayHint/refresh"]) this.connection.onRequest(method, () => null);
    this.connection.onRequest("workspace/configuration", (params: { items: unknown[] }) => params.items.map(() => null));
    this.connection.listen();
  }

  async initialize(rootDir: string): Promise<unknown> {
    const capabilities: ClientCapabilities = {
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: true },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ["quickfix", "refactor"] } } },
        hover: { contentFormat: ["markdown", "plaintext"] },
        ...(this.options.pull ? { diagnostic: { dynamicRegistration: false } } : {}),
      },
      workspace: { configuration: false },
    };
    const result = await this.connection.sendRequest("initialize", { processId: process.pid, rootUri: uri(rootDir), workspaceFolders: [{ uri: uri(rootDir), name: "scratch" }], capabilities });
    await this.connection.sendNotification("initialized", {});
    return result;
  }

  /** The next publishDiagnostics for `file` (of the document's `version` or later, when the server says which). */
  nextDiagnostics(file: string, version = 0, timeoutMs = 60_000): Promise<PublishDiagnosticsParams> {
    const target = uri(file);
    const seen = this.published.get(target)?.length ?? 0;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`no diagnostics for ${file} within ${timeoutMs} ms; server stderr: ${this.stderr}`)), timeoutMs);
      this.waiters.push({ uri: target, seen, version, resolve: (p) => (clearTimeout(timer), resolve(p)) });
    });
  }

  /** Opens `file` with `text`; resolves with the diagnostics the server pushes for it when `waitFor` is "push". */
  async open(file: string, text: string, waitFor: "push" | "nothing" = "nothing"): Promise<Diagnostic[] | undefined> {
    const pushed = waitFor === "push" ? this.nextDiagnostics(file, 1) : undefined;
    this.versions.set(file, 1);
    await this.connection.sendNotification("textDocument/didOpen", { textDocument: { uri: uri(file), languageId: "typescript", version: 1, text } });
    return pushed && (await pushed).diagnostics;
  }

  /** Replaces the whole text of an open `file`. */
  async change(file: string, text: string, waitFor: "push" | "nothing" = "nothing"): Promise<Diagnostic[] | undefined> {
    const version = (this.versions.get(file) ?? 1) + 1;
    const pushed = waitFor === "push" ? this.nextDiagnostics(file, version) : undefined;
    this.versions.set(file, version);
    await this.connection.sendNotification("textDocument/didChange", { textDocument: { uri: uri(file), version }, contentChanges: [{ text }] });
    return pushed && (await pushed).diagnostics;
  }

  async pull(file: string): Promise<Diagnostic[]> {
    const report = (await this.connection.sendRequest("textDocument/diagnostic", { textDocument: { uri: uri(file) } })) as { kind: string; items: Diagnostic[] };
    return report.items;
  }

  codeActions(file: string, diagnostic: Diagnostic): Promise<CodeAction[] | null> {
    return this.connection.sendRequest("textDocument/codeAction", { textDocument: { uri: uri(file) }, range: diagnostic.range, context: { diagnostics: [diagnostic], only: ["quickfix"] } });
  }

  hover(file: string, line: number, character: number): Promise<Hover | null> {
    return this.connection.sendRequest("textDocument/hover", { textDocument: { uri: uri(file) }, position: { line, character } });
  }

  /** shutdown + exit, as an editor closes a server; resolves with the exit code. */
  async stop(): Promise<number | null> {
    const exited = new Promise<number | null>((resolve) => (this.child.exitCode !== null ? resolve(this.child.exitCode) : this.child.once("exit", (code) => resolve(code))));
    try {
      await this.connection.sendRequest("shutdown");
      await this.connection.sendNotification("exit");
    } catch {
      this.child.kill();
    }
    const timer = setTimeout(() => this.child.kill(), 10_000);
    const code = await exited;
    clearTimeout(timer);
    this.connection.dispose();
    return code;
  }
}

export function uri(file: string): string {
  return pathToFileURL(file).href;
}

/** Applies LSP text edits (given in line/character positions) to `text`. */
export function applyTextEdits(text: string, edits: readonly { range: Diagnostic["range"]; newText: string }[]): string {
  const lineStarts = [0];
  for (let i = 0; i < text.length; i++) if (text[i] === "\n") lineStarts.push(i + 1);
  const offset = (p: { line: number; character: number }) => lineStarts[p.line] + p.character;
  return [...edits].sort((a, b) => offset(b.range.start) - offset(a.range.start)).reduce((t, e) => t.slice(0, offset(e.range.start)) + e.newText + t.slice(offset(e.range.end)), text);
}
