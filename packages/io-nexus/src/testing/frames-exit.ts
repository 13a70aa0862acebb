// A process that streams with frames({ workers }) in every way a loop can end, then abandons a
// stream half-way: it must exit by itself, no worker left running (tests only; see
// parallel/parallel-frames.test.ts). Prints one line per stage.
import { frames } from '../frames.js';
import { openH5 } from '../h5/open.js';

const [path] = process.argv.slice(2);
const file = await openH5(path);
const stack = await file.dataset('/bitshuffle_lz4'); // 6 frames

let n = 0;
for await (const chunk of frames(stack, { workers: 2 })) n += chunk.shape[0];
console.log(`finished ${n}`);

for await (const chunk of frames(stack, { workers: 2, batch: 2 })) {
  console.log(`broke after ${chunk.shape[0]}`);
  break;
}

const failing = await file.dataset('/unavailable');
try {
  for await (const chunk of frames(failing, { workers: 2 })) console.log(chunk.shape);
} catch (err) {
  console.log(`threw ${(err as Error).name}`);
}

// abandoned: one chunk taken, the generator neither finished nor returned
const abandoned = frames(stack, { workers: 2 });
const first = await abandoned.next();
console.log(`abandoned after ${first.done === true ? 0 : first.value.shape[0]}`);
