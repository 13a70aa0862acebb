/**
 * The viewer's entry: builds the page's controller, listens to the page, and installs the test
 * hook only when the page is opened with `?test` in its URL (the browser test does; a visitor
 * gets no `window.__viewer`).
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
if (new URLSearchParams(window.location.search).has('test')) installTestHook(viewer);
