/**
 * `stackless init [-p tsconfig.json] [--prepare]`: adds stackless's plugin entries to a
 * project's tsconfig (a JSONC edit: comments and formatting stay), optionally the `prepare`
 * script for ts-patch's persistent mode, and prints the VS Code step. Running it twice changes
 * nothing the second time.
 */
import * as fs from "fs";
import * as path from "path";
import { applyEdits, findNodeAtLocation, modify, parse, parseTree, type FormattingOptions } from "jsonc-parser";
import { projectTypescriptVersion } from "../../integrations/typescript";
import type { CliIO, Command } from "../command";

const USAGE = `Usage: stackless init [-p <tsconfig.json>] [--prepare]

Adds to compilerOptions.plugins of the tsconfig (default: ./tsconfig.json, created if missing):
  { "transform": "stackless/transformer" }
  { "transform": "stackless/transformer", "import": "transformProgram", "transformProgram": true }
  { "name": "stackless/language-service" }
Entries already there are left alone; comments and formatting are kept. In a TypeScript 7
project it also sets "allowUnusedLabels": true: TypeScript 7 runs no plugin that could drop
its TS7028 ("Unused label") on state labels, which name states and are never jumped to.

Options:
  -p, --project <file>  the tsconfig to edit
  --prepare             also add "prepare": "ts-patch install -s" to package.json's scripts
                        (ts-patch's persistent mode: plain tsc then runs the transformer)
  -h, --help            show this text
`;

/** The entries `init` writes, in order; each is matched by its identifying keys. */
export const PLUGIN_ENTRIES: readonly Record<string, unknown>[] = [
  { transform: "stackless/transformer" },
  { transform: "stackless/transformer", import: "transformProgram", transformProgram: true },
  { name: "stackless/language-service" },
];

function sameEntry(existing: unknown, wanted: Record<string, unknown>): boolean {
  if (typeof existing !== "object" || existing === null) return false;
  const e = existing as Record<string, unknown>;
  if ("name" in wanted) return e.name === wanted.name;
  return e.transform === wanted.transform && (e.import ?? undefined) === (wanted.import ?? undefined);
}

/** Guesses the file's indentation so inserted text matches it. */
function formatting(text: string): FormattingOptions {
  const indent = /\n([ \t]+)\S/.exec(text)?.[1] ?? "  ";
  return { insertSpaces: !indent.includes("\t"), tabSize: indent.includes("\t") ? 1 : indent.length, eol: text.includes("\r\n") ? "\r\n" : "\n" };
}

/** `{ "transform": "stackless/transformer" }`: one entry on one line, as people write them. */
function entryText(entry: Record<string, unknown>): string {
  return `{ ${Object.entries(entry).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(", ")} }`;
}

/** The tsconfig text with the missing entries appended to compilerOptions.plugins; the same text when none is missing. */
export function addPluginEntries(text: string): { text: string; added: number } {
  const options = formatting(text);
  const source = text.trim() ? text : "{}\n";
  const parsed = parse(source) as { compilerOptions?: { plugins?: unknown } } | undefined;
  const plugins = Array.isArray(parsed?.compilerOptions?.plugins) ? (parsed!.compilerOptions!.plugins as unknown[]) : [];
  const missing = PLUGIN_ENTRIES.filter((wanted) => !plugins.some((p) => sameEntry(p, wanted)));
  if (!missing.length) return { text, added: 0 };
  const array = findNodeAtLocation(parseTree(source)!, ["compilerOptions", "plugins"]);
  const last = array?.type === "array" ? array.children?.at(-1) : undefined;
  if (!last) {
    // No entries yet: nothing of the user's to keep inside the array, so the editor lays it out.
    return { text: applyEdits(source, modify(source, ["compilerOptions", "plugins"], [...plugins, ...missing], { formattingOptions: options })), added: missing.length };
  }
  // After the last entry, in its layout: one entry per line with its indentation, or inline.
  const lineStart = source.lastIndexOf("\n", last.offset) + 1;
  const before = source.slice(lineStart, last.offset);
  const separator = /^\s*$/.test(before) ? `,${options.eol}${before}` : ", ";
  const insertion = missing.map((entry) => separator + entryText(entry)).join("");
  const end = last.offset + last.length;
  return { text: source.slice(0, end) + insertion + source.slice(end), added: missing.length };
}

/**
 * The tsconfig text with compilerOptions.allowUnusedLabels set to true (TypeScript 7: state
 * labels would be TS7028 errors under false, and no plugin can filter them); unchanged when it is already true.
 */
