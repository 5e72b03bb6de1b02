/**
 * The asyncio workloads, on simloop's aio layer and on the minimal
 * hand-written virtual-time loop they are measured against. bench/aio_bench.py
 * runs the same shapes on CPython 3.11 asyncio with the virtual-clock loop of
 * properties/reference/vloop.py.
 *
 *  - sleep K×M: K workers, each `for (i < M) yield* sleep(1)` (CPython:
 *    `await asyncio.sleep(1)`), gathered by main;
 *  - queue N: a producer puts 0..N-1 into a Queue(maxsize) and a consumer
 *    gets N items, summing them; main gathers the two;
 *  - gather N: main gathers N children, each `yield* sleep(0)` once.
 *
 * Every run checks what it produced (the gather results, the sum, the final
 * virtual time), so neither side can skip work and a broken run fails loudly.
 */
import type { Coroutine, Queue, gather, runSim, sleep } from '../src/index.js';

/** What the aio rows need from simloop (the built package or the sources). */
export interface AioLib {
  readonly runSim: typeof runSim;
  readonly sleep: typeof sleep;
  readonly gather: typeof gather;
  /** Optional: the queue row is n/a without it. */
  readonly Queue?: typeof Queue;
}

function fail(what: string, detail: string): never {
  throw new Error(`${what}: ${detail} — the workload did not run as specified`);
}

// ---------------------------------------------------------------------------
// simloop

export interface AioWorkloads {
  /** K workers × M sleeps of 1 s, gathered; one runSim. */
  sleep(tasks: number, sleeps: number): void;
  /** N items through a Queue(maxsize) from one producer to one consumer; one runSim. */
  queue(items: number, maxsize: number): void;
  /** A gather of N children that each `yield* sleep(0)` once; one runSim. */
  gather(children: number): void;
}

/**
 * The simloop side, closed over one lib (the coroutines must call that lib's
 * `sleep`, `gather` and `Queue`). Called once per process.
 */
export function simloopAio(lib: AioLib): AioWorkloads {
  const { runSim, sleep, gather } = lib;

  function* worker(m: number): Coroutine<void> {
    for (let i = 0; i < m; i++) yield* sleep(1);
  }

  function* child(): Coroutine<void> {
    yield* sleep(0);
  }

  function* producer(queue: Queue<number>, n: number): Coroutine<void> {
    for (let i = 0; i < n; i++) yield* queue.put(i);
  }

  function* consumer(queue: Queue<number>, n: number): Coroutine<number> {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += yield* queue.get();
    return sum;
  }

  return {
    sleep(tasks, sleeps) {
      const outcome = runSim(function* main(): Coroutine<number> {
        const workers: Coroutine<void>[] = [];
        for (let k = 0; k < tasks; k++) workers.push(worker(sleeps));
        const results = yield* gather(...workers);
        return results.length;
      });
      if (!outcome.ok) throw outcome.error;
      if (outcome.result !== tasks || outcome.time !== sleeps) {
        fail('simloop sleep', `gathered ${outcome.result} results at t=${outcome.time}, expected ${tasks} at t=${sleeps}`);
      }
    },
    queue(items, maxsize) {
      const QueueClass = lib.Queue;
      if (QueueClass === undefined) throw new Error('Queue is not exported by this simloop build');
      const outcome = runSim(function* main(): Coroutine<number> {
        const queue = new QueueClass<number>(maxsize);
        const [, sum] = yield* gather(producer(queue, items), consumer(queue, items));
        return sum;
      });
      if (!outcome.ok) throw outcome.error;
      if (outcome.result !== expectedQueueSum(items)) fail('simloop queue', `consumer summed ${outcome.result}, expected ${expectedQueueSum(items)}`);
    },
    gather(children) {
      const outcome = runSim(function* main(): Coroutine<number> {
        const all: Coroutine<void>[] = [];
        for (let k = 0; k < children; k++) all.push(child());
        const results = yield* gather(...all);
        return results.length;
      });
      if (!outcome.ok) throw outcome.error;
      if (outcome.result !== children) fail('simloop gather', `gathered ${outcome.result} results, expected ${children}`);
    },
  };
}

/** 0 + 1 + … + (n − 1): what the consumer sums (exact in doubles up to n ≈ 10^8). */
export function expectedQueueSum(items: number): number {
  return (items * (items - 1)) / 2;
}

// ---------------------------------------------------------------------------
// The minimal hand-written virtual-time loop (baseline for sleep K×M).
//
// Written for this workload only, the way a competent engineer would write a
// fast one from scratch:
//  - coroutines are plain generators; a worker yields the sleep request as a
//    bare number (the delay in seconds, `yield 1`), main yields an array of
//    generators to gather them; there is no request object, no `yield*`
//    iterator, no future, no handle, no callback, no cancellation, no error
//    handling, no tracing, no step budget, no strategy hook;
//  - a task is one small object: the generator, the value to send into it
//    next, and for a gathered child its parent and index (for a parent, the
//    results array and the count still pending);
//  - timers are a binary min-heap on (when, seq) held in three parallel
//    arrays (when, seq, task), so a sleep allocates nothing; seq makes equal
//    deadlines FIFO;
//  - the ready queue is two arrays swapped every iteration: an iteration
//    runs exactly the tasks that were ready when it began (asyncio's
//    `_run_once` batch), what they wake or spawn runs in the next one;
//  - the clock is a number: with nothing ready it jumps to the earliest
//    deadline, then every timer due at the clock moves to the ready array.
// A finished child stores its result in the parent's array and, when it is
// the last one, readies the parent with the array as the value to send in.

