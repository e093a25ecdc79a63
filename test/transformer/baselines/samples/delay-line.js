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
exports.delay = exports.gen = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * eRFC 2033, the generators Rust has today: `resume()` takes nothing, so the only way in is shared
 * state. The seed's delay line pushes each input onto a queue that holds 0, 1 and yields what it
 * pops: 6→0, 7→1, 8→6, 9→7. Without a parameter the body has `function*` semantics.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
const check_1 = require("./check");
class GenGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = [];
    static site = "delay-line.ts#GenGenerator";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        switch (state) {
            /* Start */
            case 0:
                this._state = 1; /* Yield1 */
                return { value: 1, done: false };
            /* Yield1 */
            case 1:
                this._state = 2; /* Done */
                return { value: "foo", done: true };
        }
        return __stackless.resumeFailed(this, state);
    }
}
class DelayGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = [];
    static site = "delay-line.ts#DelayGenerator";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start, Yield1 */
                default:
                    if (state < 0 || state > 1)
                        break;
                    output = queue.shift();
                    this._state = 1; /* Yield1 */
                    return { value: output, done: false };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
// "This works great."
exports.gen = new GenGenerator();
(0, check_1.expectShown)("gen.resume()", exports.gen.resume(undefined), { value: 1, done: false });
(0, check_1.expectShown)("gen.resume()", exports.gen.resume(undefined), { value: "foo", done: true });
// "Good luck doing something like this."
const queue = [0, 1];
exports.delay = new DelayGenerator();
/** The `FnPinMut(u32) -> u32` the seed wants, written around the generator. */
function delayed(input) {
    queue.push(input);
    const r = exports.delay.resume(undefined);
    if (r.done)
        throw new Error("the delay line ended");
    return r.value;
}
(0, show_1.show)("queue", queue);
(0, check_1.expectShown)("delayed(6)", delayed(6), 0);
(0, check_1.expectShown)("delayed(7)", delayed(7), 1);
(0, check_1.expectShown)("delayed(8)", delayed(8), 6);
(0, check_1.expectShown)("delayed(9)", delayed(9), 7);
