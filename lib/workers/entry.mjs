// Worker-thread entry for piscina. Worker threads do not inherit a loader registered in the main thread
// (vitest) and cannot load .ts files by themselves on Node 20, so register tsx's ESM loader in this thread
// (tsx/esm/api register(), tsx ≥ 4) and then load the TypeScript task handler.
import { register } from 'tsx/esm/api';

register();
const { handle } = await import('./tasks.ts');
export default handle;
