// The browser test's page: exposes the catalogue job on globalThis for the test to call
// (bundled by bundle.ts; tests only).
import { runJob } from './jobs.js';

(globalThis as { pandaasCatalog?: typeof runJob }).pandaasCatalog = runJob;
