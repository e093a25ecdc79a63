/** The plugin entry's options (`severity`, `inlayHints`), read defensively from whatever tsconfig holds. */
import { readSeverityOption, type SuppressionOptions } from "../analysis/suppression";

export interface PluginOptions {
  readonly suppression: SuppressionOptions;
  /** State names before each unlabelled suspension; off by default. */
  readonly inlayHints: boolean;
}

export function readPluginOptions(entry: unknown): PluginOptions {
  const inlayHints = (entry as { inlayHints?: unknown } | null | undefined)?.inlayHints === true;
  return { suppression: { severity: readSeverityOption(entry) }, inlayHints };
}
