import { expect } from "chai";
import * as ts from "typescript";
import { bindFile } from "../../analysis/scopes";
import { parse, identifier } from "../support/parse";

describe("analysis/scopes: the syntactic binder", () => {
  it("resolves block-scoped shadowing", () => {
    const file = parse(`let x = 1; { let x = 2; use(x); } use(x);`);
    const b = bindFile(ts, file);
    const outer = b.refs.get(identifier(file, "x", 0))!;
    const inner = b.refs.get(identifier(file, "x", 1))!;
    expect(outer).to.not.equal(inner);
    expect(b.refs.get(identifier(file, "x", 2))).to.equal(inner);
    expect(b.refs.get(identifier(file, "x", 3))).to.equal(outer);
  });

  it("hoists var and function declarations to the function scope", () => {
    const file = parse(`function f() { use(v, g); { var v = 1; } function g() {} }`);
    const b = bindFile(ts, file);
    const v = b.refs.get(identifier(file, "v", 0))!;
    expect(v.kind).to.equal("var");
    expect(b.refs.get(identifier(file, "v", 1))).to.equal(v);
    expect(b.refs.get(identifier(file, "g", 0))!.kind).to.equal("function");
  });

  it("marks writes and captures", () => {
    const file = parse(`function f() { let a = 1, b = 2, c = 3; a++; [b] = [4]; return () => c; }`);
    const b = bindFile(ts, file);
    const a = b.refs.get(identifier(file, "a", 0))!;
    const bb = b.refs.get(identifier(file, "b", 0))!;
    const c = b.refs.get(identifier(file, "c", 0))!;
    expect([a.assigned, bb.assigned, c.assigned]).to.deep.equal([true, true, false]);
    expect([a.captured, c.captured]).to.deep.equal([false, true]);
  });

  it("ignores property names, labels and types; reports globals as free", () => {
    const file = parse(`const p = 1; const o = { p: 2 }; o.p; L: for (;;) break L; let t: p; console.log(p);`);
    const b = bindFile(ts, file);
    expect(b.refs.has(identifier(file, "p", 1))).to.equal(false); // { p: 2 }
    expect(b.refs.has(identifier(file, "p", 2))).to.equal(false); // o.p
    expect(b.refs.has(identifier(file, "L", 0))).to.equal(false);
    expect(b.free.has(identifier(file, "console"))).to.equal(true);
    expect(b.refs.get(identifier(file, "p", 4))!.kind).to.equal("const");
  });

  it("binds shorthand properties, catch parameters and for-of heads", () => {
    const file = parse(`try {} catch ({ message }) { use({ message }); } for (const [k] of xs) use(k);`);
    const b = bindFile(ts, file);
    expect(b.refs.get(identifier(file, "message", 1))!.kind).to.equal("catch");
    expect(b.refs.get(identifier(file, "k", 1))!.kind).to.equal("const");
  });

  it("tells using declarations from const", () => {
    const file = parse(`{ using r = open(); const c = 1; use(r, c); }`);
    const b = bindFile(ts, file);
    expect(b.refs.get(identifier(file, "r", 1))!.kind).to.equal("using");
    expect(b.refs.get(identifier(file, "c", 1))!.kind).to.equal("const");
  });
});
