// The worker's entry when the server runs from its TypeScript sources (tests, `npm run dev`): it
// registers tsx's loader in this thread (hooks are not inherited by workers), then loads the
// TypeScript worker. The build starts dist/node/worker.js directly.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
