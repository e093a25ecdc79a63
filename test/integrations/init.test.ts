/**
 * `stackless init` on real files: the three plugin entries appended in the tsconfig's own
 * layout with its comments kept, nothing changed on a second run, the prepare script, and the
 * result read back by TypeScript's own tsconfig parser.
 */
import { expect } from "chai";
import * as fs from "fs";
import * as os from "os";
import * as path from "path";
import * as ts from "typescript";
import { main } from "../../cli";
import type { CliIO } from "../../cli/command";

async function init(args: string[], cwd: string): Promise<{ code: number; stdout: string }> {
  let stdout = "";
  const io: CliIO = { stdout: (t) => void (stdout += t), stderr: (t) => void (stdout += t), cwd, isTTY: false };
  return { code: await main(["init", ...args], io), stdout };
}

const WRITTEN = `{
    // my settings
    "compilerOptions": {
        "strict": true, /* keep this */
        "plugins": [
            { "transform": "other-transformer" }
        ]
    }
}
`;

describe("stackless init", () => {
  let dir = "";
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "stackless-init-"));
    fs.writeFileSync(path.join(dir, "tsconfig.json"), WRITTEN);
    fs.writeFileSync(path.join(dir, "package.json"), `{\n  "name": "app",\n  "scripts": { "build": "tsc" }\n}\n`);
  });

  it("appends the three entries in the file's layout, keeping comments and the entry already there", async () => {
    const r = await init([], dir);
    expect(r.code).to.equal(0);
    expect(r.stdout).to.contain("added 3 plugin entries");
    expect(r.stdout).to.contain("Use Workspace Version");
    expect(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).to.equal(`{
    // my settings
    "compilerOptions": {
        "strict": true, /* keep this */
        "plugins": [
            { "transform": "other-transformer" },
            { "transform": "stackless/transformer" },
            { "transform": "stackless/transformer", "import": "transformProgram", "transformProgram": true },
            { "name": "stackless/language-service" }
        ]
    }
}
`);
    const read = ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile);
    expect(read.error).to.equal(undefined);
    expect(read.config.compilerOptions.plugins).to.have.length(4);
  });

  it("leaves allowUnusedLabels alone in a project whose TypeScript runs plugins (5.5-6.x)", async () => {
    // This repository's typescript (6.0) resolves from the temp folder's parents only if linked: link it.
    fs.mkdirSync(path.join(dir, "node_modules"));
    fs.symlinkSync(path.dirname(require.resolve("typescript/package.json")), path.join(dir, "node_modules/typescript"), "dir");
    const r = await init([], dir);
    expect(r.stdout).to.not.contain("allowUnusedLabels");
    expect(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).to.not.contain("allowUnusedLabels");
  });

  it("is idempotent: a second run changes no byte", async () => {
    await init([], dir);
    const once = fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8");
    const r = await init([], dir);
    expect(r.stdout).to.contain("already has");
    expect(fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8")).to.equal(once);
  });

  it("adds only what is missing, and creates compilerOptions.plugins when absent", async () => {
    fs.writeFileSync(path.join(dir, "tsconfig.json"), `// top comment\n{ "compilerOptions": { "strict": true } }\n`);
    await init([], dir);
    const text = fs.readFileSync(path.join(dir, "tsconfig.json"), "utf8");
    expect(text.startsWith("// top comment\n")).to.equal(true);
    expect(ts.readConfigFile(path.join(dir, "tsconfig.json"), ts.sys.readFile).config.compilerOptions).to.deep.equal({
      strict: true,
      plugins: [
        { transform: "stackless/transformer" },
        { transform: "stackless/transformer", import: "transformProgram", transformProgram: true },
        { name: "stackless/language-service" },
      ],
    });
  });

  it("--prepare adds ts-patch's persistent mode to package.json once", async () => {
    await init(["--prepare"], dir);
    await init(["--prepare"], dir);
    const pkg = JSON.parse(fs.readFileSync(path.join(dir, "package.json"), "utf8"));
    expect(pkg.scripts).to.deep.equal({ build: "tsc", prepare: "ts-patch install -s" });
  });

  it("stackless --help lists transform and init; init --help prints its usage", async () => {
    let out = "";
    const io: CliIO = { stdout: (t) => void (out += t), stderr: (t) => void (out += t), cwd: dir, isTTY: false };
    expect(await main(["--help"], io)).to.equal(0);
    expect(out).to.match(/^  transform /m);
    expect(out).to.match(/^  init /m);
    out = "";
    expect(await main(["init", "--help"], io)).to.equal(0);
    expect(out).to.contain("Usage: stackless init");
    out = "";
    expect(await main(["transform", "--help"], io)).to.equal(0);
    expect(out).to.contain("Usage: stackless transform");
  });
});
