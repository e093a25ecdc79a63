/** The markers at run time: what an untransformed marker throws, in each of the three cases; errors and Poll. */
import { expect } from "chai";
import * as fs from "fs";
import * as path from "path";
import { CoroutineError, Poll, await_, coroutine, future, generator, notCompiled, yield_ } from "../../runtime/index";

const SUSPENSIONS = ["yield_", "yield_.from", "await_"];

describe("runtime/markers: untransformed markers", () => {
  const markers: [string, () => unknown][] = [
    ["coroutine", () => coroutine((x: number) => x)],
    ["coroutine.yieldAtStart", () => coroutine.yieldAtStart(() => 1)],
    ["coroutine.loop", () => coroutine.loop((x: number) => x)],
    ["coroutine.unified", () => coroutine.unified((x: number) => x)],
    ["generator", () => generator(() => "r")],
    ["generator.unified", () => generator.unified((x: number) => x)],
    ["future", () => future(() => 1)],
    ["yield_", () => yield_(1)],
    ["yield_.from", () => yield_.from([1, 2])],
    ["await_", () => await_(Promise.resolve(1))],
  ];

  const thrown = (call: () => unknown): CoroutineError => {
    try {
      call();
    } catch (e) {
      expect(e).to.be.instanceOf(CoroutineError);
      expect((e as CoroutineError).code).to.equal("NOT_TRANSFORMED");
      return e as CoroutineError;
    }
    throw new Error("expected NOT_TRANSFORMED");
  };

  for (const [name, call] of markers.filter(([n]) => !SUSPENSIONS.includes(n))) {
    it(`${name}() says no transformer compiled the file, and lists the setups`, () => {
      const message = thrown(call).message;
      expect(message.startsWith(`${name}() ran untransformed: no stackless transformer compiled this file`), message).to.equal(true);
      expect(message).to.contain(`{ "transform": "stackless/transformer" } in compilerOptions.plugins`);
      expect(message).to.contain("docs/toolchains.md");
    });
  }

  for (const [name, call] of markers.filter(([n]) => SUSPENSIONS.includes(n))) {
    it(`${name}() says it ran outside a compiled body`, () => {
      const message = thrown(call).message;
      expect(message.startsWith(`${name}() ran outside a compiled body`), message).to.equal(true);
      expect(message).to.contain("70003").and.to.contain("docs/toolchains.md");
    });
  }

  it("the setups the message lists all exist: package subpaths, CLI commands, the docs page", () => {
    const message = thrown(() => coroutine(() => 1)).message;
    const root = path.resolve(__dirname, "../../..");
    const pkg = JSON.parse(fs.readFileSync(path.join(root, "package.json"), "utf8"));
    const subpaths = [...message.matchAll(/stackless\/([a-z-]+)/g)].map((m) => `./${m[1]}`);
    expect(subpaths).to.include.members(["./transformer", "./register", "./ts-loader", "./ts-jest", "./vite", "./esbuild", "./rollup"]);
    for (const sub of subpaths) expect(pkg.exports, sub).to.have.property(sub);
    for (const [, command] of message.matchAll(/npx stackless ([a-z]+)/g)) {
      expect(fs.existsSync(path.join(root, "cli/commands", `${command}.ts`)), command).to.equal(true);
    }
    expect(message).to.contain("ts-patch/compiler");
    expect(fs.existsSync(path.join(root, "node_modules/ts-patch/compiler"))).to.equal(true);
    expect(fs.existsSync(path.join(root, "docs/toolchains.md"))).to.equal(true);
    // Each setup it names has a section of the page.
    const page = fs.readFileSync(path.join(root, "docs/toolchains.md"), "utf8");
    for (const sub of subpaths) expect(page, sub).to.contain(`stackless${sub.slice(1)}`);
  });

  it("notCompiled (what the transformer emits for a refused body) says the code, the reason and where", () => {
    const message = thrown(() => notCompiled("generator", 70007, "an enum declared in a body is not supported", "src/a.ts:3:5", () => 1)).message;
    expect(message).to.equal(
      "generator() was not compiled: the stackless transformer refused this body with error 70007 at src/a.ts:3:5 " +
        "(an enum declared in a body is not supported), so the call throws instead of creating an instance. " +
        "docs/diagnostics.md in the stackless package explains each code and its fix.",
    );
  });

  it("does not run the body it is given", () => {
    let ran = false;
    expect(() =>
      coroutine(() => {
        ran = true;
      }),
    ).to.throw(CoroutineError);
    expect(ran).to.equal(false);
  });
});

describe("runtime/errors: CoroutineError", () => {
  it("is an Error with a stable code, its name and the message", () => {
    const e = new CoroutineError("SNAPSHOT_MISMATCH", "went wrong");
    expect(e).to.be.instanceOf(Error);
    expect(e).to.be.instanceOf(CoroutineError);
    expect(e.code).to.equal("SNAPSHOT_MISMATCH");
    expect(e.name).to.equal("CoroutineError");
    expect(e.message).to.equal("went wrong");
    expect(String(e)).to.equal("CoroutineError: went wrong");
    expect(e.stack).to.be.a("string").and.contain("went wrong");
    expect(Object.prototype.toString.call(e)).to.equal("[object Error]");
  });
});

describe("runtime/poll: Poll", () => {
  it("Poll.ready(v) is a fresh { ready: true, value: v }", () => {
    const p = Poll.ready(42);
    expect(p).to.deep.equal({ ready: true, value: 42 });
    expect(Poll.ready(42)).to.not.equal(p);
    expect(Poll.ready(undefined)).to.deep.equal({ ready: true, value: undefined });
    expect(Poll.isReady(p)).to.equal(true);
  });

  it("Poll.pending is one frozen { ready: false }", () => {
    expect(Poll.pending).to.deep.equal({ ready: false });
    expect(Object.isFrozen(Poll.pending)).to.equal(true);
    expect(Poll.pending).to.equal(Poll.pending);
    expect(Poll.isReady(Poll.pending)).to.equal(false);
    expect(() => {
      "use strict";
      (Poll.pending as { ready: boolean }).ready = true;
    }).to.throw(TypeError);
    expect(Poll.pending.ready).to.equal(false);
  });
});
