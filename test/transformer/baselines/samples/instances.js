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
exports.turnstile = turnstile;
const __stackless = __importStar(require("stackless"));
/**
 * What every instance has: `state` (the name of the current state), the generated class's
 * `states`, `done`, `snapshot()` / `restore()` / `clone()`, and the errors of a misused instance.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
class TurnstileCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Unlocked", "Refund", "Locked", "Blocked", "Done"];
    static locals = ["passed", "refunded"];
    static liveLocals = [[], [0, 1], [0, 1], [0, 1], [0, 1]];
    static site = "instances.ts#TurnstileCoroutine";
    constructor(limit) {
        super();
        this.passed = 0;
        this.refunded = 0;
        this.limit = limit;
    }
    resume(input) {
        let state = this._state;
        let first, event, output;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        first = input;
                        event = first;
                        this.passed = 0;
                        this.refunded = 0;
                        if (this.passed < this.limit) {
                            if (event === "coin") {
                                this._state = 1; /* Unlocked */
                                return "unlocked";
                            }
                            this._state = 4; /* Blocked */
                            return "locked: insert a coin";
                        }
                        state = 6;
                        continue dispatch;
                    /* Locked */
                    case 3:
                    /* Blocked */
                    case 4:
                        event = input;
                        if (this.passed < this.limit) {
                            if (event === "coin") {
                                this._state = 1; /* Unlocked */
                                return "unlocked";
                            }
                            this._state = 4; /* Blocked */
                            return "locked: insert a coin";
                        }
                        state = 6;
                        continue dispatch;
                    /* join */
                    case 6:
                        output = `closed after ${this.passed} visitors; coins returned: ${this.refunded}`;
                        this._state = 5; /* Done */
                        return output;
                    /* Unlocked, Refund */
                    default:
                        if (state < 0 || state > 4)
                            break dispatch;
                        event = input;
                        if (event === "coin") {
                            this.refunded++;
                            this._state = 2; /* Refund */
                            return "already unlocked: coin returned";
                        }
                        this.passed++;
                        if (this.passed === this.limit) {
                            state = 6;
                            continue dispatch;
                        }
                        output = `welcome, visitor ${this.passed}`;
                        this._state = 3; /* Locked */
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
class OtherCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Wait", "Done"];
    static locals = ["x"];
    static liveLocals = [[], [0]];
    static site = "instances.ts#OtherCoroutine";
    constructor() {
        super();
        this.x = 0;
    }
    resume(input) {
        const state = this._state;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.x = input;
                    this._state = 1; /* Wait */
                    return this.x;
                /* Wait */
                case 1:
                    this.x = this.x + input;
                    this._state = 2; /* Done */
                    return this.x;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class SelfishCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = [];
    static site = "instances.ts#SelfishCoroutine";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let n, inner;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start, Yield1 */
                default:
                    if (state < 0 || state > 1)
                        break;
                    n = input;
                    inner = n < 1 ? n : selfish.resume(n - 1);
                    this._state = 1; /* Yield1 */
                    return inner;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
/**
 * A turnstile: "coin" unlocks it, "push" lets one person through and locks it again. Its output
 * is a message; after `limit` people it closes for the day (the body returns: Done).
 */
function turnstile(limit) {
    return new TurnstileCoroutine(limit);
}
/** The generated class of an instance: where `states`, `locals` and `site` live. */
const classOf = (instance) => instance.constructor;
const gate = turnstile(2);
(0, show_1.show)("Class.states", classOf(gate).states);
(0, show_1.show)("gate.state", gate.state);
(0, show_1.show)('gate.resume("push")', gate.resume("push"), gate.state);
(0, show_1.show)('gate.resume("coin")', gate.resume("coin"), gate.state);
(0, show_1.show)('gate.resume("coin")', gate.resume("coin"), gate.state);
// A snapshot is plain JSON: store it anywhere, restore it into a fresh instance of the same site.
const saved = JSON.stringify(gate.snapshot());
const { version, ...rest } = JSON.parse(saved);
(0, show_1.show)("gate.snapshot()", rest, `and a version: ${/^[0-9a-f]{8}$/.test(version) ? "a hash of the states and saved locals" : version}`);
(0, show_1.show)('gate.resume("push")', gate.resume("push"), gate.state);
(0, show_1.show)('gate.resume("coin")', gate.resume("coin"), gate.state);
(0, show_1.show)('gate.resume("push")', gate.resume("push"), gate.state);
(0, show_1.show)("gate.done", gate.done);
(0, show_1.showThrow)('gate.resume("coin")', () => gate.resume("coin"));
const again = turnstile(2).restore(JSON.parse(saved));
(0, show_1.show)("restored.state", again.state);
const copy = again.clone();
(0, show_1.show)('restored.resume("push")', again.resume("push"), again.state);
(0, show_1.show)('clone.resume("coin")', copy.resume("coin"), `${copy.state}; the clone is independent`);
// A snapshot only fits the coroutine it was taken from.
const other = new OtherCoroutine();
(0, show_1.showThrow)("other.restore(gate snapshot)", () => other.restore(JSON.parse(saved)));
// A resume from inside the instance's own body.
const selfish = new SelfishCoroutine();
(0, show_1.showThrow)("selfish.resume(1)", () => selfish.resume(1));
// Errors are CoroutineErrors with a stable code (and a message for people).
try {
    gate.resume("push");
}
catch (e) {
    if (e instanceof stackless_1.CoroutineError) {
        (0, show_1.show)("error.code", e.code);
        console.log(`  error.message: ${e.message}`);
    }
}
