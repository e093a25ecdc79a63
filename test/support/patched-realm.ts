/**
 * A patched realm for tests: replaces built-ins a program may replace (array methods and the
 * array iterator, Function.prototype.call/apply/bind, Object.assign/keys/create, accessors on
 * Object.prototype) with wrappers that count their calls while counting is on and otherwise
 * behave exactly as the originals, so that a test can compare what a stackless instance calls
 * with what the same body as a native function* calls.
 */

/** One replacement: what it is called in counts, and how to put it in and take it out. */
export interface Patch {
  readonly name: string;
  install(counter: Counter): () => void;
}

/** Calls counted per patched name, while `active`. */
export class Counter {
  active = false;
  private counts: Record<string, number> = { __proto__: null } as unknown as Record<string, number>;

  hit(name: string): void {
    // Plain property arithmetic on a null-prototype object: counting calls nothing patched.
    if (this.active) this.counts[name] = (this.counts[name] || 0) + 1;
  }

  /** The counts so far as "name×n" entries in name order, then reset. */
  take(): string[] {
    const names = Reflect.ownKeys(this.counts) as string[];
    const out: string[] = [];
    for (let i = 0; i < names.length; i++) Reflect.apply(Array.prototype.push, out, [`${names[i]}×${this.counts[names[i]]}`]);
    this.counts = { __proto__: null } as unknown as Record<string, number>;
    return Reflect.apply(Array.prototype.sort, out, []) as string[];
  }
}

const ReflectApply = Reflect.apply;
const ObjectDefineProperty = Object.defineProperty;
const ObjectGetOwnPropertyDescriptor = Object.getOwnPropertyDescriptor;

/** Replace `holder[key]` (a method) with a counting wrapper that forwards to it. */
function method(name: string, holder: object, key: PropertyKey): Patch {
  return {
    name,
    install(counter) {
      const saved = ObjectGetOwnPropertyDescriptor(holder, key)!;
      const original = saved.value as (...args: unknown[]) => unknown;
      // A function expression with a rest parameter: its arguments are collected without the
      // array iterator, and forwarded with the Reflect.apply taken above.
      const wrapper = function (this: unknown, ...args: unknown[]): unknown {
        counter.hit(name);
        return new.target ? Reflect.construct(original, args, new.target) : ReflectApply(original, this, args);
      };
      // Descriptors without a prototype: the accessors below must not leak into them.
      ObjectDefineProperty(wrapper, "name", { __proto__: null, value: original.name } as PropertyDescriptor);
      ObjectDefineProperty(wrapper, "length", { __proto__: null, value: original.length } as PropertyDescriptor);
      ObjectDefineProperty(holder, key, { __proto__: null, ...saved, value: wrapper } as PropertyDescriptor);
      return () => ObjectDefineProperty(holder, key, saved);
    },
  };
}

/**
 * An accessor on Object.prototype for `key`: reading it where nothing else has it counts and
 * answers undefined (as if absent); assigning counts and creates the own property the
 * assignment would have created.
 */
function accessor(key: string): Patch {
  return {
    name: `Object.prototype.${key}`,
    install(counter) {
      ObjectDefineProperty(Object.prototype, key, {
        __proto__: null,
        configurable: true,
        enumerable: false,
        get() {
          counter.hit(`get ${key}`);
          return undefined;
        },
        set(this: unknown, v: unknown) {
          counter.hit(`set ${key}`);
          if (this !== null && (typeof this === "object" || typeof this === "function")) {
            ObjectDefineProperty(this, key, { __proto__: null, value: v, writable: true, enumerable: true, configurable: true } as PropertyDescriptor);
          }
        },
      } as PropertyDescriptor);
      return () => delete (Object.prototype as Record<string, unknown>)[key];
    },
  };
}

const ArrayIteratorPrototype = Object.getPrototypeOf([][Symbol.iterator]()) as object;

/** Every patch, each alone replacing one built-in (or adding one accessor). */
export const PATCHES: readonly Patch[] = [
  method("Array.prototype[Symbol.iterator]", Array.prototype, Symbol.iterator),
  method("%ArrayIteratorPrototype%.next", ArrayIteratorPrototype, "next"),
  ...["map", "push", "slice", "join", "forEach", "indexOf", "filter", "includes", "fill", "every", "concat"].map((m) =>
    method(`Array.prototype.${m}`, Array.prototype, m),
  ),
  ...["call", "apply", "bind"].map((m) => method(`Function.prototype.${m}`, Function.prototype, m)),
  ...["assign", "keys", "create", "getPrototypeOf", "defineProperty"].map((m) => method(`Object.${m}`, Object, m)),
  method("Object.prototype.hasOwnProperty", Object.prototype, "hasOwnProperty"),
  method("JSON.stringify", JSON, "stringify"),
  method("JSON.parse", JSON, "parse"),
  ...["value", "done", "next", "then", "return", "throw", "toJSON"].map(accessor),
];

/**
 * Run `fn` with `patches` installed; count the calls into them only while `counter.active` (the
 * caller turns it on around what it measures). Uninstalls in reverse order, whatever happens.
 */
export function withPatches<T>(patches: readonly Patch[], counter: Counter, fn: () => T): T {
  const undo: (() => void)[] = [];
  try {
    for (let i = 0; i < patches.length; i++) undo[i] = patches[i].install(counter);
    return fn();
  } finally {
    counter.active = false;
    for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  }
}

/** Install `patches` for good (the fuzzer's --patched-realm); returns the uninstaller. */
export function installPatches(patches: readonly Patch[], counter: Counter): () => void {
  const undo: (() => void)[] = [];
  for (let i = 0; i < patches.length; i++) undo[i] = patches[i].install(counter);
  return () => {
    for (let i = undo.length - 1; i >= 0; i--) undo[i]();
  };
}

/** `fn()` with counting on, and the calls it made (the counts taken). */
export function counted<T>(counter: Counter, fn: () => T): { value?: T; error?: unknown; calls: string[] } {
  counter.take();
  counter.active = true;
  try {
    const value = fn();
    counter.active = false;
    return { value, calls: counter.take() };
  } catch (error) {
    counter.active = false;
    return { error, calls: counter.take() };
  }
}
