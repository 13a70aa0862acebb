import { packageConfig } from '../../tsup.base.config.js';

// The library (index) and the `pandaas` executable (bin, which keeps its #! line).
export default packageConfig({ entry: { index: 'src/index.ts', bin: 'src/bin.ts' } });
