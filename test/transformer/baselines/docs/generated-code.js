// ---- block 1
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
exports.ticker = ticker;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class TickerGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Tick", "Done"];
    static locals = ["total", "i"];
    static liveLocals = [[], [0, 1]];
    static site = "generated-code.md-1.ts#TickerGenerator";
    constructor(limit) {
        super();
        this.total = 0;
        this.i = 0;
        this.limit = limit;
    }
    resume(input) {
        const state = this._state;
        let step, doubled, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    step = input;
                    this.total = 0;
                    this.i = 0;
                    if (this.i < this.limit) {
                        doubled = step * 2;
                        output = (this.total += doubled);
                        this._state = 1; /* Tick */
                        return { value: output, done: false };
                    }
                    output = `total ${this.total}`;
                    this._state = 2; /* Done */
                    return { value: output, done: true };
                /* Tick */
                case 1:
                    step = input;
                    this.i++;
                    if (this.i < this.limit) {
                        doubled = step * 2;
                        output = (this.total += doubled);
                        this._state = 1; /* Tick */
                        return { value: output, done: false };
                    }
                    output = `total ${this.total}`;
                    this._state = 2; /* Done */
                    return { value: output, done: true };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
function ticker(limit) {
    return new TickerGenerator(limit);
}

// ---- block 2
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
exports.signs = void 0;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class SignsCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Up", "Down", "Zero", "Other", "Done"];
    static locals = [];
    static site = "generated-code.md-2.ts#SignsCoroutine";
    constructor() {
        super();
    }
    resume(input) {
        const state = this._state;
        let x;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Zero */
                case 3:
                /* Other */
                case 4:
                    x = input;
                    if (x === 0) {
                        this._state = 3; /* Zero */
                        return "0";
                    }
                    this._state = 4; /* Other */
                    return "?";
                /* Start, Up, Down */
                default:
                    if (state < 0 || state > 4)
                        break;
                    x = input;
                    if (x !== 0) {
                        if (x > 0) {
                            this._state = 1; /* Up */
                            return "+";
                        }
                        this._state = 2; /* Down */
                        return "-";
                    }
                    if (x === 0) {
                        this._state = 3; /* Zero */
                        return "0";
                    }
                    this._state = 4; /* Other */
                    return "?";
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
exports.signs = new SignsCoroutine();

// ---- block 3
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
exports.delay = void 0;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class DelayCoroutine extends __stackless.CoroutineMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["previous"];
    static liveLocals = [[], [0]];
    static site = "generated-code.md-3.ts#DelayCoroutine";
    constructor() {
        super();
        this.previous = 0;
    }
    resume(input) {
        const state = this._state;
        let x, out;
        switch (state) {
            /* Start */
            case 0:
                x = input;
                this.previous = void 0;
                out = this.previous;
                this.previous = x;
                this._state = 1; /* Yield1 */
                return out;
            /* Yield1 */
            case 1:
                x = input;
                out = this.previous;
                this.previous = x;
                return out;
        }
        return __stackless.resumeFailed(this, state);
    }
}
exports.delay = new DelayCoroutine();

// ---- block 4
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
exports.count = void 0;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class CountGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Yield2", "Done"];
    static locals = ["up_or_down"];
    static liveLocals = [[], [0], [0]];
    static site = "generated-code.md-4.ts#CountGenerator";
    constructor() {
        super();
        this.up_or_down = 0;
    }
    resume(input) {
        const state = this._state;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.up_or_down = 0;
                    if (this.up_or_down < 2) {
                        this._state = 1; /* Yield1 */
                        return { value: this.up_or_down, done: false };
                    }
                    this.up_or_down = 2;
                    if (this.up_or_down > 0) {
                        this._state = 2; /* Yield2 */
                        return { value: this.up_or_down, done: false };
                    }
                    this._state = 3; /* Done */
                    return { value: void 0, done: true };
                /* Yield1 */
                case 1:
                    this.up_or_down++;
                    if (this.up_or_down < 2) {
                        this._state = 1; /* Yield1 */
                        return { value: this.up_or_down, done: false };
                    }
                    this.up_or_down = 2;
                    if (this.up_or_down > 0) {
                        this._state = 2; /* Yield2 */
                        return { value: this.up_or_down, done: false };
                    }
                    this._state = 3; /* Done */
                    return { value: void 0, done: true };
                /* Yield2 */
                case 2:
                    this.up_or_down--;
                    if (this.up_or_down > 0) {
                        this._state = 2; /* Yield2 */
                        return { value: this.up_or_down, done: false };
                    }
                    this._state = 3; /* Done */
                    return { value: void 0, done: true };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
exports.count = new CountGenerator();

// ---- block 5
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
exports.g = void 0;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class GGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Work", "Cleanup", "Done"];
    static locals = ["completion", "completionValue"];
    static liveLocals = [[], [], [0, 1]];
    static site = "generated-code.md-5.ts#GGenerator";
    static throwEntries = [0, 4, 0];
    static returnEntries = [0, 5, 0];
    constructor() {
        super();
        this.completion = 0;
        this.completionValue = 0;
    }
    resume(input) {
        let state = this._state;
        let result;
        this._state = -1; /* Running */
        try {
            dispatch: for (;;)
                switch (state) {
                    /* Start */
                    case 0:
                        state = 6;
                        continue dispatch;
                    /* Work */
                    case 1: try {
                        state = 7;
                        continue dispatch;
                    }
                    catch (e) {
                        this.completion = 1;
                        this.completionValue = e;
                        state = 8;
                        continue dispatch;
                    }
                    /* Cleanup */
                    case 2:
                        if (this.completion === 0) {
                            this._state = 3; /* Done */
                            return { value: 3, done: true };
                        }
                        if (this.completion === 1) {
                            throw this.completionValue;
                        }
                        if (this.completion === 2) {
                            this._state = 3; /* Done */
                            return { value: this.completionValue, done: true };
                        }
                        this._state = 3; /* Done */
                        return { value: 3, done: true };
                    /* throw() at Work */
                    case 4: try {
                        throw input;
                    }
                    catch (e) {
                        this.completion = 1;
                        this.completionValue = e;
                        state = 8;
                        continue dispatch;
                    }
                    /* return() at Work */
                    case 5: try {
                        result = input;
                        this.completion = 2;
                        this.completionValue = result;
                        state = 8;
                        continue dispatch;
                    }
                    catch (e) {
                        this.completion = 1;
                        this.completionValue = e;
                        state = 8;
                        continue dispatch;
                    }
                    /* join */
                    case 6: try {
                        this._state = 1; /* Work */
                        return { value: 1, done: false };
                    }
                    catch (e) {
                        this.completion = 1;
                        this.completionValue = e;
                        state = 8;
                        continue dispatch;
                    }
                    /* join */
                    case 7:
                        this.completion = 0;
                        this._state = 2; /* Cleanup */
                        return { value: 2, done: false };
                    /* join */
                    case 8:
                        this._state = 2; /* Cleanup */
                        return { value: 2, done: false };
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
exports.g = new GGenerator();

// ---- block 6
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
exports.outer = outer;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class OuterGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["delegate"];
    static liveLocals = [[], [0]];
    static site = "generated-code.md-6.ts#OuterGenerator";
    static delegates = [0, "delegate"];
    static temps = [0, { "delegate": ["the iterator of `yield_.from(inner)` at generated-code.md-6.ts:4:26", function () { return this.inner[Symbol.iterator](); }] }];
    static throwEntries = [0, 3];
    static returnEntries = [0, 4];
    constructor(inner) {
        super();
        this.delegate = 0;
        this.inner = inner;
    }
    resume(input) {
        const state = this._state;
        let step, output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.delegate = this.inner[Symbol.iterator]();
                    if (typeof this.delegate !== "object" || this.delegate === null)
                        __stackless.checkIterator(this.delegate);
                    step = this.delegate.next(void 0);
                    if (typeof step !== "object" || step === null)
                        __stackless.checkIteratorResult(step);
                    if (step.done) {
                        output = step.value;
                        this._state = 2; /* Done */
                        return { value: output, done: true };
                    }
                    this._state = 1; /* Yield1 */
                    return step;
                /* Yield1 */
                case 1:
                    step = this.delegate.next(input);
                    if (typeof step !== "object" || step === null)
                        __stackless.checkIteratorResult(step);
                    if (step.done) {
                        output = step.value;
                        this._state = 2; /* Done */
                        return { value: output, done: true };
                    }
                    this._state = 1; /* Yield1 */
                    return step;
                /* throw() at Yield1 */
                case 3:
                    step = __stackless.delegateThrow(this.delegate, input);
                    if (step.done) {
                        output = step.value;
                        this._state = 2; /* Done */
                        return { value: output, done: true };
                    }
                    this._state = 1; /* Yield1 */
                    return step;
                /* return() at Yield1 */
                case 4:
                    step = __stackless.delegateReturn(this.delegate, input);
                    if (step === void 0) {
                        this._state = 2; /* Done */
                        return { value: input, done: true };
                    }
                    if (step.done) {
                        output = step.value;
                        this._state = 2; /* Done */
                        return { value: output, done: true };
                    }
                    this._state = 1; /* Yield1 */
                    return step;
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
function outer(inner) {
    return new OuterGenerator(inner);
}

// ---- block 7
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
exports.labels = void 0;
const __stackless = __importStar(require("stackless"));
const stackless_1 = require("stackless");
class LabelsGenerator extends __stackless.GeneratorMachine {
    static states = ["Start", "Yield1", "Done"];
    static locals = ["i"];
    static liveLocals = [[], [0]];
    static site = "generated-code.md-7.ts#LabelsGenerator";
    static strings0 = (s => s) `item ${0}`;
    constructor() {
        super();
        this.i = 0;
    }
    resume(input) {
        const state = this._state;
        let output;
        this._state = -1; /* Running */
        try {
            switch (state) {
                /* Start */
                case 0:
                    this.i = 0;
                    if (this.i < 2) {
                        output = tag(LabelsGenerator.strings0, this.i);
                        this._state = 1; /* Yield1 */
                        return { value: output, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: void 0, done: true };
                /* Yield1 */
                case 1:
                    this.i++;
                    if (this.i < 2) {
                        output = tag(LabelsGenerator.strings0, this.i);
                        this._state = 1; /* Yield1 */
                        return { value: output, done: false };
                    }
                    this._state = 2; /* Done */
                    return { value: void 0, done: true };
            }
        }
        catch (e) {
            this._state = -2; /* Done, panicked */
            throw e;
        }
        return __stackless.resumeFailed(this, state);
    }
}
const tag = (strings, ...values) => strings;
exports.labels = new LabelsGenerator();
