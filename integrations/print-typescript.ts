/**
 * Prints a transformed TypeScript file back to TypeScript, with a source map to the original
 * text. TypeScript's public printer has no source maps; its emitter's printer does, through
 * createTextWriter / createSourceMapGenerator / printer.writeFile, which typescript.js
 * exports in 5.x and 6.x without declaring them. Without them the map is left out.
 */
import * as path from "path";
import type * as TS from "typescript";

interface EmitterInternals {
  createTextWriter?(newLine: string): unknown;
  createSourceMapGenerator?(host: object, file: string, sourceRoot: string, sourcesDirectoryPath: string, options: object): { toString(): string };
}

export interface Printed {
  text: string;
  /** Source map JSON; undefined when this TypeScript lacks the emitter internals. */
  map?: string;
}

/** Print `file` (already transformed) as `outFile`; the map's sources are relative to `outFile`'s folder. */
export function printTypeScript(ts: typeof TS, file: TS.SourceFile, outFile: string): Printed {
  // sourceMap and inlineSources are printer options of the emitter too (sourcesContent in the map).
  const printer = ts.createPrinter({ newLine: ts.NewLineKind.LineFeed, sourceMap: true, inlineSources: true } as TS.PrinterOptions) as TS.Printer & { writeFile?(file: TS.SourceFile, writer: unknown, map: unknown): void };
  const internals = ts as unknown as EmitterInternals;
  if (!internals.createTextWriter || !internals.createSourceMapGenerator || !printer.writeFile) return { text: printer.printFile(file) };
  const writer = internals.createTextWriter("\n") as { getText(): string };
  const outDir = path.dirname(path.resolve(outFile));
  const host = { getCurrentDirectory: () => outDir, getCanonicalFileName: (f: string) => f, useCaseSensitiveFileNames: () => true };
  const generator = internals.createSourceMapGenerator(host, path.basename(outFile), "", outDir, { sourceMap: true, inlineSources: true });
  printer.writeFile(file, writer, generator);
  return { text: writer.getText(), map: generator.toString() };
}
