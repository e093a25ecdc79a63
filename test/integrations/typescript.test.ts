/**
 * The compiler resolver: a project's own typescript 5.5–6.x is used, TypeScript 7 or none gets
 * stackless's bundled TypeScript 6 (loaded from the `typescript6` alias).
 */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { bundledTypescript, hasJavaScriptApi, projectTypescriptVersion, resolveCompiler } from "../../integrations/typescript";
import { NODE_MODULES, scratch } from "./scratch";

describe("integrations/typescript: which compiler stackless runs on", () => {
  it("accepts 5.5 up to 6.x and nothing else", () => {
    expect(["5.5.4", "5.9.3", "6.0.3", "6.9.0-dev"].map(hasJavaScriptApi)).to.deep.equal([true, true, true, true]);
    expect(["5.4.5", "4.9.5", "7.0.2", "7.1.0-dev.20260101"].map(hasJavaScriptApi)).to.deep.equal([false, false, false, false]);
  });

  it("uses the project's TypeScript 5.9 and 5.5 as they are", () => {
    for (const alias of ["typescript5", "typescript55"]) {
      const dir = scratch("resolve-ts5", {});
      fs.symlinkSync(path.join(NODE_MODULES, alias), path.join(dir, "node_modules/typescript"), "dir");
      const resolved = resolveCompiler(path.join(dir, "src"));
      expect(resolved.origin).to.equal("project");
      expect(resolved.ts).to.equal(require(path.join(NODE_MODULES, alias)));
    }
  });

  it("passes over a TypeScript 7 package (no JavaScript API) for the bundled TypeScript 6", () => {
    const dir = scratch("resolve-ts7", {
      // TypeScript 7's package as far as resolution sees it: a version and no compiler module.
      "node_modules/typescript/package.json": JSON.stringify({ name: "typescript", version: "7.0.2", exports: { ".": "./missing.js" } }),
    });
    const resolved = resolveCompiler(dir);
    expect(resolved).to.include({ origin: "bundled", skipped: "7.0.2" });
    expect(resolved.ts).to.equal(bundledTypescript());
    expect(resolved.ts.version).to.match(/^6\.0\./);
    expect(projectTypescriptVersion(dir)).to.equal("7.0.2");
  });

  it("uses the bundled TypeScript 6 where there is no typescript at all", () => {
    const dir = scratch("resolve-none", {});
    expect(resolveCompiler(dir)).to.include({ origin: "bundled", skipped: undefined });
    expect(projectTypescriptVersion(dir)).to.equal(undefined);
  });

  it("is a separate module from the development typescript (the alias is its own install)", () => {
    expect(require.resolve("typescript6")).to.not.equal(require.resolve("typescript"));
    expect(bundledTypescript().createProgram).to.be.a("function");
  });
});
