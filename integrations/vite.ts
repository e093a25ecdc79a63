/** stackless/vite: the stackless vite plugin (see ./unplugin.ts); `import stackless from "stackless/vite"`, then `plugins: [stackless()]`. */
import { unplugin } from "./unplugin";

const stackless = unplugin.vite;

export = stackless;
