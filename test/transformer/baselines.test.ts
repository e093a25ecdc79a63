/**
 * Output baselines: the generated JavaScript of the samples and of docs/generated-code.md's ```ts blocks,
 * checked in under test/transformer/baselines/ (accepted with STACKLESS_ACCEPT=1, reviewed as
 * diffs), so that any change of generated code shows up in review.
 */
import * as fs from "fs";
import * as path from "path";
import { transformSource } from "../../transformer";
import { expectGolden, SOURCE_TEST_DIR } from "../support/golden";

const REPO = path.dirname(SOURCE_TEST_DIR);

/** The ```ts blocks of a markdown text that are meant to compile (not the fails=… ones). */
function tsBlocks(markdown: string): string[] {
  const blocks: string[] = [];
  const fence = /^```ts([^\n]*)\n([\s\S]*?)^```/gm;
  for (let m = fence.exec(markdown); m; m = fence.exec(markdown)) if (!/fails=/.test(m[1])) blocks.push(m[2]);
  return blocks;
}

function output(code: string, fileName: string): string {
  const r = transformSource(code, { fileName, compilerOptions: { sourceMap: false } });
  const codes = r.diagnostics.filter((d) => d.code >= 70000).map((d) => `// diagnostic ${d.code}\n`);
  return codes.join("") + r.outputText;
}

describe("transformer: output baselines", () => {
  const samples = path.join(REPO, "samples");
  for (const name of fs.readdirSync(samples).filter((n) => n.endsWith(".ts")).sort()) {
    it(`samples/${name}`, () => {
      expectGolden(`transformer/baselines/samples/${name.replace(/\.ts$/, ".js")}`, output(fs.readFileSync(path.join(samples, name), "utf8"), name));
    });
  }
  const docs = path.join(REPO, "docs");
  // The page about the generated code (other pages' blocks are checked by running them; a
  // baseline of theirs would fail on every edit of the page).
  for (const name of ["generated-code.md"]) {
    const blocks = tsBlocks(fs.readFileSync(path.join(docs, name), "utf8")).filter((b) => b.includes("stackless"));
    if (blocks.length === 0) continue;
    it(`docs/${name} (${blocks.length} blocks)`, () => {
      const text = blocks.map((b, i) => `// ---- block ${i + 1}\n${output(b, `${name}-${i + 1}.ts`)}`).join("\n");
      expectGolden(`transformer/baselines/docs/${name.replace(/\.md$/, ".js")}`, text);
    });
  }
});
