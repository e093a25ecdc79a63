/**
 * A mocha `--require` hook that records every module text the tests hand to the transformer
 * (transformSource and the transformer factory) into the JSON file named by
 * STACKLESS_RECORD_SOURCES, so dump-outputs.ts can replay the test fixtures.
 * Usage: STACKLESS_RECORD_SOURCES=/tmp/corpus.json npx mocha --require dist/test/support/record-sources.js dist/test/transformer/*.test.js
 */
import * as fs from "fs";
import * as path from "path";
import type * as TS from "typescript";

export interface RecordedSource {
  fileName: string;
  code: string;
}

const target = process.env.STACKLESS_RECORD_SOURCES;
if (target) {
  const recorded = new Map<string, RecordedSource>();
  const keep = (fileName: string, code: string): void => {
    if (code.includes("stackless")) recorded.set(`${fileName}\0${code}`, { fileName, code });
  };
  // The exports object of the compiled entry: tests read its properties at each call.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const entry = require(path.resolve(__dirname, "../../transformer/index.js")) as Record<string, unknown>;
  const transformSource = entry.transformSource as (code: string, o?: { fileName?: string }) => unknown;
  entry.transformSource = (code: string, o: { fileName?: string } = {}) => {
    keep(o.fileName ?? "module.ts", code);
    return transformSource(code, o);
  };
  const factory = entry.transformer as (...a: unknown[]) => TS.TransformerFactory<TS.SourceFile>;
  entry.transformer = (...a: unknown[]) => {
    const made = factory(...a);
    return (ctx: TS.TransformationContext) => {
      const inner = made(ctx);
      return (file: TS.SourceFile) => {
        keep(path.basename(file.fileName), file.text);
        return inner(file);
      };
    };
  };
  process.on("exit", () => fs.writeFileSync(target, JSON.stringify([...recorded.values()], null, 1)));
}
