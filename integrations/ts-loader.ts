/**
 * stackless/ts-loader: ts-loader's `getCustomTransformers` (give ts-loader this module's path,
 * `require.resolve("stackless/ts-loader")`, or the function itself); a stackless error fails
 * the webpack build.
 */
import type * as TS from "typescript";
import { strictTransformer } from "./strict";

function getCustomTransformers(program?: TS.Program): TS.CustomTransformers {
  return { before: [strictTransformer(program)] };
}

export = getCustomTransformers;