/** What a minimal-loop coroutine may yield: a delay in seconds, or generators to gather. */
export type MinimalRequest = number | MinimalCoroutine[];
export type MinimalCoroutine = Generator<MinimalRequest, unknown, unknown>;

class MinimalTask {
  send: unknown = undefined;
  pending = 0;
  results: unknown[] | null = null;

  constructor(
    readonly gen: MinimalCoroutine,
    readonly parent: MinimalTask | null,
    readonly index: number,
  ) {}
}

export class MinimalLoop {
  now = 0;
  private seq = 0;
  private readonly heapWhen: number[] = [];
  private readonly heapSeq: number[] = [];
  private readonly heapTask: MinimalTask[] = [];
  private ready: MinimalTask[] = [];
  private result: unknown = undefined;

  /** Runs `main` and every task it gathers until nothing is ready or sleeping; returns main's result. */
  run(main: MinimalCoroutine): unknown {
    this.ready.push(new MinimalTask(main, null, 0));
    let batch: MinimalTask[] = [];
    for (;;) {
      if (this.ready.length === 0) {
        if (this.heapTask.length === 0) break;
        this.now = this.heapWhen[0]!;
      }
      while (this.heapTask.length > 0 && this.heapWhen[0]! <= this.now) this.ready.push(this.popTimer());
      const running = this.ready;
      this.ready = batch;
      for (let i = 0; i < running.length; i++) this.step(running[i]!);
      running.length = 0;
      batch = running;
    }
    return this.result;
  }

  private step(task: MinimalTask): void {
    const send = task.send;
    task.send = undefined;
    const r = task.gen.next(send);
    if (r.done === true) {
      this.finish(task, r.value);
      return;
    }
    const request = r.value;
    if (typeof request === 'number') {
      if (request <= 0) this.ready.push(task);
      else this.pushTimer(this.now + request, task);
      return;
    }
    const n = request.length;
    task.results = new Array<unknown>(n);
    task.pending = n;
    if (n === 0) {
      task.send = task.results;
      this.ready.push(task);
    }
    for (let i = 0; i < n; i++) this.ready.push(new MinimalTask(request[i]!, task, i));
  }

  private finish(task: MinimalTask, value: unknown): void {
    const parent = task.parent;
    if (parent === null) {
      this.result = value;
      return;
    }
    parent.results![task.index] = value;
    if (--parent.pending === 0) {
      parent.send = parent.results;
      this.ready.push(parent);
    }
  }

  private pushTimer(when: number, task: MinimalTask): void {
    const hw = this.heapWhen;
    const hs = this.heapSeq;
    const ht = this.heapTask;
    const seq = this.seq++;
    let pos = ht.length;
    hw.push(when);
    hs.push(seq);
    ht.push(task);
    while (pos > 0) {
      const parent = (pos - 1) >> 1;
      const pw = hw[parent]!;
      if (pw < when || (pw === when && hs[parent]! < seq)) break;
      hw[pos] = pw;
      hs[pos] = hs[parent]!;
      ht[pos] = ht[parent]!;
      pos = parent;
    }
    hw[pos] = when;
    hs[pos] = seq;
    ht[pos] = task;
  }

  private popTimer(): MinimalTask {
    const hw = this.heapWhen;
    const hs = this.heapSeq;
    const ht = this.heapTask;
    const top = ht[0]!;
    const lastWhen = hw.pop()!;
    const lastSeq = hs.pop()!;
    const lastTask = ht.pop()!;
    const size = ht.length;
    if (size === 0) return top;
    let pos = 0;
    for (;;) {
      let child = 2 * pos + 1;
      if (child >= size) break;
      const right = child + 1;
      if (right < size && (hw[right]! < hw[child]! || (hw[right] === hw[child] && hs[right]! < hs[child]!))) child = right;
      const cw = hw[child]!;
      if (lastWhen < cw || (lastWhen === cw && lastSeq < hs[child]!)) break;
      hw[pos] = cw;
      hs[pos] = hs[child]!;
      ht[pos] = ht[child]!;
      pos = child;
    }
    hw[pos] = lastWhen;
    hs[pos] = lastSeq;
    ht[pos] = lastTask;
    return top;
  }
}

function* minimalWorker(m: number): Generator<MinimalRequest, void, unknown> {
  for (let i = 0; i < m; i++) yield 1;
}

function* minimalMain(tasks: number, sleeps: number): MinimalCoroutine {
  const workers: MinimalCoroutine[] = [];
  for (let k = 0; k < tasks; k++) workers.push(minimalWorker(sleeps));
  const results = (yield workers) as unknown[];
  return results.length;
}

/** K workers × M sleeps of 1 s, gathered, on the minimal loop. */
export function minimalSleep(tasks: number, sleeps: number): void {
  const loop = new MinimalLoop();
  const gathered = loop.run(minimalMain(tasks, sleeps));
  if (gathered !== tasks || loop.now !== sleeps) fail('minimal loop sleep', `gathered ${String(gathered)} results at t=${loop.now}, expected ${tasks} at t=${sleeps}`);
}
