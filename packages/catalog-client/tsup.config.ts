import { packageConfig } from '../../tsup.base.config.js';

export default packageConfig();
