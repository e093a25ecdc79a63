/**
 * docs/designs.md: its diagrams, SVGs and generated classes are what `stackless graph` and the
 * transformer give on the samples today (regenerate with `npm run diagrams`), and its ```ts
 * blocks compile with the transformer and print what their `// …` comments say.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import * as ts from "typescript";
import { DESIGNS, ROOT, generate, stale } from "./gallery";
import { load } from "../support/load";

describe("docs/designs.md", () => {
  it("every committed diagram, SVG and generated class matches stackless graph and the transformer on its sample (npm run diagrams)", async () => {
    expect(await stale()).to.deep.equal([]);
  });

  it("the generated regions come from the samples alone, not from what is committed", async () => {
    const committed = fs.readFileSync(DESIGNS, "utf8");
    const emptied = committed.replace(/(<!-- graph \S+ \S+ -->\n)[\s\S]*?(<!-- \/graph -->)/g, "$1$2");
    expect(emptied).to.not.equal(committed);
    const files = await generate(emptied);
    expect(files.get("docs/designs.md")).to.equal(committed);
    expect([...files.keys()].filter((f) => f.endsWith(".svg"))).to.have.length(22);
  });

  const blocks = [...fs.readFileSync(DESIGNS, "utf8").matchAll(/```ts\n([\s\S]*?)```/g)].map((m) => m[1]);

  it("its ts blocks type-check under strict against the shipped declarations", () => {
    expect(blocks.length).to.be.greaterThan(8);
    // The last one is wrong on purpose: the check must be able to fail.
    const sources = [...blocks, `import { coroutine } from "stackless";\ncoroutine((n: number) => n).resume("five");\n`];
    const names = sources.map((_, i) => path.join(ROOT, `__designs_block_${i}.ts`));
    const options: ts.CompilerOptions = {
      strict: true,
      noEmit: true,
      target: ts.ScriptTarget.ES2022,
      module: ts.ModuleKind.Node16,
      moduleResolution: ts.ModuleResolutionKind.Node16,
      types: ["node"],
      lib: ["lib.es2022.d.ts", "lib.esnext.disposable.d.ts"],
      // "stackless" as a user sees it: the built declarations.
      paths: { stackless: [path.join(ROOT, "dist/runtime/index.d.ts")] },
    };
    const host = ts.createCompilerHost(options);
    const read = host.getSourceFile.bind(host);
    host.getSourceFile = (file, lang, ...rest) => {
      const i = names.indexOf(path.resolve(file));
      return i >= 0 ? ts.createSourceFile(file, sources[i], lang) : read(file, lang, ...rest);
    };
    host.fileExists = ((exists) => (file: string) => names.includes(path.resolve(file)) || exists(file))(host.fileExists.bind(host));
    const program = ts.createProgram(names, options, host);
    const messages = ts.getPreEmitDiagnostics(program).map((d) => `${d.file ? path.basename(d.file.fileName) : ""}: ${ts.flattenDiagnosticMessageText(d.messageText, " ")}`);
    expect(messages, messages.join("\n")).to.have.length(1);
    expect(messages[0]).to.match(new RegExp(`^__designs_block_${blocks.length}\\.ts: Argument of type 'string'`));
  });

  it("its ts blocks compile with the transformer and print what their comments say", () => {
    for (const code of blocks) {
      const expected = [...code.matchAll(/console\.log\(.*\); \/\/ (.*)$/gm)].map((m) => m[1]);
      const printed: string[] = [];
      const log = console.log;
      console.log = (...args: unknown[]) => void printed.push(args.map(String).join(" "));
      try {
        load(code, { fileName: "designs.ts" });
      } finally {
        console.log = log;
      }
      expect(printed, code).to.deep.equal(expected);
    }
  });
});
