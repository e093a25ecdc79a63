/**
 * The loader's compiler: a .ts file's text in, JavaScript with an inline source map out, through
 * the project's tsconfig transformers, cached on disk by content and configuration so that a
 * second start loads no TypeScript at all. Shared by the CommonJS hook and the ESM hooks.
 */
import * as crypto from "crypto";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import { compileModule, formatDiagnostic, isError, type ModuleFormat } from "./compile";
import { configFacts, fingerprint, formatFor } from "./config-fingerprint";
import { projectFor } from "./project";

export interface Compiled {
  code: string;
  format: ModuleFormat;
}

/** Bumped whenever the loader's output for the same input changes. */
const CACHE_FORMAT = 1;

/** A compile that failed: its message is the diagnostics, tsc-style (file:line:col - error TSxxxx: …). */
export class LoaderError extends Error {
  static {
    this.prototype.name = "LoaderError";
  }
  constructor(message: string) {
    super(message);
    // The loader's own frames say nothing to the user: the message is the whole story.
    this.stack = `${this.name}: ${message}`;
  }
}

/** The format Node must load `fileName` as, decided without compiling it. */
export function nodeFormat(fileName: string): ModuleFormat {
  return formatFor(fileName, configFacts(fileName));
}

/** Compile a TypeScript file for Node (from the disk cache when its text and configuration are unchanged). */
export function compileForNode(fileName: string, text: string): Compiled {
  const facts = configFacts(fileName);
  const cacheFile = cachePath(facts.dir, fileName, text, fingerprint(fileName, facts));
  if (cacheFile) {
    const hit = readCache(cacheFile);
    if (hit) return hit;
  }
  const project = projectFor(fileName);
  const result = compileModule(project, fileName, text, { sourceMap: "inline" });
  const errors = result.diagnostics.filter((d) => isError(project.ts, d));
  if (errors.length) {
    const lines = errors.map((d) => formatDiagnostic(project.ts, d));
    throw new LoaderError(`stackless/register: ${path.relative(process.cwd(), fileName) || fileName} did not compile\n${lines.join("\n")}`);
  }
  const compiled: Compiled = { code: result.outputText, format: result.format };
  if (cacheFile) writeCache(cacheFile, compiled);
  return compiled;
}

/** The cache folder: $STACKLESS_CACHE_DIR, else node_modules/.cache/stackless-register of the project, else the temp folder; "0" turns the cache off. */
function cacheDir(projectDir: string): string | undefined {
  const configured = process.env.STACKLESS_CACHE_DIR;
  if (configured === "0") return undefined;
  if (configured) return configured;
  for (let d = projectDir; ; d = path.dirname(d)) {
    if (fs.existsSync(path.join(d, "node_modules"))) return path.join(d, "node_modules", ".cache", "stackless-register");
    if (path.dirname(d) === d) return path.join(os.tmpdir(), "stackless-register");
  }
}

function cachePath(projectDir: string, fileName: string, text: string, configuration: string): string | undefined {
  const dir = cacheDir(projectDir);
  if (!dir) return undefined;
  const key = crypto.createHash("sha256").update(JSON.stringify([CACHE_FORMAT, process.version, fileName, configuration, text])).digest("hex");
  return path.join(dir, key.slice(0, 2), key.slice(2) + ".json");
}

function readCache(file: string): Compiled | undefined {
  try {
    const entry = JSON.parse(fs.readFileSync(file, "utf8")) as Compiled;
    return typeof entry.code === "string" && (entry.format === "commonjs" || entry.format === "module") ? entry : undefined;
  } catch {
    return undefined;
  }
}

function writeCache(file: string, compiled: Compiled): void {
  try {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    // Write then rename, so a concurrent start never reads half an entry.
    const temp = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temp, JSON.stringify(compiled));
    fs.renameSync(temp, file);
  } catch {
    /* a read-only or full disk costs speed, not correctness */
  }
}
