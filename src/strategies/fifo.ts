/**
 * fifo: always the head of the queue — the seed's round robin and CPython's
 * own order. The faithful default; `picksHead` lets the kernel skip asking.
 */
import type { Strategy } from '../kernel/index.js';

export const fifo: Strategy = Object.freeze({
  name: 'fifo',
  picksHead: true,
  choose: () => 0,
});
