/**
 * `node --import stackless/register app.ts` / `node --require stackless/register app.ts`:
 * compiles .ts/.mts/.cts on load with the nearest tsconfig's transformers. Either flag installs
 * both halves: a require hook for CommonJS output and Node's module.register hooks for ES
 * modules; stack traces map to .ts lines through the inline source maps.
 */
import * as fs from "fs";
import * as path from "path";
import Module = require("module");
import { pathToFileURL } from "url";
import { compileForNode } from "./loader";

const TS_EXTENSIONS = [".ts", ".cts", ".mts"];

interface InternalModule {
  _compile(code: string, fileName: string): void;
}
type ModuleStatics = {
  _extensions: Record<string, (module: InternalModule, fileName: string) => void>;
  _resolveFilename: (request: string, parent: unknown, ...rest: unknown[]) => string;
};

function installRequireHook(): void {
  const statics = Module as unknown as ModuleStatics;
  for (const extension of TS_EXTENSIONS) {
    statics._extensions[extension] = (module, fileName) => {
      const compiled = compileForNode(fileName, fs.readFileSync(fileName, "utf8"));
      if (compiled.format === "module") {
        throw new Error(`stackless/register: ${fileName} compiles to an ES module, which require() cannot load here; start node with --import stackless/register`);
      }
      module._compile(compiled.code, fileName);
    };
  }
  // `import "./util.js"` in TypeScript means util.ts: try the TypeScript twin when the .js is missing.
  const resolve = statics._resolveFilename;
  statics._resolveFilename = function (request, parent, ...rest) {
    try {
      return resolve.call(this, request, parent, ...rest);
    } catch (e) {
      const twin = typeScriptTwin(request);
      if (!twin || (e as { code?: string }).code !== "MODULE_NOT_FOUND") throw e;
      try {
        return resolve.call(this, twin, parent, ...rest);
      } catch {
        throw e;
      }
    }
  };
}

/** ./a.js → ./a.ts, ./a.mjs → ./a.mts, ./a.cjs → ./a.cts, for relative and absolute requests. */
export function typeScriptTwin(request: string): string | undefined {
  if (!(request.startsWith(".") || path.isAbsolute(request))) return undefined;
  const match = /\.([cm]?)js$/.exec(request);
  return match ? `${request.slice(0, -match[0].length)}.${match[1]}ts` : undefined;
}

const installed = Symbol.for("stackless.register.installed");
const globals = globalThis as { [installed]?: boolean };
if (!globals[installed]) {
  globals[installed] = true;
  process.setSourceMapsEnabled(true);
  installRequireHook();
  const register = (Module as unknown as { register?: (specifier: string, parentURL?: string) => void }).register;
  // Node >= 20.6 runs ESM hooks; without them only CommonJS output loads.
  register?.(pathToFileURL(path.join(__dirname, "register-hooks.mjs")).href, pathToFileURL(__filename).href);
}
