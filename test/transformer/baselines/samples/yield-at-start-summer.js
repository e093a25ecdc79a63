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
exports.summer = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * The seed's proof-of-concept summer, "yield at the start": the first `yield_()` takes the first
 * resume's input without suspending (its output, the seed's `()`, is never produced), then every
 * `yield_(sum)` outputs the running sum and takes the next number. Seed: 5→5, 4→9, 3→12.
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
const check_1 = require("./check");
class SummerCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Add", "Done"];
    static locals = ["sum"];
    static liveLocals = [[], [], [0]];
    static site = "yield-at-start-summer.ts#SummerCoroutine";
    constructor() {
        super();
        this.sum = 0;
    }
    resume(input) {
        let state = this._state;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        state = 1; /* Yield1 */
                        continue dispatch;
                    /* Yield1 */
                    case 1:
                        this.sum = input;
                        this._state = 2; /* Add */
                        return this.sum;
                    /* Add */
                    case 2:
                        this.sum = this.sum + input;
                        this._state = 2; /* Add */
                        return this.sum;
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
exports.summer = new SummerCoroutine();
(0, show_1.show)("summer.state", exports.summer.state);
(0, check_1.expectShown)("summer.resume(5)", exports.summer.resume(5), 5);
(0, check_1.expectShown)("summer.resume(4)", exports.summer.resume(4), 9);
(0, check_1.expectShown)("summer.resume(3)", exports.summer.resume(3), 12);
(0, check_1.expectShown)("summer.state", exports.summer.state, "Add");
