/**
 * A tsserver client for the end-to-end tests: spawns a real tsserver (from a scratch project's
 * own `typescript`, as VS Code's "Use Workspace Version" does) and speaks its protocol over
 * stdio: one JSON request per line in, `Content-Length`-framed responses and events out.
 */
import { spawn, type ChildProcess } from "child_process";
import * as fs from "fs";
import * as path from "path";
import { NODE_MODULES, scratch } from "../integrations/scratch";

export interface Location {
  line: number;
  offset: number;
}

export interface Response {
  success: boolean;
  body?: unknown;
  message?: string;
}

export class TsServer {
  private readonly child: ChildProcess;
  private seq = 0;
  private buffer = Buffer.alloc(0);
  private readonly pending = new Map<number, (r: Response) => void>();
  private exited = false;
  readonly stderr: string[] = [];

  constructor(
    readonly projectDir: string,
    readonly logFile: string,
  ) {
    const tsserver = path.join(projectDir, "node_modules/typescript/lib/tsserver.js");
    this.child = spawn(process.execPath, [tsserver, "--disableAutomaticTypingAcquisition", "--locale", "en", "--logVerbosity", "normal", "--logFile", logFile], {
      cwd: projectDir,
      stdio: ["pipe", "pipe", "pipe"],
    });
    this.child.stdout!.on("data", (chunk: Buffer) => this.read(chunk));
    this.child.stderr!.on("data", (chunk: Buffer) => this.stderr.push(chunk.toString()));
    this.child.on("exit", () => {
      this.exited = true;
      for (const resolve of this.pending.values()) resolve({ success: false, message: "tsserver exited" });
      this.pending.clear();
    });
  }

  private read(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf("\r\n\r\n");
      if (headerEnd < 0) return;
      const length = Number(/Content-Length: (\d+)/.exec(this.buffer.subarray(0, headerEnd).toString())?.[1]);
      if (this.buffer.length < headerEnd + 4 + length) return;
      const message = JSON.parse(this.buffer.subarray(headerEnd + 4, headerEnd + 4 + length).toString()) as { type: string; request_seq?: number } & Response;
      this.buffer = this.buffer.subarray(headerEnd + 4 + length);
      if (message.type === "response" && message.request_seq !== undefined) {
        this.pending.get(message.request_seq)?.(message);
        this.pending.delete(message.request_seq);
      }
    }
  }

  /** Send a request and wait for its response. */
  request(command: string, args?: unknown): Promise<Response> {
    if (this.exited) return Promise.resolve({ success: false, message: "tsserver exited" });
    const seq = ++this.seq;
    return new Promise((resolve) => {
      this.pending.set(seq, resolve);
      this.child.stdin!.write(JSON.stringify({ seq, type: "request", command, arguments: args }) + "\n");
    });
  }

  /** A request's body; fails the test when tsserver answers with an error. */
  async body<T>(command: string, args?: unknown): Promise<T> {
    const r = await this.request(command, args);
    if (!r.success) throw new Error(`tsserver ${command} failed: ${r.message}`);
    return r.body as T;
  }

  /** Save a file of the project with this text and open it (VS Code's updateOpen, as it sends it on open). */
  async open(file: string, text: string): Promise<void> {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, text);
    await this.body("updateOpen", { openFiles: [{ file, fileContent: text, scriptKindName: "TS", projectRootPath: this.projectDir }] });
  }

  /** Replace the whole text of an open file (an edit). */
  async replace(file: string, oldText: string, text: string): Promise<void> {
    const end = locationOf(oldText, oldText.length);
    await this.body("updateOpen", { changedFiles: [{ fileName: file, textChanges: [{ start: { line: 1, offset: 1 }, end, newText: text }] }] });
  }

  get alive(): boolean {
    return !this.exited;
  }

  log(): string {
    return fs.existsSync(this.logFile) ? fs.readFileSync(this.logFile, "utf8") : "";
  }

  close(): void {
    if (!this.exited) this.child.kill();
  }
}

/** 1-based line and offset of `position` in `text`, as the protocol counts them. */
export function locationOf(text: string, position: number): Location {
  const before = text.slice(0, position);
  const line = before.split("\n").length;
  return { line, offset: position - (before.lastIndexOf("\n") + 1) + 1 };
}

/** The position of a protocol location in `text`. */
export function positionOf(text: string, at: Location): number {
  let position = 0;
  for (let line = 1; line < at.line; line++) position = text.indexOf("\n", position) + 1;
  return position + at.offset - 1;
}

export interface ProtocolTextChange {
  start: Location;
  end: Location;
  newText: string;
}

/** Apply a protocol edit list to `text`. */
export function applyChanges(text: string, changes: readonly ProtocolTextChange[]): string {
  const spans = changes.map((c) => ({ start: positionOf(text, c.start), end: positionOf(text, c.end), newText: c.newText }));
  let out = text;
  for (const s of spans.sort((a, b) => b.start - a.start)) out = out.slice(0, s.start) + s.newText + out.slice(s.end);
  return out;
}

/**
 * A scratch project as a user has it: its own `typescript` (copied, so that tsserver looks for
 * plugins beside it, in this project's node_modules) and `stackless` linked to this repository.
 */
export function tsserverProject(name: string, files: Record<string, string>): string {
  const dir = scratch(name, files);
  fs.cpSync(path.join(NODE_MODULES, "typescript"), path.join(dir, "node_modules", "typescript"), { recursive: true });
  return dir;
}
