import { expect } from "chai";
import { CoroutineError, Poll, await_, coroutine, future, generator, yield_ } from "../../runtime/index";

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

  for (const [name, call] of markers) {
    it(`${name}() throws CoroutineError NOT_TRANSFORMED saying how to configure the transformer`, () => {
      let caught: unknown;
      try {
        call();
      } catch (e) {
        caught = e;
      }
      expect(caught).to.be.instanceOf(CoroutineError);
      const e = caught as CoroutineError;
      expect(e.code).to.equal("NOT_TRANSFORMED");
      expect(e.message).to.contain("stackless/transformer");
      expect(e.message).to.contain("compilerOptions.plugins");
      expect(e.message.startsWith(`${name}()`), e.message).to.equal(true);
    });
  }

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
