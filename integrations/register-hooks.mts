/**
 * Node's module.register hooks behind stackless/register: resolve `./x.js` to `./x.ts` when only
 * the TypeScript exists, and load .ts/.mts/.cts compiled. Output in CommonJS is handed back to
 * Node's CommonJS loader (the require hook in the main thread compiles it).
 */
import { readFile } from "fs/promises";
import { createRequire } from "module";
import { fileURLToPath } from "url";

const require = createRequire(import.meta.url);
const loader = require("./loader.js") as typeof import("./loader.js");

type Next<A extends unknown[], R> = (...args: A) => Promise<R>;
interface ResolveResult { url: string; format?: string | null; shortCircuit?: boolean }
interface LoadResult { format: string; source?: string | ArrayBuffer | null; shortCircuit?: boolean }

const TS_URL = /\.[cm]?ts$/;

export async function resolve(specifier: string, context: { parentURL?: string }, next: Next<[string, unknown], ResolveResult>): Promise<ResolveResult> {
  try {
    return await next(specifier, context);
  } catch (e) {
    const twin = /^(\.|\/|file:)/.test(specifier) ? specifier.replace(/\.([cm]?)js$/, ".$1ts") : specifier;
    if (twin === specifier || (e as { code?: string }).code !== "ERR_MODULE_NOT_FOUND") throw e;
    try {
      return await next(twin, context);
    } catch {
      throw e;
    }
  }
}

export async function load(url: string, context: unknown, next: Next<[string, unknown], LoadResult>): Promise<LoadResult> {
  if (!url.startsWith("file:") || !TS_URL.test(new URL(url).pathname) || url.endsWith(".d.ts")) return next(url, context);
  const fileName = fileURLToPath(url);
  // A null source sends CommonJS through Node's CommonJS loader, where the require hook compiles it.
  if (loader.nodeFormat(fileName) === "commonjs") return { format: "commonjs", source: null, shortCircuit: true };
  const compiled = loader.compileForNode(fileName, await readFile(fileName, "utf8"));
  return { format: compiled.format, source: compiled.format === "module" ? compiled.code : null, shortCircuit: true };
}
