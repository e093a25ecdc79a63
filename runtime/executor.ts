// Filled in by the futures work: toPromise, blockOn, fromPromise, sleep, join, select, toPollable.
import type { Context, Poll, Pollable } from "./poll";
export declare function toPromise<T>(f: Pollable<T>): Promise<T>;
export declare function blockOn<T>(f: Pollable<T>): T;
export declare function fromPromise<T>(p: PromiseLike<T>): Pollable<T>;
export declare function sleep(ms: number): Pollable<void>;
export declare function join<T extends unknown[]>(...fs: { [K in keyof T]: Pollable<T[K]> }): Pollable<T>;
export declare function select<T>(...fs: Pollable<T>[]): Pollable<{ index: number; value: T }>;
export declare function toPollable<T>(f: Pollable<T> | PromiseLike<T>): Pollable<T>;
export type { Context, Poll };
