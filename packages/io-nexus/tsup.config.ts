import type { Options } from 'tsup';
import { packageConfig } from '../../tsup.base.config.js';

// frames({ workers }) starts dist/frame-worker.js, beside dist/index.js: a second entry
const exported = (packageConfig() as Options).entry as Record<string, string>;
export default packageConfig({ entry: { ...exported, 'frame-worker': 'src/parallel/frame-worker.ts' } });
