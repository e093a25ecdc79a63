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
exports.endsInNever = exports.gen = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * RFC 2781, unified coroutines: the resume arguments are the closure's arguments, reassigned on
 * every resume ("magic mutation"); `yield_` evaluates to undefined. As proposed it produces
 * IteratorResults (`generator.unified`); the "always end in `!`" variant (`coroutine.unified`)
 * outputs the values themselves, and a resume after the end panics: the `!`.
 */
const stackless_1 = require("stackless");
const check_1 = require("./check");
class GenGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Yield2", "Done"];
    static locals = [];
    static site = "unified.ts#GenGenerator";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let name;
        switch (state) {
            /* Start */
            case 0:
                name = input;
                this._state = 1; /* Yield1 */
                return { value: name, done: false };
            /* Yield1 */
            case 1:
                name = input;
                this._state = 2; /* Yield2 */
                return { value: "Hello", done: false };
            /* Yield2 */
            case 2:
                name = input;
                this._state = 3; /* Done */
                return { value: name, done: true };
        }
        return __stackless.resumeFailed(this, state);
    }
}
class EndsInNeverCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Yield2", "Done"];
    static locals = [];
    static site = "unified.ts#EndsInNeverCoroutine";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let name;
        switch (state) {
            /* Start */
            case 0:
                name = input;
                this._state = 1; /* Yield1 */
                return name;
            /* Yield1 */
            case 1:
                name = input;
                this._state = 2; /* Yield2 */
                return "Hello";
            /* Yield2 */
            case 2:
                name = input;
                this._state = 3; /* Done */
                return name;
        }
        return __stackless.resumeFailed(this, state);
    }
}
exports.gen = new GenGenerator();
(0, check_1.expectShown)('gen.resume("A")', exports.gen.resume("A"), { value: "A", done: false });
(0, check_1.expectShown)('gen.resume("B")', exports.gen.resume("B"), { value: "Hello", done: false });
(0, check_1.expectShown)('gen.resume("C")', exports.gen.resume("C"), { value: "C", done: true });
exports.endsInNever = new EndsInNeverCoroutine();
(0, check_1.expectShown)('endsInNever.resume("A")', exports.endsInNever.resume("A"), "A");
(0, check_1.expectShown)('endsInNever.resume("B")', exports.endsInNever.resume("B"), "Hello");
(0, check_1.expectShown)('endsInNever.resume("C")', exports.endsInNever.resume("C"), "C");
(0, check_1.expectThrows)('endsInNever.resume("D")', () => exports.endsInNever.resume("D"), (e) => (e instanceof stackless_1.CoroutineError ? `CoroutineError ${e.code}` : String(e)));
