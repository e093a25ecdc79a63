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
exports.resumeIfYouDare = exports.summer = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * The seed's ouroboroutine, `coroutine loop`: one state that eats its own tail. Each resume runs
 * the body from the top with the new input as its parameter; `return` outputs and starts over.
 * Over an outer `sum = 0` it never outputs 0: 1→1, 2→3. And the seed's `resume_if_you_dare`,
 * whose loop body suspends once and then panics: it panics on the second resume.
 */
const stackless_1 = require("stackless");
const check_1 = require("./check");
class SummerCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Done"];
    static locals = [];
    static site = "ouroboroutine.ts#SummerCoroutine";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let n;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    n = input;
                    sum += n;
                    this._state = 0; /* Start */
                    return sum;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
class ResumeIfYouDareCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = [];
    static site = "ouroboroutine.ts#ResumeIfYouDareCoroutine";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this._state = 1; /* Yield1 */
                    return undefined;
                /* Yield1 */
                case 1:
                    throw new Error("panic!()");
                    this._state = 0; /* Start */
                    return;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
// `coroutine loop { sum += sum.yield }`: the seed's yield receives the input at the top of the
// loop; here the loop's parameter is that input, and `return sum` is the yield at the bottom.
let sum = 0;
exports.summer = new SummerCoroutine();
(0, check_1.expectShown)("summer.resume(1)", exports.summer.resume(1), 1);
(0, check_1.expectShown)("summer.resume(2)", exports.summer.resume(2), 3);
(0, check_1.expectShown)("summer.state", exports.summer.state, "Start", "the loop's one state");
// `coroutine loop { ().yield; panic!() }`: the first resume stops at the yield, the second runs
// on into the panic, and the instance is Done as panicked from then on.
exports.resumeIfYouDare = new ResumeIfYouDareCoroutine();
const describe = (e) => (e instanceof stackless_1.CoroutineError ? `CoroutineError ${e.code}` : String(e));
(0, check_1.expectShown)("resumeIfYouDare.resume()", exports.resumeIfYouDare.resume(undefined), undefined);
(0, check_1.expectThrows)("resumeIfYouDare.resume()", () => exports.resumeIfYouDare.resume(undefined), describe);
(0, check_1.expectShown)("resumeIfYouDare.state", exports.resumeIfYouDare.state, "Done", "panicked");
(0, check_1.expectThrows)("resumeIfYouDare.resume()", () => exports.resumeIfYouDare.resume(undefined), describe);
