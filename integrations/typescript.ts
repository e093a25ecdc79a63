/**
 * Which TypeScript compiler stackless's own tools run on: the project's `typescript` when it is
 * 5.5–6.x (it has the JavaScript compiler API), else the TypeScript 6 that stackless depends on
 * itself under the alias `typescript6` (a project on TypeScript 7, the native port, or with none).
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";

/** The TypeScript versions whose JavaScript API stackless runs on (5.5: the first tsserver that accepts a subpath plugin name). */
const FIRST_SUPPORTED = [5, 5];
const FIRST_UNSUPPORTED = [7, 0];

export interface ResolvedCompiler {
  ts: typeof TS;
  /** "project": the project's own typescript; "bundled": stackless's typescript6. */
  origin: "project" | "bundled";
  /** The compiler's version (ts.version). */
  version: string;
  /** The project's typescript version when it was found and passed over (TypeScript 7, or older than 5.5). */
  skipped?: string;
}

let bundled: typeof TS | undefined;

/** stackless's own TypeScript 6, loaded on first use (user code never loads it). */
export function bundledTypescript(): typeof TS {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  return (bundled ??= require("typescript6") as typeof TS);
}

/** Whether a version string is one stackless can run its compiler on (5.5 ≤ v < 7). */
export function hasJavaScriptApi(version: string): boolean {
  const [major, minor] = version.split(".").map(Number);
  const atLeast = (v: number[]) => major > v[0] || (major === v[0] && minor >= v[1]);
  return atLeast(FIRST_SUPPORTED) && !atLeast(FIRST_UNSUPPORTED);
}

const byPackageJson = new Map<string, ResolvedCompiler>();

/**
 * The project's typescript/package.json, found as Node would resolve `typescript` from `dir`
 * (node_modules folders upwards), read off the disk so that a package whose "exports" hides its
 * package.json (TypeScript 7 may) is still found.
 */
function typescriptPackageJson(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const candidate = path.join(d, "node_modules", "typescript", "package.json");
    if (fs.existsSync(candidate)) return fs.realpathSync(candidate);
    if (path.dirname(d) === d) return undefined;
  }
}

/**
 * The compiler for the project at `dir`: its own `typescript` when that is 5.5–6.x, else the
 * bundled TypeScript 6 (cached per resolved package, so a loader asks the disk once).
 */
export function resolveCompiler(dir: string): ResolvedCompiler {
  const packageJson = typescriptPackageJson(dir);
  const key = packageJson ?? "";
  const cached = byPackageJson.get(key);
  if (cached) return cached;
  let resolved: ResolvedCompiler;
  const version = packageJson ? readVersion(packageJson) : undefined;
  if (packageJson && version && hasJavaScriptApi(version)) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const ts = require(path.dirname(packageJson)) as typeof TS;
    resolved = { ts, origin: "project", version: ts.version };
  } else {
    const ts = bundledTypescript();
    resolved = { ts, origin: "bundled", version: ts.version, skipped: version };
  }
  byPackageJson.set(key, resolved);
  return resolved;
}

/** The TypeScript module for the project at `dir` (see resolveCompiler). */
export function projectTypescript(dir: string): typeof TS {
  return resolveCompiler(dir).ts;
}

/** The project's own typescript version at `dir` (whatever it is, 7 included), or undefined. */
export function projectTypescriptVersion(dir: string): string | undefined {
  const packageJson = typescriptPackageJson(dir);
  return packageJson ? readVersion(packageJson) : undefined;
}

function readVersion(packageJson: string): string | undefined {
  try {
    const version = (JSON.parse(fs.readFileSync(packageJson, "utf8")) as { version?: unknown }).version;
    return typeof version === "string" ? version : undefined;
  } catch {
    return undefined;
  }
}
