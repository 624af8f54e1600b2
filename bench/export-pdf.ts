// `npm run bench -- export-pdf`: how long the printed plan takes to make, for a short and a
// long plan, in this thread and through the render pool (a worker thread), and how long
// the event loop is held meanwhile. Prints figures; asserts nothing.
import { setTimeout as sleep } from 'node:timers/promises';
import { renderPlan } from '../src/server/modules/export/render.ts';
import { createRenderPool } from '../src/server/modules/export/render-pool.ts';
import { longPlan } from '../test/helpers/long-plan.ts';

const ROUNDS = 5;
const plans = [
  { name: 'short (3 goals)', data: longPlan(3) },
  { name: 'long (60 goals, 300 log entries)', data: longPlan(60, 300) },
];

const ms = (n: number) => `${n.toFixed(0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** The longest gap between ticks of a 2 ms timer: how long the event loop was held. */
function watchLoop() {
  let last = performance.now();
  let longest = 0;
  const timer = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last);
    last = now;
  }, 2);
  return async () => {
    await sleep(20);
    clearInterval(timer);
    return longest;
  };
}

async function measure(render: typeof renderPlan, data: (typeof plans)[number]['data']) {
  await render(data); // warm: fonts parsed, worker started
  const times: number[] = [];
  const stop = watchLoop();
  let pages = 0;
  let bytes = 0;
  for (let i = 0; i < ROUNDS; i += 1) {
    const started = performance.now();
    const pdf = await render(data);
    times.push(performance.now() - started);
    pages = pdf.pages;
    bytes = pdf.bytes.length;
    await sleep(10); // let the timer tick, so each stall is one render's
  }
  return { median: median(times), pages, bytes, maxLoopDelay: await stop() };
}

const pool = createRenderPool();
try {
  for (const plan of plans) {
    const here = await measure(renderPlan, plan.data);
    const worker = await measure(pool.render, plan.data);
    console.log(`${plan.name}: ${here.pages} pages, ${(here.bytes / 1024).toFixed(0)} KB`);
    console.log(
      `  in this thread: median ${ms(here.median)}, event loop held up to ${ms(here.maxLoopDelay)}`,
    );
    console.log(
      `  render pool:    median ${ms(worker.median)}, event loop held up to ${ms(worker.maxLoopDelay)}`,
    );
  }
} finally {
  await pool.close();
}
