/**
 * The viewer's entry: builds the page's controller, listens to the page, installs the test hook.
 *
 * @module
 */
import { ACCEPTED_EXTENSIONS } from './data/file-kinds.js';
import { installTestHook } from './test-hook.js';
import { byId } from './ui/dom.js';
import { Viewer } from './viewer.js';

byId('file-input', HTMLInputElement).accept = ACCEPTED_EXTENSIONS.join(',');
const viewer = new Viewer();
viewer.listen();
installTestHook(viewer);
