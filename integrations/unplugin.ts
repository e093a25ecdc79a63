/**
 * The one bundler plugin behind stackless/vite, stackless/esbuild and stackless/rollup (built on
 * unplugin): compiles the bodies of each .ts/.tsx module before the bundler's own TypeScript
 * step, hands back a source map for the bundler to chain, and raises stackless's errors through
 * the bundler's error API so the build fails.
 */
import type { UnpluginInstance } from "unplugin" with { "resolution-mode": "import" };
import * as path from "path";
import { compileModule, formatDiagnostic, isError } from "./compile";
import { projectFor } from "./project";

export interface StacklessPluginOptions {
  /** Modules to compile, tested against the file path (default: .ts/.mts/.cts/.tsx outside node_modules). */
  include?: RegExp;
}

const DEFAULT_INCLUDE = /\.(ts|mts|cts|tsx)$/;

/** A bundler id without its query (`?v=…`, `?raw`), as a file path. */
function fileOf(id: string): string {
  return id.split("?")[0];
}

// unplugin 3 is an ES module; Node >= 20.19 (unplugin's own floor) loads it with require().
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { createUnplugin } = require("unplugin") as typeof import("unplugin", { with: { "resolution-mode": "import" } });

export const unplugin: UnpluginInstance<StacklessPluginOptions | undefined, false> = createUnplugin((options: StacklessPluginOptions | undefined) => ({
  name: "stackless",
  enforce: "pre",
  transformInclude(id: string) {
    const file = fileOf(id);
    return (options?.include ?? DEFAULT_INCLUDE).test(file) && !file.endsWith(".d.ts") && !file.split(/[\\/]/).includes("node_modules");
  },
  transform(code: string, id: string) {
    // Markers come from an import of "stackless": a module that never says so has nothing to do.
    if (!code.includes("stackless")) return null;
    const file = path.resolve(fileOf(id));
    const project = projectFor(file);
    const { ts } = project;
    const compiled = compileModule({ ...project, plugins: [{ transform: require.resolve("../transformer") }] }, file, code, {
      sourceMap: "separate",
      // ES modules and modern syntax: the bundler does the rest (JSX included).
      compilerOptions: { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ESNext, jsx: ts.JsxEmit.Preserve, verbatimModuleSyntax: false },
    });
    for (const d of compiled.diagnostics) if (!isError(ts, d)) this.warn(formatDiagnostic(ts, d));
    const errors = compiled.diagnostics.filter((d) => isError(ts, d));
    if (errors.length) {
      // Rollup's and Vite's error() throws; esbuild's (through unplugin) records the error and
      // returns, and there is no output to hand back then.
      this.error(errors.map((d) => formatDiagnostic(ts, d)).join("\n"));
      return null;
    }
    const map = JSON.parse(compiled.sourceMapText!) as { version: number; mappings: string; names: string[]; sources: string[]; sourcesContent?: string[] };
    map.sources = [file];
    map.sourcesContent = [code];
    return { code: compiled.outputText.replace(/\n\/\/# sourceMappingURL=.*\s*$/, "\n"), map: { ...map, version: 3 as const } };
  },
}));
