import { expect } from "chai";
import { CoroutineError, PANICKED, RUNNING, blockOn } from "../../runtime/index";
import { shapeVersion } from "../../runtime/machine";
import type { Future, Snapshot, StacklessGenerator } from "../../runtime/index";
import { Accumulator, Counter, Doubler, expectCode, Resource } from "./fixtures";

/** Counter as its users see it: a StacklessGenerator (the generated class's public face). */
function counter(limit = 3): StacklessGenerator<number, string, unknown> & Counter {
  return new Counter(limit) as unknown as StacklessGenerator<number, string, unknown> & Counter;
}

/** An Accumulator suspended at Add after resume(first) and resume(...more). */
function accumulator(first: number, ...more: unknown[]): Accumulator {
  const a = new Accumulator();
  a.resume(first);
  for (const x of more) a.resume(x);
  return a;
}

describe("runtime/machine: hand-written machines on the bases", () => {
  it("uses the contract's state encoding", () => {
    expect(RUNNING).to.equal(-1);
    expect(PANICKED).to.equal(-2);
  });

  describe("state and done", () => {
    it("names Start, the suspension states and Done, and reports done only in Done", () => {
      const a = new Accumulator();
      expect(a.state).to.equal("Start");
      expect(a.done).to.equal(false);
      expect(a.resume(5)).to.equal(5);
      expect(a.state).to.equal("Add");
      expect(a.done).to.equal(false);
      expect(a.resume(2)).to.equal(7);
      expect(a.state).to.equal("Add");
      expect(a.resume(0)).to.equal(-7);
      expect(a.state).to.equal("Done");
      expect(a.done).to.equal(true);
      expect(a.panicked).to.equal(false);
    });

    it("reads Done, done and panicked after the body threw", () => {
      const a = accumulator(1);
      expect(() => a.resume("boom")).to.throw(Error, "boom");
      expect(a.state).to.equal("Done");
      expect(a.done).to.equal(true);
      expect(a.panicked).to.equal(true);
    });

    it("walks a generator through its named states", () => {
      const g = counter(2);
      const seen: string[] = [g.state];
      while (!g.next().done) seen.push(g.state);
      seen.push(g.state);
      expect(seen).to.deep.equal(["Start", "Tick", "Tick", "Done"]);
    });
  });

  describe("resume on a finished instance", () => {
    it("throws RESUMED_AFTER_COMPLETION from resume, next and throw once Done", () => {
      const a = accumulator(1, 0);
      const e = expectCode(() => a.resume(1), "RESUMED_AFTER_COMPLETION");
      expect(e.message).to.contain(Accumulator.site);
      expectCode(() => a.throw(new Error("x")), "RESUMED_AFTER_COMPLETION");

      const g = counter(0);
      expect(g.next()).to.deep.equal({ value: "end", done: true });
      expectCode(() => g.next(), "RESUMED_AFTER_COMPLETION");
      expectCode(() => g.resume(undefined), "RESUMED_AFTER_COMPLETION");
    });

    it("throws RESUMED_AFTER_PANIC after the body threw, from resume and throw", () => {
      const a = accumulator(1);
      expect(() => a.resume("boom")).to.throw("boom");
      expectCode(() => a.resume(1), "RESUMED_AFTER_PANIC");
      expectCode(() => a.throw(new Error("x")), "RESUMED_AFTER_PANIC");
    });

    it("throws RESUMED_AFTER_PANIC from poll after a future's poll threw", () => {
      const f = new Doubler({
        poll() {
          throw new RangeError("inner");
        },
      });
      const cx = { waker: { wake() {} } };
      expect(() => f.poll(cx)).to.throw(RangeError, "inner");
      expect(f.panicked).to.equal(true);
      expectCode(() => f.poll(cx), "RESUMED_AFTER_PANIC");
    });
  });

  describe("ALREADY_RUNNING", () => {
    it("rejects resume, throw, return, clone and snapshot from inside the body", () => {
      const a = accumulator(5);
      const codes: string[] = [];
      let inside: { state: string; done: boolean } | undefined;
      a.hook = (self) => {
        inside = { state: self.state, done: self.done };
        for (const f of [
          () => self.resume(1),
          () => self.throw(new Error("x")),
          () => self.return(),
          () => self.clone(),
          () => self.snapshot(),
        ]) {
          try {
            f();
            codes.push("no error");
          } catch (e) {
            codes.push(e instanceof CoroutineError ? e.code : String(e));
          }
        }
      };
      expect(a.resume(1)).to.equal(6);
      expect(codes).to.deep.equal(Array(5).fill("ALREADY_RUNNING"));
      expect(inside).to.deep.equal({ state: "Running", done: false });
      // The outer resume was not disturbed.
      expect(a.state).to.equal("Add");
      a.hook = undefined;
      expect(a.resume(4)).to.equal(10);
    });

    it("panics the instance when the inner error escapes the body", () => {
      const a = accumulator(5);
      a.hook = (self) => self.resume(1);
      expectCode(() => a.resume(1), "ALREADY_RUNNING");
      expect(a.panicked).to.equal(true);
    });
  });

  describe("throw()", () => {
    it("at Start leaves the body at once: the error propagates and the instance is Done as panicked", () => {
      const g = counter();
      const err = new Error("at start");
      expect(() => g.throw(err)).to.throw(err);
      expect(g.state).to.equal("Done");
      expect(g.done).to.equal(true);
      expect(g.i).to.equal(undefined, "nothing in the body ran");
      expectCode(() => g.next(), "RESUMED_AFTER_PANIC");
    });

    it("at a suspension with a handler resumes in the handler and outputs its next yield", () => {
      const g = counter();
      expect(g.next()).to.deep.equal({ value: 0, done: false });
      const err = new Error("at tick");
      expect(g.throw(err)).to.deep.equal({ value: -1, done: false });
      expect(g.state).to.equal("Caught");
      expect(g.error).to.equal(err);
      expect(g.next()).to.deep.equal({ value: "recovered", done: true });
      expect(g.done).to.equal(true);
      expect(g.panicked).to.equal(false);
    });

    it("at a suspension without a handler propagates and panics", () => {
      const g = counter();
      g.next();
      g.throw(new Error("first"));
      const err = new TypeError("second");
      expect(() => g.throw(err)).to.throw(err);
      expect(g.panicked).to.equal(true);
      expectCode(() => g.next(), "RESUMED_AFTER_PANIC");

      const a = accumulator(1);
      expect(() => a.throw(new SyntaxError("s"))).to.throw(SyntaxError, "s");
      expect(a.panicked).to.equal(true);
    });
  });

  describe("return() and Symbol.dispose", () => {
    it("abandons a generator with { value, done: true }, and is idempotent once Done", () => {
      const g = counter();
      g.next();
      expect(g.return("stop")).to.deep.equal({ value: "stop", done: true });
      expect(g.done).to.equal(true);
      expect(g.state).to.equal("Done");
      expect(g.return("again")).to.deep.equal({ value: "again", done: true });
      expect(g.return()).to.deep.equal({ value: undefined, done: true });
      expectCode(() => g.next(), "RESUMED_AFTER_COMPLETION");
    });

    it("at Start enters Done without running anything", () => {
      const log: string[] = [];
      const r = new Resource(log);
      expect(r.return()).to.equal(undefined);
      expect(r.done).to.equal(true);
      expect(log).to.deep.equal([]);
    });

    it("runs the pending finally block once, from either suspension", () => {
      for (const steps of [1, 2]) {
        const log: string[] = [];
        const r = new Resource(log);
        r.resume("x");
        if (steps === 2) r.resume(undefined);
        expect(r.state).to.equal(steps === 1 ? "A" : "B");
        expect(r.return()).to.equal(undefined);
        expect(r.state).to.equal("Done");
        expect(log).to.deep.equal(["open x", "close x"]);
        r.return();
        r[Symbol.dispose]();
        expect(log).to.deep.equal(["open x", "close x"], "idempotent on Done");
      }
    });

    it("is what Symbol.dispose (and so `using`) calls", () => {
      const log: string[] = [];
      {
        using r = new Resource(log);
        expect(r.resume("u")).to.equal("a");
        expect(log).to.deep.equal(["open u"]);
      }
      expect(log).to.deep.equal(["open u", "close u"]);

      const g = counter();
      g.next();
      g[Symbol.dispose]();
      expect(g.done).to.equal(true);
    });

    it("is not a resume on a panicked instance: it answers without throwing", () => {
      const g = counter();
      expect(() => g.throw(new Error("x"))).to.throw("x");
      expect(g.return(1 as unknown as string)).to.deep.equal({ value: 1, done: true });
      expect(g.panicked).to.equal(true);
    });
  });

  describe("generators as JS iterators", () => {
    it("spread and Array.from", () => {
      expect([...counter(3)]).to.deep.equal([0, 1, 2]);
      expect(Array.from(counter(4))).to.deep.equal([0, 1, 2, 3]);
      expect([...counter(0)]).to.deep.equal([]);
    });

    it("for…of, and a break closes the generator through return()", () => {
      const out: number[] = [];
      for (const x of counter(5)) out.push(x);
      expect(out).to.deep.equal([0, 1, 2, 3, 4]);

      const g = counter(5);
      const early: number[] = [];
      for (const x of g) {
        early.push(x);
        if (x === 1) break;
      }
      expect(early).to.deep.equal([0, 1]);
      expect(g.done).to.equal(true);
      expect(g.panicked).to.equal(false);
    });

    it("is its own iterator", () => {
      const g = counter();
      expect(g[Symbol.iterator]()).to.equal(g);
    });
  });

  describe("clone()", () => {
    it("copies the suspended instance; the copies then run independently", () => {
      const a = accumulator(5, 2);
      const c = a.clone();
      expect(c).to.be.instanceOf(Accumulator);
      expect(c).to.not.equal(a);
      expect(c.state).to.equal("Add");
      expect(c.resume(10)).to.equal(17);
      expect(a.resume(1)).to.equal(8);
      expect(c.resume(0)).to.equal(-17);
      expect(c.done).to.equal(true);
      expect(a.done).to.equal(false);
      expect(a.resume(1)).to.equal(9);
    });

    it("copies saved locals shallowly", () => {
      const a = accumulator(5, 2);
      const c = a.clone();
      expect(c.history).to.equal(a.history);
    });

    it("of a generator mid-iteration continues from the same point", () => {
      const g = counter(4);
      g.next();
      g.next();
      const c = g.clone();
      expect([...c]).to.deep.equal([2, 3]);
      expect(g.state).to.equal("Tick");
      expect([...g]).to.deep.equal([2, 3]);
    });

    it("of a panicked instance stays panicked", () => {
      const a = accumulator(1);
      expect(() => a.resume("boom")).to.throw("boom");
      expectCode(() => a.clone().resume(1), "RESUMED_AFTER_PANIC");
    });
  });

  describe("snapshot() / restore()", () => {
    it("round-trips through JSON.stringify into a fresh instance", () => {
      const a = accumulator(5, 2, 3);
      const snap = a.snapshot();
      expect(snap.site).to.equal(Accumulator.site);
      expect(snap.version).to.match(/^[0-9a-f]{8}$/);
      expect(snap.state).to.equal("Add");
      expect(snap.locals).to.deep.equal({ sum: 10, last: 3, history: [2, 3] });

      const text = JSON.stringify(snap);
      const b = new Accumulator();
      expect(b.restore(JSON.parse(text) as Snapshot)).to.equal(b);
      expect(b.state).to.equal("Add");
      expect(b.history).to.deep.equal([2, 3]);
      expect(b.history).to.not.equal(a.history);
      expect(b.resume(1)).to.equal(11);
      expect(b.resume(0)).to.equal(-11);
      // The original is untouched by the restored copy.
      expect(a.history).to.deep.equal([2, 3]);
      expect(a.resume(100)).to.equal(110);
    });

    it("copies locals out: mutating the instance later does not change the snapshot", () => {
      const a = accumulator(1, 2);
      const snap = a.snapshot();
      a.resume(3);
      expect(snap.locals).to.deep.equal({ sum: 3, last: 2, history: [2] });
    });

    it("records undefined locals, and restores them as undefined", () => {
      const a = accumulator(5);
      const snap = a.snapshot();
      expect(snap.locals).to.deep.equal({ sum: 5, last: { $undefined: true }, history: [] });
      const b = new Accumulator();
      b.last = "stale";
      b.restore(JSON.parse(JSON.stringify(snap)) as Snapshot);
      expect(b.last).to.equal(undefined);
      expect(b.resume(1)).to.equal(6);
    });

    it("works at Start and at Done", () => {
      const start = new Accumulator().snapshot();
      expect(start.state).to.equal("Start");
      expect(start.format).to.equal(1);
      expect(start.locals).to.deep.equal({ sum: { $undefined: true }, last: { $undefined: true }, history: { $undefined: true } });
      expect(new Accumulator().restore(start).resume(4)).to.equal(4);

      const done = accumulator(1, 0).snapshot();
      expect(done.state).to.equal("Done");
      const d = new Accumulator().restore(done);
      expect(d.done).to.equal(true);
      expectCode(() => d.resume(1), "RESUMED_AFTER_COMPLETION");
    });

    it("round-trips a generator", () => {
      const g = counter(4);
      g.next();
      g.next();
      const restored = counter(4).restore(JSON.parse(JSON.stringify(g.snapshot())) as Snapshot);
      expect([...restored]).to.deep.equal([2, 3]);
    });

    const unsafe: [string, unknown][] = [
      ["a Map", new Map()],
      ["a function", () => 1],
      ["a symbol", Symbol("s")],
      ["a Date", new Date(0)],
      ["a class instance", new (class Point {})()],
      ["a nested function", { a: [1, { b: () => 2 }] }],
    ];
    for (const [what, value] of unsafe) {
      it(`throws NOT_SERIALIZABLE naming the local that holds ${what}`, () => {
        const a = accumulator(1, value);
        const e = expectCode(() => a.snapshot(), "NOT_SERIALIZABLE");
        expect(e.message).to.contain("'last'");
        expect(e.message).to.contain(Accumulator.site);
      });
    }

    it("names whichever local is unsafe", () => {
      const e = expectCode(() => accumulator((() => 1) as unknown as number).snapshot(), "NOT_SERIALIZABLE");
      expect(e.message).to.contain("'sum'");
      expect(e.message).to.not.contain("'last'");
    });

    it("encodes shared references, null, nested plain data and null-prototype objects", () => {
      const shared = { k: [1, "two", true, null] };
      const bare = Object.assign(Object.create(null) as object, { x: 1 });
      const a = accumulator(1, { p: shared, q: shared, bare });
      expect(a.snapshot().locals.last).to.deep.equal({ p: shared, q: { $ref: 1 }, bare: { $nullProto: { x: 1 } } });
    });

    it("names a future's pending awaited future as not serializable", () => {
      const f = new Doubler({ poll: () => ({ ready: false }) as const });
      f.poll({ waker: { wake() {} } });
      const e = expectCode(() => f.snapshot(), "NOT_SERIALIZABLE");
      expect(e.message).to.contain("'awaited'");
    });

    describe("with a liveLocals table", () => {
      // `last` is only written at Add and never read again: a table may say Add needs sum and history.
      class Lean extends Accumulator {
        static readonly liveLocals = [[], [0, 2]];
      }
      const lean = (...inputs: unknown[]) => {
        const a = new Lean();
        for (const x of inputs) a.resume(x);
        return a;
      };

      it("holds only the locals the state needs", () => {
        const a = lean(5, "x", 2);
        expect(a.last).to.equal(2);
        expect(a.snapshot().locals).to.deep.equal({ sum: 7, history: [2] });
      });

      it("holds none at Start and at Done, whatever the fields hold", () => {
        const start = new Lean();
        start.sum = 42;
        expect(start.snapshot().locals).to.deep.equal({});
        const done = lean(1, 2, 0);
        expect(done.state).to.equal("Done");
        expect(done.snapshot().locals).to.deep.equal({});
      });

      it("restores only those locals and leaves the other fields as they were", () => {
        const snap = JSON.parse(JSON.stringify(lean(5, 2).snapshot())) as Snapshot;
        const b = new Lean();
        b.last = "kept";
        b.restore(snap);
        expect([b.sum, b.history, b.last]).to.deep.equal([7, [2], "kept"]);
        expect(b.resume(1)).to.equal(8);
      });

      it("is part of the shape: a snapshot taken with another table does not restore", () => {
        expect(shapeVersion(Lean)).to.not.equal(shapeVersion(Accumulator));
        expectCode(() => new Lean().restore(accumulator(5, 2).snapshot()), "SNAPSHOT_MISMATCH");
      });
    });

    describe("SNAPSHOT_MISMATCH", () => {
      class Elsewhere extends Accumulator {
        static override readonly site = "test/runtime/fixtures.ts#Elsewhere";
      }
      class Reshaped extends Accumulator {
        static override readonly locals = ["sum", "last", "history", "extra"];
      }
      class Renamed extends Accumulator {
        static override readonly states = ["Start", "Plus", "Done"];
      }
      const good = (): Snapshot => accumulator(5, 2).snapshot();

      it("on another site with the same shape", () => {
        expect(new Elsewhere().restore(new Elsewhere().snapshot()).state).to.equal("Start");
        const e = expectCode(() => new Elsewhere().restore(good()), "SNAPSHOT_MISMATCH");
        expect(e.message).to.contain(Elsewhere.site);
      });

      it("when the shape (locals or state names) changed at the same site", () => {
        expect(Reshaped.site).to.equal(Accumulator.site);
        expectCode(() => new Reshaped().restore(good()), "SNAPSHOT_MISMATCH");
        expectCode(() => new Renamed().restore(good()), "SNAPSHOT_MISMATCH");
        expectCode(() => new Accumulator().restore({ ...good(), version: "00000000" }), "SNAPSHOT_MISMATCH");
      });

      it("on a state the coroutine does not have", () => {
        expectCode(() => new Accumulator().restore({ ...good(), state: "Nope" }), "SNAPSHOT_MISMATCH");
        expectCode(() => new Accumulator().restore({ ...good(), state: "Running" }), "SNAPSHOT_MISMATCH");
      });

      it("on something that is not a snapshot, without touching the instance", () => {
        const a = accumulator(7);
        expectCode(() => a.restore(null as unknown as Snapshot), "SNAPSHOT_MISMATCH");
        expectCode(() => a.restore({ ...good(), locals: undefined } as unknown as Snapshot), "SNAPSHOT_MISMATCH");
        expectCode(() => a.restore({ ...good(), state: "Start", site: "x" }), "SNAPSHOT_MISMATCH");
        expect(a.state).to.equal("Add");
        expect(a.resume(1)).to.equal(8);
      });
    });
  });

  describe("future machines", () => {
    it("poll is resume, and a completed future reports RESUMED_AFTER_COMPLETION", () => {
      const log: string[] = [];
      const f = new Doubler({ poll: () => ({ ready: true, value: 21 }) as const }, log);
      expect(f.state).to.equal("Start");
      expect(blockOn(f as unknown as Future<number>)).to.equal(42);
      expect(log).to.deep.equal(["finally"]);
      expect(f.done).to.equal(true);
      expectCode(() => f.poll({ waker: { wake() {} } }), "RESUMED_AFTER_COMPLETION");
    });

    it("return() at Await1 runs the pending finally", () => {
      const log: string[] = [];
      const f = new Doubler({ poll: () => ({ ready: false }) as const }, log);
      expect(f.poll({ waker: { wake() {} } })).to.deep.equal({ ready: false });
      expect(f.state).to.equal("Await1");
      f.return();
      expect(log).to.deep.equal(["finally"]);
      expect(f.done).to.equal(true);
      expect(f.awaited).to.equal(undefined);
    });
  });
});
