/**
 * Compile TypeScript module text with the stackless transformer and load it, with "stackless"
 * resolved to this package's compiled runtime. Used by the end-to-end tests.
 */
import * as path from "path";
import Module = require("module");
import type * as TS from "typescript";
import { transformSource } from "../../transformer";

const runtimePath = path.resolve(__dirname, "../../runtime/index.js");

export interface Loaded {
  exports: Record<string, any>;
  output: string;
  diagnostics: TS.Diagnostic[];
}

let counter = 0;
const nodeRequire = require;

/** Run already-compiled CommonJS text as a module. */
export function runModule(output: string, fileName: string): Record<string, any> {
  const file = path.join(__dirname, `__virtual_${counter++}_${fileName.replace(/\.ts$/, ".js")}`);
  const m = new Module(file) as any;
  m.filename = file;
  m.paths = (Module as any)._nodeModulePaths(path.dirname(file));
  const require = (id: string) => (id === "stackless" ? nodeRequire(runtimePath) : nodeRequire(id));
  const wrapper = new Function("exports", "require", "module", "__filename", "__dirname", output);
  wrapper(m.exports, require, m, file, path.dirname(file));
  return m.exports;
}

/** Compile and load; throws if the transformer reported an error unless `allowErrors`. */
export function load(code: string, options: { fileName?: string; allowErrors?: boolean; ts?: typeof TS } = {}): Loaded {
  const fileName = options.fileName ?? "test.ts";
  const r = transformSource(code, { fileName, ts: options.ts });
  const errors = r.diagnostics.filter((d) => d.category === 1 /* Error */);
  if (errors.length && !options.allowErrors) {
    throw new Error(`stackless reported: ${errors.map((d) => `${d.code} ${typeof d.messageText === "string" ? d.messageText : d.messageText.messageText}`).join("; ")}\n${r.outputText}`);
  }
  return { exports: runModule(r.outputText, fileName), output: r.outputText, diagnostics: r.diagnostics };
}

/** The header every test module starts with. */
export const IMPORTS = `import { coroutine, generator, future, yield_, await_, Poll } from "stackless";\n`;
