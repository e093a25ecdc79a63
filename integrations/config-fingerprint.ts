/**
 * What the loader can learn about a file's project without loading TypeScript (which costs
 * ~0.2 s): the tsconfig chain's text, the module format Node will load the output as, and a
 * fingerprint of everything that changes the compiled output, for the on-disk cache key.
 */
import * as fs from "fs";
import * as path from "path";
import { parse as parseJsonc } from "jsonc-parser";
import { findTsconfig } from "./project";
import type { ModuleFormat } from "./compile";

export interface ConfigFacts {
  /** Texts of the tsconfig files, nearest first, each with its path. */
  chain: { path: string; text: string }[];
  /** compilerOptions.module as written in the nearest file that sets it (lower case). */
  module: string | undefined;
  /** compilerOptions.plugins of the nearest file that sets them. */
  plugins: { transform?: string }[];
  dir: string;
}

const factsByConfig = new Map<string, ConfigFacts>();

export function configFacts(fileName: string): ConfigFacts {
  const configPath = findTsconfig(path.dirname(fileName));
  const key = configPath ?? path.dirname(fileName);
  let facts = factsByConfig.get(key);
  if (!facts) factsByConfig.set(key, (facts = readFacts(configPath, key)));
  return facts;
}

function readFacts(configPath: string | undefined, dir: string): ConfigFacts {
  const chain: ConfigFacts["chain"] = [];
  let module: string | undefined;
  let plugins: ConfigFacts["plugins"] | undefined;
  const visit = (file: string, depth: number) => {
    if (depth > 16 || chain.some((c) => c.path === file) || !fs.existsSync(file)) return;
    const text = fs.readFileSync(file, "utf8");
    chain.push({ path: file, text });
    const json = (parseJsonc(text) ?? {}) as { extends?: string | string[]; compilerOptions?: { module?: string; plugins?: ConfigFacts["plugins"] } };
    if (module === undefined && typeof json.compilerOptions?.module === "string") module = json.compilerOptions.module.toLowerCase();
    if (plugins === undefined && Array.isArray(json.compilerOptions?.plugins)) plugins = json.compilerOptions.plugins;
    for (const parent of ([] as string[]).concat(json.extends ?? [])) {
      const resolved = resolveExtends(parent, path.dirname(file));
      if (resolved) visit(resolved, depth + 1);
    }
  };
  if (configPath) visit(configPath, 0);
  return { chain, module, plugins: plugins ?? [], dir: configPath ? path.dirname(configPath) : dir };
}

function resolveExtends(name: string, fromDir: string): string | undefined {
  const candidates = name.endsWith(".json") ? [name] : [name, name + ".json", path.join(name, "tsconfig.json")];
  for (const candidate of candidates) {
    try {
      if (candidate.startsWith(".") || path.isAbsolute(candidate)) {
        const file = path.resolve(fromDir, candidate);
        if (fs.existsSync(file) && fs.statSync(file).isFile()) return file;
      } else {
        return require.resolve(candidate, { paths: [fromDir] });
      }
    } catch {
      /* try the next spelling, as tsc does */
    }
  }
  return undefined;
}

/** The nearest package.json's "type" ("module" or "commonjs"). */
export function packageType(dir: string): "module" | "commonjs" {
  for (let d = dir; ; d = path.dirname(d)) {
    const file = path.join(d, "package.json");
    if (fs.existsSync(file)) {
      try {
        return JSON.parse(fs.readFileSync(file, "utf8")).type === "module" ? "module" : "commonjs";
      } catch {
        return "commonjs";
      }
    }
    if (path.dirname(d) === d) return "commonjs";
  }
}

const commonjsModules = new Set(["commonjs", "amd", "umd", "system", "none"]);

/** The format tsc would emit `fileName` in (and so the format Node must load it as). */
export function formatFor(fileName: string, facts: ConfigFacts): ModuleFormat {
  const module = facts.module;
  if (module === undefined || module.startsWith("node")) {
    if (fileName.endsWith(".mts")) return "module";
    if (fileName.endsWith(".cts")) return "commonjs";
    return packageType(path.dirname(fileName));
  }
  return commonjsModules.has(module) ? "commonjs" : "module";
}

/** Everything besides the file's text that the compiled output depends on. */
export function fingerprint(fileName: string, facts: ConfigFacts): string {
  const parts: unknown[] = [facts.chain, packageType(path.dirname(fileName)), typescriptVersion(facts.dir)];
  for (const plugin of facts.plugins) {
    if (typeof plugin.transform !== "string") continue;
    try {
      const resolved = plugin.transform.startsWith(".") ? path.resolve(facts.dir, plugin.transform) : require.resolve(plugin.transform, { paths: [facts.dir] });
      const stat = fs.statSync(resolved);
      parts.push([resolved, stat.mtimeMs, stat.size]);
    } catch {
      parts.push([plugin.transform, "unresolved"]);
    }
  }
  return JSON.stringify(parts);
}

function typescriptVersion(dir: string): string {
  try {
    return JSON.parse(fs.readFileSync(require.resolve("typescript/package.json", { paths: [dir] }), "utf8")).version;
  } catch {
    return "own";
  }
}
