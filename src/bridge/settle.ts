/**
 * Letting the program's microtasks settle between two releases, without
 * counting ticks.
 *
 * The technique: await one macrotask boundary of the *real* event loop (the
 * setImmediate saved when this module was loaded, before any install). Node
 * runs a macrotask only once the nextTick queue and V8's microtask queue are
 * both empty, and V8 keeps draining while microtasks enqueue more — so by the
 * time the saved immediate fires, every continuation that the last release
 * made runnable has run, however long its chain (1000 chained `then`s settle
 * in one boundary; a fixed count of `await Promise.resolve()` would not).
 *
 * Why this is deterministic although it touches a real timer: the boundary
 * decides nothing. What runs before it is exactly the program's microtask
 * queue, in V8's FIFO order, which depends only on what the program did; the
 * bridge reads no clock and makes no choice from when the boundary fires. The
 * one thing that can slip into that window is real I/O completing (the poll
 * phase) — which is outside simloop's control by definition, is reported
 * when the program ends up waiting on it, and is caught by
 * `--check-determinism` when it changes a run.
 */
const realSetImmediate = globalThis.setImmediate; // simloop-allow-nondeterminism: a macrotask boundary to drain microtasks, never a decision

export type Settle = () => Promise<void>;

/** Resolves once the microtask queue (promise reactions, queueMicrotask, nextTick) is empty. */
export const settle: Settle = () => new Promise<void>((resolve) => realSetImmediate(resolve));
