/**
 * Severity options and `// @stackless-ignore` comments: what happens to stackless's diagnostics
 * (source "stackless") on their way out to a build or an editor. Pure: it reads the diagnostics'
 * file text and the plugin entry's options, and returns new diagnostics, never mutating any.
 *
 * - `"severity": { "70006": "off" | "warning" | "error" | "suggestion" }` in a plugin entry of
 *   `compilerOptions.plugins` re-grades a code (keys are codes) or drops it ("off").
 * - `// @stackless-ignore 70006` (one or more codes, comma- or space-separated) on the line before
 *   silences those codes on the next line; `// @stackless-ignore` alone silences all of
 *   stackless there. TypeScript's own diagnostics are never touched.
 */
import type * as TS from "typescript";

export type Severity = "off" | "warning" | "error" | "suggestion";

/** The plugin-entry options this module reads; unknown keys are left to others. */
export interface SuppressionOptions {
  /** Code (as a string key, as JSON has it) → severity. */
  readonly severity?: Readonly<Record<string, Severity>>;
}

// ts.DiagnosticCategory's values: stable since TypeScript 1.x, and this module must not load
// a compiler (it runs inside whichever one the host brought).
const CATEGORY: Readonly<Record<Exclude<Severity, "off">, TS.DiagnosticCategory>> = {
  warning: 0 as TS.DiagnosticCategory.Warning,
  error: 1 as TS.DiagnosticCategory.Error,
  suggestion: 2 as TS.DiagnosticCategory.Suggestion,
};

const SEVERITIES: ReadonlySet<string> = new Set(["off", "warning", "error", "suggestion"]);

/** A plugin entry's `severity` option, keeping only well-formed entries (code → known severity). */
export function readSeverityOption(entry: unknown): Record<string, Severity> {
  const severity = (entry as { severity?: unknown } | null | undefined)?.severity;
  const out: Record<string, Severity> = {};
  if (!severity || typeof severity !== "object") return out;
  for (const [code, value] of Object.entries(severity)) {
    if (/^\d+$/.test(code) && typeof value === "string" && SEVERITIES.has(value)) out[code] = value as Severity;
  }
  return out;
}

/** Merge the `severity` options of several plugin entries (later entries win for a code). */
export function mergeSeverityOptions(entries: readonly unknown[]): SuppressionOptions {
  return { severity: Object.assign({}, ...entries.map(readSeverityOption)) };
}

const IGNORE = /\/\/\s*@stackless-ignore\b([^\n]*)/;

/**
 * What a `// @stackless-ignore …` comment in `lineText` silences on the next line: "all", a set
 * of codes, or undefined when the line holds no such comment.
 */
export function ignoredOnNextLine(lineText: string): "all" | ReadonlySet<number> | undefined {
  const m = IGNORE.exec(lineText);
  if (!m) return undefined;
  const codes = m[1]
    .split(/[\s,]+/)
    .filter((w) => /^\d+$/.test(w))
    .map(Number);
  return codes.length ? new Set(codes) : "all";
}

/** The text of the line before the one holding `position`, or undefined on the first line. */
export function previousLineText(text: string, position: number): string | undefined {
  const lineStart = text.lastIndexOf("\n", Math.max(0, position - 1)) + 1;
  if (lineStart === 0) return undefined;
  const previousStart = text.lastIndexOf("\n", lineStart - 2) + 1;
  return text.slice(previousStart, lineStart - 1);
}

/**
 * The stackless entries of a `compilerOptions.plugins` list: a `transform` (either build entry) or
 * a `name` (the tsserver plugin) that names the package. The build, `stackless lsp` and the editor
 * read their options from all of them, so an option means the same wherever it is written.
 */
export function stacklessPluginEntries(plugins: unknown): unknown[] {
  if (!Array.isArray(plugins)) return [];
  const namesStackless = (v: unknown) => typeof v === "string" && v.includes("stackless");
  return plugins.filter((p: { transform?: unknown; name?: unknown } | null) => !!p && (namesStackless(p.transform) || namesStackless(p.name)));
}

/**
 * The severity options a build runs with: those of every stackless entry in the program's
 * `compilerOptions.plugins` (the `transform` entry, the `transformProgram` one and the tsserver
 * plugin's), then `config`, the entry ts-patch is running now.
 */
export function suppressionOptionsOf(program: TS.Program, config: unknown): SuppressionOptions {
  return mergeSeverityOptions([...stacklessPluginEntries(program.getCompilerOptions().plugins), config]);
}

/** Whether a `// @stackless-ignore` on the line before the diagnostic silences it. */
export function isIgnoredByComment(d: TS.Diagnostic): boolean {
  if (!d.file || d.start === undefined) return false;
  const before = previousLineText(d.file.text, d.start);
  const ignored = before === undefined ? undefined : ignoredOnNextLine(before);
  return ignored === "all" || (ignored !== undefined && ignored.has(d.code));
}

/** Whether a diagnostic is stackless's own (the only ones this module changes). */
export function isStacklessDiagnostic(d: TS.Diagnostic): boolean {
  return d.source === "stackless" || (d.code >= 70001 && d.code <= 70999);
}

/** The diagnostics as the options and comments want them: re-graded, or left out. */
export function applySuppression(diagnostics: readonly TS.Diagnostic[], options: SuppressionOptions): TS.Diagnostic[] {
  const out: TS.Diagnostic[] = [];
  for (const d of diagnostics) {
    if (!isStacklessDiagnostic(d)) {
      out.push(d);
      continue;
    }
    const severity = options.severity?.[String(d.code)];
    if (severity === "off" || isIgnoredByComment(d)) continue;
    out.push(severity ? { ...d, category: CATEGORY[severity] } : d);
  }
  return out;
}
