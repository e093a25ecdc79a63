/** stackless/esbuild: the stackless esbuild plugin (see ./unplugin.ts); `import stackless from "stackless/esbuild"`, then `plugins: [stackless()]`. */
import { unplugin } from "./unplugin";

const stackless = unplugin.esbuild;

export = stackless;