export function allowUnusedLabels(text: string): { text: string; changed: boolean } {
  const parsed = parse(text) as { compilerOptions?: { allowUnusedLabels?: unknown } } | undefined;
  if (parsed?.compilerOptions?.allowUnusedLabels === true) return { text, changed: false };
  return { text: applyEdits(text, modify(text, ["compilerOptions", "allowUnusedLabels"], true, { formattingOptions: formatting(text) })), changed: true };
}

/** Whether the project at `dir` builds with TypeScript 7 or later (the native compiler). */
function isTypeScript7(dir: string): boolean {
  const version = projectTypescriptVersion(dir);
  return version !== undefined && Number(version.split(".")[0]) >= 7;
}

function parseArgs(args: readonly string[]): { project: string; prepare: boolean } | string {
  let project = "tsconfig.json";
  let prepare = false;
  for (let i = 0; i < args.length; i++) {
    if (args[i] === "-p" || args[i] === "--project") {
      const value = args[++i];
      if (value === undefined) return `${args[i - 1]} needs a file name`;
      project = value;
    } else if (args[i] === "--prepare") prepare = true;
    else return `unknown argument '${args[i]}'`;
  }
  return { project, prepare };
}

function run(args: readonly string[], io: CliIO): number {
  const parsed = parseArgs(args);
  if (typeof parsed === "string") {
    io.stderr(`stackless init: ${parsed}\n\n${USAGE}`);
    return 2;
  }
  let configPath = path.resolve(io.cwd, parsed.project);
  if (fs.existsSync(configPath) && fs.statSync(configPath).isDirectory()) configPath = path.join(configPath, "tsconfig.json");
  const before = fs.existsSync(configPath) ? fs.readFileSync(configPath, "utf8") : "{\n  \"compilerOptions\": {}\n}\n";
  const { text: withEntries, added } = addPluginEntries(before);
  const native = isTypeScript7(path.dirname(configPath));
  const labels = native ? allowUnusedLabels(withEntries) : { text: withEntries, changed: false };
  if (added || labels.changed || !fs.existsSync(configPath)) fs.writeFileSync(configPath, labels.text);
  const shown = path.relative(io.cwd, configPath) || configPath;
  io.stdout(added ? `stackless: added ${added} plugin entr${added === 1 ? "y" : "ies"} to ${shown}\n` : `stackless: ${shown} already has stackless's plugin entries\n`);
  if (labels.changed) io.stdout(`stackless: set "allowUnusedLabels": true in ${shown} (TypeScript 7 reports state labels as TS7028 otherwise, and runs no plugin that could leave them out)\n`);
  if (parsed.prepare) addPrepareScript(path.dirname(configPath), io);
  if (native) {
    io.stdout(
      "\nNext steps (TypeScript 7: no transformers or tsserver plugins run in it):\n" +
        "  - build: `npx stackless transform src --js --out-dir out` (or `node --import stackless/register`, or a bundler plugin)\n" +
        "  - CI: `npx tsc --noEmit` and `npx stackless check -p .` side by side\n" +
        "  - editor: `stackless lsp --stdio` beside TypeScript's own server (the VS Code extension in editors/vscode starts it)\n",
    );
    return 0;
  }
  io.stdout(
    "\nNext steps:\n" +
      "  - build with `npx tspc` (ts-patch: 4 for TypeScript 6, 3 for TypeScript 5)" + (parsed.prepare ? ", or plain tsc after `npm install` ran prepare" : "") + "\n" +
      "  - VS Code: run \"TypeScript: Select TypeScript Version\" and pick \"Use Workspace Version\",\n" +
      "    so the editor's tsserver loads stackless/language-service from node_modules\n",
  );
  return 0;
}

function addPrepareScript(dir: string, io: CliIO): void {
  const file = path.join(dir, "package.json");
  if (!fs.existsSync(file)) {
    io.stderr(`stackless init: no package.json in ${dir}; the prepare script was not added\n`);
    return;
  }
  const text = fs.readFileSync(file, "utf8");
  const scripts = ((parse(text) ?? {}) as { scripts?: Record<string, string> }).scripts ?? {};
  const wanted = "ts-patch install -s";
  if (scripts.prepare?.includes(wanted)) {
    io.stdout("stackless: package.json's prepare script already runs ts-patch install\n");
    return;
  }
  const value = scripts.prepare ? `${scripts.prepare} && ${wanted}` : wanted;
  fs.writeFileSync(file, applyEdits(text, modify(text, ["scripts", "prepare"], value, { formattingOptions: formatting(text) })));
  io.stdout(`stackless: package.json's prepare script now runs \`${wanted}\`\n`);
}

export const initCommand: Command = {
  name: "init",
  summary: "add stackless's plugin entries to a tsconfig (comments kept; --prepare for ts-patch's persistent mode)",
  usage: USAGE,
  run,
};
