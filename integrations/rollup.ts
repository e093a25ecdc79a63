/** stackless/rollup: the stackless rollup plugin (see ./unplugin.ts); `import stackless from "stackless/rollup"`, then `plugins: [stackless()]`. */
import { unplugin } from "./unplugin";

const stackless = unplugin.rollup;

export = stackless;
