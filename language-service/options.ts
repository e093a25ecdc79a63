/** The plugin entry's options (`severity`, `inlayHints`), read defensively from whatever tsconfig holds. */
import { mergeSeverityOptions, type SuppressionOptions } from "../analysis/suppression";

export interface PluginOptions {
  readonly suppression: SuppressionOptions;
  /** State names before each unlabelled suspension; off by default. */
  readonly inlayHints: boolean;
}

/**
 * `entry` is this plugin's configuration (its tsconfig entry, or what a configurePlugin request
 * sent); `projectEntries` are the project's other stackless plugin entries, whose `severity` the
 * build also reads: the editor applies the same, with `entry` winning for a code.
 */
export function readPluginOptions(entry: unknown, projectEntries: readonly unknown[] = []): PluginOptions {
  const inlayHints = (entry as { inlayHints?: unknown } | null | undefined)?.inlayHints === true;
  return { suppression: mergeSeverityOptions([...projectEntries, entry]), inlayHints };
}
