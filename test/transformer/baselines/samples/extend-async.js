"use strict";
var __createBinding = (this && this.__createBinding) || (Object.create ? (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    var desc = Object.getOwnPropertyDescriptor(m, k);
    if (!desc || ("get" in desc ? !m.__esModule : desc.writable || desc.configurable)) {
      desc = { enumerable: true, get: function() { return m[k]; } };
    }
    Object.defineProperty(o, k2, desc);
}) : (function(o, m, k, k2) {
    if (k2 === undefined) k2 = k;
    o[k2] = m[k];
}));
var __setModuleDefault = (this && this.__setModuleDefault) || (Object.create ? (function(o, v) {
    Object.defineProperty(o, "default", { enumerable: true, value: v });
}) : function(o, v) {
    o["default"] = v;
});
var __importStar = (this && this.__importStar) || (function () {
    var ownKeys = function(o) {
        ownKeys = Object.getOwnPropertyNames || function (o) {
            var ar = [];
            for (var k in o) if (Object.prototype.hasOwnProperty.call(o, k)) ar[ar.length] = k;
            return ar;
        };
        return ownKeys(o);
    };
    return function (mod) {
        if (mod && mod.__esModule) return mod;
        var result = {};
        if (mod != null) for (var k = ownKeys(mod), i = 0; i < k.length; i++) if (k[i] !== "default") __createBinding(result, mod, k[i]);
        __setModuleDefault(result, mod);
        return result;
    };
})();
Object.defineProperty(exports, "__esModule", { value: true });
exports.finished = exports.fast = exports.slow = exports.timed = exports.myCoroutine = void 0;
exports.someFunction = someFunction;
exports.fuseClone = fuseClone;
exports.pendingOnce = pendingOnce;
const __stackless = __importStar(require("stackless"));
/**
 * "Extend async": futures are coroutines `FnPinMut(&mut Context) -> Poll<T>`, and `yield_` is an
 * escape hatch beside `await_`. The seed's `some_function().await + 3` (states Start, Await1,
 * Done), `fuse_clone` (ready again on every poll), `pending_once` (always pending at least once),
 * then a real timer through `toPromise`, and cancellation through `select`, which abandons the
 * loser and so runs its `finally`.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
const check_1 = require("./check");
class SomeFunctionFuture extends __stackless.FutureMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = [];
    static site = "extend-async.ts#SomeFunctionFuture";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let cx, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    cx.waker.wake();
                    output = stackless_1.Poll.pending;
                    this._state = 1; /* Yield1 */
                    return output;
                /* Yield1 */
                case 1:
                    cx = input;
                    this._state = 2; /* Done */
                    return { ready: true, value: 39 };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class MyCoroutineFuture extends __stackless.FutureMachine {
    static states = ["Start", "Await1", "Done"];
    static locals = ["future"];
    static liveLocals = [[], [0]];
    static site = "extend-async.ts#MyCoroutineFuture";
    static temps = [0, { "future": ["the future awaited by `await_(someFunction())` at extend-async.ts:34:52"] }];
    constructor() {
        super();
        this.future = 0;
    }
    resume(input) {
        const state = this._state;
        let cx, poll, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    this.future = __stackless.toPollable(someFunction());
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        output = poll.value + 3;
                        this._state = 2; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
                /* Await1 */
                case 1:
                    cx = input;
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        output = poll.value + 3;
                        this._state = 2; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class FuseCloneFuture extends __stackless.FutureMachine {
    static states = ["Start", "Await1", "Ready", "Done"];
    static locals = ["value_or_future"];
    static liveLocals = [[], [0], [0]];
    static site = "extend-async.ts#FuseCloneFuture";
    static temps = [0, { "value_or_future": ["the future awaited by `await_(f)` at extend-async.ts:46:19"] }, 0];
    constructor(f) {
        super();
        this.value_or_future = 0;
        this.f = f;
    }
    resume(input) {
        const state = this._state;
        let cx, poll, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    this.value_or_future = __stackless.toPollable(this.f);
                    poll = this.value_or_future.poll(cx);
                    if (poll.ready) {
                        this.value_or_future = poll.value;
                        output = stackless_1.Poll.ready(this.value_or_future);
                        this._state = 2; /* Ready */
                        return output;
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
                /* Await1 */
                case 1:
                    cx = input;
                    poll = this.value_or_future.poll(cx);
                    if (poll.ready) {
                        this.value_or_future = poll.value;
                        output = stackless_1.Poll.ready(this.value_or_future);
                        this._state = 2; /* Ready */
                        return output;
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
                /* Ready */
                case 2:
                    cx = input;
                    output = stackless_1.Poll.ready(this.value_or_future);
                    this._state = 2; /* Ready */
                    return output;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class PendingOnceFuture extends __stackless.FutureMachine {
    static states = ["Start", "Yield1", "Await1", "Done"];
    static locals = ["first_or_future"];
    static liveLocals = [[], [0], [0]];
    static site = "extend-async.ts#PendingOnceFuture";
    static temps = [0, 0, { "first_or_future": ["the future awaited by `await_(f)` at extend-async.ts:68:12"] }];
    constructor(f) {
        super();
        this.first_or_future = 0;
        this.f = f;
    }
    resume(input) {
        const state = this._state;
        let cx, poll, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    this.first_or_future = this.f.poll(cx);
                    if (this.first_or_future.ready) {
                        cx.waker.wake();
                        output = stackless_1.Poll.pending;
                        this._state = 1; /* Yield1 */
                        return output;
                    }
                    this.first_or_future = __stackless.toPollable(this.f);
                    poll = this.first_or_future.poll(cx);
                    if (poll.ready) {
                        output = poll.value;
                        this._state = 3; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 2; /* Await1 */
                    return output;
                /* Yield1 */
                case 1:
                    cx = input;
                    output = this.first_or_future.value;
                    this._state = 3; /* Done */
                    return { ready: true, value: output };
                /* Await1 */
                case 2:
                    cx = input;
                    poll = this.first_or_future.poll(cx);
                    if (poll.ready) {
                        output = poll.value;
                        this._state = 3; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 2; /* Await1 */
                    return output;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class ReadyFuture extends __stackless.FutureMachine {
    static states = ["Start", "Done"];
    static locals = [];
    static site = "extend-async.ts#ReadyFuture";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        switch (state) {
            /* Start */
            case 0:
                this._state = 1; /* Done */
                return { ready: true, value: "at once" };
        }
        return __stackless.resumeFailed(this, state);
    }
}
class TimedFuture extends __stackless.FutureMachine {
    static states = ["Start", "Await1", "Done"];
    static locals = ["before", "future"];
    static liveLocals = [[], [0, 1]];
    static site = "extend-async.ts#TimedFuture";
    static temps = [0, { "future": ["the future awaited by `await_(sleep(20))` at extend-async.ts:88:3"] }];
    constructor() {
        super();
        this.before = 0;
        this.future = 0;
    }
    resume(input) {
        const state = this._state;
        let cx, poll, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    this.before = Date.now();
                    this.future = __stackless.toPollable((0, stackless_1.sleep)(20));
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        poll.value;
                        output = Date.now() - this.before >= 15 ? "slept" : "woke early";
                        this._state = 2; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
                /* Await1 */
                case 1:
                    cx = input;
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        poll.value;
                        output = Date.now() - this.before >= 15 ? "slept" : "woke early";
                        this._state = 2; /* Done */
                        return { ready: true, value: output };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class SlowFuture extends __stackless.FutureMachine {
    static states = ["Start", "Await1", "Done"];
    static locals = ["future"];
    static liveLocals = [[], [0]];
    static site = "extend-async.ts#SlowFuture";
    static temps = [0, { "future": ["the future awaited by `await_(sleep(10_000))` at extend-async.ts:96:5"] }];
    static throwEntries = [0, 3];
    static returnEntries = [0, 4];
    constructor() {
        super();
        this.future = 0;
    }
    resume(input) {
        let state = this._state;
        let cx, completion, completionValue, poll, result, output;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        cx = input;
                        state = 5;
                        continue dispatch;
                    /* Await1 */
                    case 1: try {
                        cx = input;
                        poll = this.future.poll(cx);
                        if (poll.ready) {
                            poll.value;
                            log.push("slow finished");
                            completion = 2;
                            completionValue = "slow";
                            state = 6;
                            continue dispatch;
                        }
                        output = __stackless.Poll.pending;
                        this._state = 1; /* Await1 */
                        return output;
                    }
                    catch (e) {
                        completion = 1;
                        completionValue = e;
                        state = 6;
                        continue dispatch;
                    }
                    /* throw() at Await1 */
                    case 3: try {
                        throw input;
                    }
                    catch (e) {
                        completion = 1;
                        completionValue = e;
                        state = 6;
                        continue dispatch;
                    }
                    /* return() at Await1 */
                    case 4: try {
                        result = input;
                        completion = 2;
                        completionValue = result;
                        state = 6;
                        continue dispatch;
                    }
                    catch (e) {
                        completion = 1;
                        completionValue = e;
                        state = 6;
                        continue dispatch;
                    }
                    /* join */
                    case 5: try {
                        this.future = __stackless.toPollable((0, stackless_1.sleep)(10_000));
                        poll = this.future.poll(cx);
                        if (poll.ready) {
                            poll.value;
                            log.push("slow finished");
                            completion = 2;
                            completionValue = "slow";
                            state = 6;
                            continue dispatch;
                        }
                        output = __stackless.Poll.pending;
                        this._state = 1; /* Await1 */
                        return output;
                    }
                    catch (e) {
                        completion = 1;
                        completionValue = e;
                        state = 6;
                        continue dispatch;
                    }
                    /* join */
                    case 6:
                        {
                            log.push("slow's finally ran");
                        }
                        if (completion === 0) {
                            this._state = 2; /* Done */
                            return { ready: true, value: void 0 };
                        }
                        if (completion === 1) {
                            throw completionValue;
                        }
                        if (completion === 2) {
                            this._state = 2; /* Done */
                            return { ready: true, value: completionValue };
                        }
                        this._state = 2; /* Done */
                        return { ready: true, value: void 0 };
                    default: break dispatch;
                }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class FastFuture extends __stackless.FutureMachine {
    static states = ["Start", "Await1", "Done"];
    static locals = ["future"];
    static liveLocals = [[], [0]];
    static site = "extend-async.ts#FastFuture";
    static temps = [0, { "future": ["the future awaited by `await_(sleep(5))` at extend-async.ts:104:3"] }];
    constructor() {
        super();
        this.future = 0;
    }
    resume(input) {
        const state = this._state;
        let cx, poll, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    cx = input;
                    this.future = __stackless.toPollable((0, stackless_1.sleep)(5));
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        poll.value;
                        this._state = 2; /* Done */
                        return { ready: true, value: "fast" };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
                /* Await1 */
                case 1:
                    cx = input;
                    poll = this.future.poll(cx);
                    if (poll.ready) {
                        poll.value;
                        this._state = 2; /* Done */
                        return { ready: true, value: "fast" };
                    }
                    output = __stackless.Poll.pending;
                    this._state = 1; /* Await1 */
                    return output;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
/** A context whose waker counts its wake-ups, for polling by hand. */
function countingContext() {
    const cx = { wakes: 0, waker: { wake: () => void cx.wakes++ } };
    return cx;
}
/** A future (anything with `poll`) that is pending until `happen(value)` is called, then ready with it. */
function outsideEvent() {
    let poll = stackless_1.Poll.pending;
    return { poll: () => poll, happen: (value) => void (poll = stackless_1.Poll.ready(value)) };
}
/** The seed's `some_function()`: pending on its first poll (after asking to be woken), then 39. */
function someFunction() {
    return new SomeFunctionFuture();
}
// await_ needs the context parameter: it polls the inner future with it.
exports.myCoroutine = new MyCoroutineFuture();
const cx = countingContext();
(0, check_1.expectShown)("myCoroutine.state", exports.myCoroutine.state, "Start");
(0, check_1.expectShown)("myCoroutine.poll(cx)", exports.myCoroutine.poll(cx), stackless_1.Poll.pending);
(0, check_1.expectShown)("myCoroutine.state", exports.myCoroutine.state, "Await1");
(0, check_1.expectShown)("myCoroutine.poll(cx)", exports.myCoroutine.poll(cx), stackless_1.Poll.ready(42));
(0, check_1.expectShown)("myCoroutine.state", exports.myCoroutine.state, "Done");
/** Ready with the same value on every poll once `f` is ready: a future that can be polled after the end. */
function fuseClone(f) {
    return new FuseCloneFuture(f);
}
const fused = fuseClone(someFunction());
(0, check_1.expectShown)("fused.poll(cx)", fused.poll(cx), stackless_1.Poll.pending);
(0, check_1.expectShown)("fused.poll(cx)", fused.poll(cx), stackless_1.Poll.ready(39));
(0, check_1.expectShown)("fused.poll(cx)", fused.poll(cx), stackless_1.Poll.ready(39), "again: no panic after Ready");
(0, check_1.expectShown)("fused.poll(cx)", fused.poll(cx), stackless_1.Poll.ready(39));
/** Pending at least once, even when `f` is ready at once. */
function pendingOnce(f) {
    return new PendingOnceFuture(f);
}
const ready = new ReadyFuture();
const once = pendingOnce(ready);
(0, check_1.expectShown)("once.poll(cx)", once.poll(cx), stackless_1.Poll.pending);
(0, check_1.expectShown)("once.poll(cx)", once.poll(cx), stackless_1.Poll.ready("at once"));
// A future that is pending until an outside event: `await_` polls it again at once, and it is
// still pending, so this one is pending because `f` is.
const event = outsideEvent();
const later = pendingOnce(event);
(0, check_1.expectShown)("later.poll(cx)", later.poll(cx), stackless_1.Poll.pending);
(0, check_1.expectShown)("later.poll(cx)", later.poll(cx), stackless_1.Poll.pending, "the event has not happened");
event.happen(39);
(0, check_1.expectShown)("later.poll(cx)", later.poll(cx), stackless_1.Poll.ready(39));
/** A real timer: `sleep` wakes the executor from a setTimeout, and toPromise drives the future. */
exports.timed = new TimedFuture();
const log = [];
/** The loser of the race: abandoned while it sleeps, it still runs its finally. */
exports.slow = new SlowFuture();
exports.fast = new FastFuture();
/** Settles when the asynchronous part of the sample has checked its results (the runner waits). */
exports.finished = (async () => {
    (0, check_1.expectShown)("await toPromise(timed)", await (0, stackless_1.toPromise)(exports.timed), "slept");
    (0, check_1.expectShown)("await toPromise(select(slow, fast))", await (0, stackless_1.toPromise)((0, stackless_1.select)(exports.slow, exports.fast)), { index: 1, value: "fast" });
    (0, check_1.expectShown)("log", log, ["slow's finally ran"], "the loser was cancelled");
    (0, check_1.expectShown)("slow.state", exports.slow.state, "Done");
})();
(0, show_1.show)("cx.wakes", cx.wakes);
