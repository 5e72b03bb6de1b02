/**
 * Which waiter a primitive wakes: the one decision the asyncio primitives
 * (Lock, Condition, Semaphore, Queue) put to the strategy, through
 * `Kernel.choose`.
 *
 * CPython wakes waiters in the order they joined the primitive's deque
 * (Lock.release: the first waiter; Condition.notify(n): the first n not
 * done; Semaphore.release: the first not done; Queue: the first getter or
 * putter not done). That order is fixed, but the ORDER OF ARRIVAL is not a
 * property of the program: it falls out of how many loop iterations each
 * task's path took to reach the primitive — an extra `await` on one path
 * (a cache miss, a log flush, a library that gained a hop between Python
 * versions, an eager task factory) reorders them. So a strategy may wake any
 * waiter not yet done that joined at the SAME VIRTUAL INSTANT as the one
 * CPython wakes: as if those had arrived in another order. Waiters that
 * joined at an earlier or later instant keep their place: time passed
 * between the arrivals, and no reordering of zero-time steps moves a waiter
 * across it (jitter on timers would be a separate, explicit choice).
 *
 * What this over-approximates, said plainly: when the program itself orders
 * two arrivals within one instant — A's step that queues A also causes B's
 * arrival, with no await in between — CPython can never put B first, and a
 * waiter choice can. The failure report names each waiter choice
 * ("Lock woke B instead of A"), so such a run is easy to recognise.
 *
 * Choice kinds (`Choice.kind`), candidate 0 always CPython's pick:
 *   'lock-waiter'       Lock.release / a cancelled waiter passing the lock on
 *   'condition-waiter'  Condition.notify, one kind of choice per waiter woken
 *   'semaphore-waiter'  Semaphore / BoundedSemaphore release and hand-off
 *   'queue-getter'      Queue.putNowait waking a get()
 *   'queue-putter'      Queue.getNowait waking a put()
 * Event.set wakes every waiter (their order is the next iteration's ready
 * order, already a kernel choice); Barrier is a Condition and a Lock.
 *
 * Under fifo the kernel never asks (`Kernel.strategy` is null) and nothing is
 * recorded here: the faithful run costs one property read per wait.
 */
import type { Owner } from '../kernel/index.js';
import type { Future } from './future.js';

export type WaiterKind = 'lock-waiter' | 'condition-waiter' | 'semaphore-waiter' | 'queue-getter' | 'queue-putter';
export const WAITER_KINDS: readonly WaiterKind[] = ['lock-waiter', 'condition-waiter', 'semaphore-waiter', 'queue-getter', 'queue-putter'];

interface Arrival {
  /** Virtual time when the waiter joined. */
  readonly time: number;
  /** The task that waits on it. */
  readonly owner: Owner | null;
}

// Keyed by the waiter future; weak, so a waiter dropped from its deque is forgotten with it.
const arrivals = new WeakMap<Future<unknown>, Arrival>();

/** Remembers when and by whom `waiter` joined a deque — only when a strategy may be asked. */
export function noteArrival(waiter: Future<unknown>): void {
  const loop = waiter.loop;
  if (loop.kernel.strategy === null) return;
  arrivals.set(waiter, { time: loop.time(), owner: loop.currentTask });
}

/**
 * The index in `waiters` of the waiter to wake, where `first` is the one
 * CPython wakes (not done). Candidates: `first` and the waiters after it that
 * are not done and joined at the same virtual instant, in deque order.
 * `wakes` is how many waiters the caller will wake from `first` on (this one
 * included): when that covers every candidate, which one goes first only
 * orders their wake-ups in the next iteration — a kernel choice already — and
 * the strategy is not asked.
 */
export function chooseWaiter(kind: WaiterKind, waiters: readonly Future<unknown>[], first: number, wakes = 1): number {
  const head = waiters[first]!;
  if (head.loop.kernel.strategy === null) return first;
  const arrival = arrivals.get(head);
  if (arrival === undefined) return first; // fifo, or joined while no strategy could ask
  const candidates = [first];
  for (let i = first + 1; i < waiters.length; i++) {
    const waiter = waiters[i]!;
    const joined = arrivals.get(waiter);
    if (joined === undefined || joined.time !== arrival.time) break; // the deque is in arrival (time) order
    if (!waiter.done()) candidates.push(i);
  }
  if (candidates.length <= wakes) return first;
  const pick = head.loop.kernel.choose(kind, candidates.length, (i) => arrivals.get(waiters[candidates[i]!]!)?.owner ?? null);
  return candidates[pick]!;
}
