import { sharedData } from '../../../core/src/testing/shared-data.js';

export { sharedData };
