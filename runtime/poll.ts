/** The result of polling a future: ready with a value, or pending. */
export type Poll<T> = { readonly ready: true; readonly value: T } | { readonly ready: false };

const PENDING: Poll<never> = Object.freeze({ ready: false as const });

export const Poll = {
  /** A ready poll carrying `value`. */
  ready<T>(value: T): Poll<T> {
    return { ready: true, value };
  },
  /** The one frozen pending poll. */
  pending: PENDING as Poll<never>,
  isReady<T>(p: Poll<T>): p is { readonly ready: true; readonly value: T } {
    return p.ready;
  },
};

/** Something that can be told to poll a future again. */
export interface Waker {
  wake(): void;
}

/** What a future receives on every poll. */
export interface Context {
  readonly waker: Waker;
}

/** Anything with `poll(cx)`: a stackless future, or a hand-written one. */
export interface Pollable<T> {
  poll(cx: Context): Poll<T>;
}
