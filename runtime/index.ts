/**
 * stackless: what user code imports. Markers (compiled away by the transformer), the instance
 * types, errors, futures and their executor, and the machine bases the generated classes extend.
 */
export { CoroutineError } from "./errors";
export type { CoroutineErrorCode } from "./errors";
export { coroutine, generator, future, yield_, await_ } from "./markers";
export type {
  Instance,
  Coroutine,
  StacklessGenerator,
  Future,
  CoroutineMarker,
  GeneratorMarker,
  FutureMarker,
  YieldMarker,
  DelegateIterable,
  ResumeArgs,
  OutputOf,
  ReturnedOutput,
  ReturnOf,
} from "./markers";
export { Poll } from "./poll";
export type { Context, Waker, Pollable } from "./poll";
export type { Snapshot, MachineClass } from "./machine";
export { machineClassOf } from "./introspection";
export { toPromise, blockOn, fromPromise, sleep, join, select, toPollable } from "./executor";

/**
 * Support for generated code. Not part of the user-facing API: the transformer imports it as
 * `import * as __stackless from "stackless"` and uses these names.
 */
export {
  Machine,
  CoroutineMachine,
  GeneratorMachine,
  FutureMachine,
  resumeFailed,
  forInKeys,
  forInNext,
  closeIterator,
  closeIteratorOnThrow,
  checkIterator,
  checkIteratorResult,
  delegateThrow,
  delegateReturn,
  getDisposeMethod,
  disposeResource,
  requireObjectCoercible,
  objectRest,
  ArrayPatternWalk,
  bindReceiver,
  apply,
  construct,
  concat,
  toPropertyKey,
  RUNNING,
  PANICKED,
} from "./machine";
export { notCompiled } from "./markers";
