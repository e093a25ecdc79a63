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
exports.names = void 0;
const __stackless = __importStar(require("stackless"));
/**
 * "Yield at the start": the body takes no parameter; the first `yield_()` executed receives the
 * first resume's input without suspending (its argument, if any, is never output).
 */
const stackless_1 = require("stackless");
const show_1 = require("./show");
class NamesCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Yield2", "Yield3", "Done"];
    static locals = ["name1", "name2"];
    static liveLocals = [[], [], [0], [0, 1]];
    static site = "names.ts#NamesCoroutine";
    constructor() {
        super();
        this.name1 = 0;
        this.name2 = 0;
    }
    resume(input) {
        let state = this._state;
        let name3;
        dispatch: for (;;)
            switch (state) {
                /* Start */
                case 0:
                    state = 1; /* Yield1 */
                    continue dispatch;
                /* Yield1 */
                case 1:
                    this.name1 = input;
                    this._state = 2; /* Yield2 */
                    return [this.name1];
                /* Yield2 */
                case 2:
                    this.name2 = input;
                    this._state = 3; /* Yield3 */
                    return ["Hello"];
                /* Yield3 */
                case 3:
                    name3 = input;
                    this._state = 4; /* Done */
                    return [this.name1, this.name2, name3];
                default: break dispatch;
            }
        return __stackless.resumeFailed(this, state);
    }
}
exports.names = new NamesCoroutine();
(0, show_1.show)('names.resume("A")', exports.names.resume("A"));
(0, show_1.show)('names.resume("B")', exports.names.resume("B"));
(0, show_1.show)('names.resume("C")', exports.names.resume("C"));
(0, show_1.show)("names.done", exports.names.done);
