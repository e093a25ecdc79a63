/**
 * The shipped declarations (dist/runtime/*.d.ts) tell the truth and type-check in ordinary
 * projects: test/types/cases is compiled by a real tsc under `strict` with `skipLibCheck: false`,
 * on every TypeScript SPEC promises (5.5, 5.9, 6.0) and with lib es2020 and es2022 (no
 * esnext.disposable, no @types/node that would declare Symbol.dispose for us).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { TYPESCRIPTS, runTsc, typescriptVersion } from "../support/tsc";

// Compiled from dist/test/types, the cases stay in the source tree (the build excludes them).
const casesDir = path.resolve(__dirname, "../../../test/types/cases");
const cases = fs
  .readdirSync(casesDir)
  .filter((f) => f.endsWith(".ts"))
  .map((f) => path.join(casesDir, f));

describe("declarations: tsc --strict on test/types/cases against dist/runtime", () => {
  it("finds the type cases", () => {
    expect(cases.map((f) => path.basename(f))).to.include("markers.ts");
  });

  it("types the README's summer as the README writes it (its text is in the cases)", () => {
    const readme = fs.readFileSync(path.resolve(casesDir, "../../../README.md"), "utf8");
    const summer = /^export const summer = coroutine\([\s\S]*?^\}\);$/m.exec(readme)?.[0];
    expect(summer, "the README's summer").to.be.a("string");
    expect(fs.readFileSync(path.join(casesDir, "markers.ts"), "utf8")).to.contain(summer);
  });

  it("has TypeScript 6.0, 5.9 and 5.5 installed", () => {
    expect(TYPESCRIPTS.map((pkg) => typescriptVersion(pkg).split(".").slice(0, 2).join("."))).to.deep.equal(["6.0", "5.9", "5.5"]);
  });

  for (const pkg of TYPESCRIPTS) {
    for (const lib of ["es2020", "es2022"]) {
      it(`type-checks with ${pkg} (${typescriptVersion(pkg)}), lib ${lib}, skipLibCheck false`, () => {
        const r = runTsc(pkg, cases, {
          strict: true,
          noEmit: true,
          skipLibCheck: false,
          target: "es2022",
          lib: [lib],
          module: "node16",
          moduleResolution: "node16",
          types: [],
        });
        expect(r.output).to.equal("");
        expect(r.exitCode).to.equal(0);
      });
    }
  }
});
