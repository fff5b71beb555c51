// The worker's entry in plain JavaScript: it registers tsx's loader in this thread
// (hooks are not inherited by workers), then loads the TypeScript worker.
import { register } from 'tsx/esm/api';

register();
await import('./worker.ts');
