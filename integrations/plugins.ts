/**
 * Turns the `transform` entries of compilerOptions.plugins into CustomTransformers, the way
 * ts-patch and ttypescript do, so the loader and the bundler plugins run the same transformers
 * (stackless's and any other) as the project's `tspc` build.
 */
import * as path from "path";
import type * as TS from "typescript";
import type { PluginEntry } from "./project";

/** A loaded transform entry, ready to be instantiated for a program. */
export interface LoadedPlugin {
  entry: PluginEntry;
  factory: (...args: any[]) => unknown;
}

/** Entries that transform emit: not tsserver plugins, not ts-patch program transformers (those wrap the program, which a one-file compile has no use for). */
export function transformEntries(plugins: readonly PluginEntry[]): PluginEntry[] {
  return plugins.filter((p) => typeof p.transform === "string" && !p.transformProgram);
}

/** Loads each entry's module, resolved from the project's folder as ts-patch does. */
export function loadPlugins(entries: readonly PluginEntry[], projectDir: string): LoadedPlugin[] {
  return entries.map((entry) => {
    const specifier = entry.transform!;
    const resolved = specifier.startsWith(".") ? path.resolve(projectDir, specifier) : require.resolve(specifier, { paths: [projectDir] });
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const loaded = require(resolved);
    const factory = entry.import ? loaded[entry.import] : loaded.default ?? loaded;
    if (typeof factory !== "function") {
      throw new Error(`stackless: the plugin entry { "transform": "${specifier}"${entry.import ? `, "import": "${entry.import}"` : ""} } does not export a function`);
    }
    return { entry, factory };
  });
}

/** Calls each plugin factory with what its `type` asks for and sorts the results into before/after/afterDeclarations. */
export function instantiate(plugins: readonly LoadedPlugin[], program: TS.Program, ts: typeof TS, addDiagnostic: (d: TS.Diagnostic) => void): TS.CustomTransformers {
  const before: TS.CustomTransformers["before"] = [];
  const after: TS.CustomTransformers["after"] = [];
  const afterDeclarations: TS.CustomTransformers["afterDeclarations"] = [];
  for (const { entry, factory } of plugins) {
    const made = callFactory(entry, factory, program, ts, addDiagnostic);
    const shaped = typeof made === "function" ? { [entry.after ? "after" : entry.afterDeclarations ? "afterDeclarations" : "before"]: made } : (made as TS.CustomTransformers);
    if (shaped.before) before.push(...([] as any[]).concat(shaped.before));
    if (shaped.after) after.push(...([] as any[]).concat(shaped.after));
    if (shaped.afterDeclarations) afterDeclarations.push(...([] as any[]).concat(shaped.afterDeclarations));
  }
  return { before, after, afterDeclarations };
}

function callFactory(entry: PluginEntry, factory: LoadedPlugin["factory"], program: TS.Program, ts: typeof TS, addDiagnostic: (d: TS.Diagnostic) => void): unknown {
  const extras = {
    ts,
    library: "typescript",
    addDiagnostic: (d: TS.Diagnostic) => (addDiagnostic(d), 0),
    removeDiagnostic: () => {},
    diagnostics: [] as TS.Diagnostic[],
  };
  switch (entry.type ?? "program") {
    case "program":
      return factory(program, entry, extras);
    case "config":
      return factory(entry);
    case "checker":
      return factory(program.getTypeChecker(), entry);
    case "compilerOptions":
      return factory(program.getCompilerOptions(), entry);
    case "raw":
      return factory;
    default:
      throw new Error(`stackless: unknown plugin type "${String(entry.type)}" for "${entry.transform}"`);
  }
}
