/**
 * Queue, PriorityQueue and LifoQueue against CPython 3.11.7: each program
 * runs on simloop and on real asyncio with a virtual clock
 * (properties/reference/vloop.py), and the logged lines must be identical —
 * a bounded queue blocking put(), getters and putters woken in FIFO order,
 * a woken waiter cancelled before it ran passing the wakeup on, join() and
 * taskDone(), and PriorityQueue popping in exactly heapq's order. Then the
 * errors for bad input.
 */
import { outputLines as lines } from './fixtures/output-lines.js';
import { spawnSync } from 'node:child_process';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { cpython, hasPython, dedent } from '../../properties/reference/cpython.js';
import { heapify, heappop, heappush, pyLessThan } from './heapq.js';
import { Event, LifoQueue, Lock, PriorityQueue, Queue, QueueEmpty, QueueFull, Semaphore, ValueError, createTask, log, runSim, sleep, type Coroutine, type Task } from './index.js';

/** CPython's lines for `program`, with `b(x)` (a bool as JavaScript prints it) and `name(e)` available. */
function python(program: string): string[] {
  return cpython(`
    def b(x): return str(x).lower()
    def name(e): return type(e).__name__
    ${dedent(program).replace(/\n/g, '\n    ')}
  `);
}

const errName = (e: unknown): string => (e as Error).name;

describe.skipIf(!hasPython)('Queue matches CPython', () => {
  it('a bounded queue: put() blocks while full, each get() lets the first blocked putter in', () => {
    function* producer(q: Queue<number>, base: number): Coroutine<void> {
      for (let i = 0; i < 3; i++) {
        log(`put ${base + i}? full ${q.full()}`);
        yield* q.put(base + i);
        log(`put ${base + i} done: ${q}`);
      }
    }
    function* consumer(q: Queue<number>): Coroutine<void> {
      for (let i = 0; i < 6; i++) {
        yield* sleep(1);
        const item = yield* q.get();
        log(`got ${item}: qsize ${q.qsize()} empty ${q.empty()} ${q}`);
      }
    }
    function* main(): Coroutine<void> {
      const q = new Queue<number>(2);
      log(`${q} maxsize ${q.maxsize}`);
      createTask(producer(q, 10), { name: 'P1' });
      createTask(producer(q, 20), { name: 'P2' });
      yield* createTask(consumer(q), { name: 'C' });
      log(`${q}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def producer(q, base):
            for i in range(3):
                say(f'put {base + i}? full {b(q.full())}')
                await q.put(base + i)
                say(f'put {base + i} done: {q}')
        async def consumer(q):
            for i in range(6):
                await asyncio.sleep(1)
                item = await q.get()
                say(f'got {item}: qsize {q.qsize()} empty {b(q.empty())} {q}')
        async def main():
            q = asyncio.Queue(2)
            say(f'{q} maxsize {q.maxsize}')
            asyncio.create_task(producer(q, 10), name='P1')
            asyncio.create_task(producer(q, 20), name='P2')
            await asyncio.create_task(consumer(q), name='C')
            say(f'{q}')
        run(main())
      `),
    );
  });

  it('getters are served FIFO; a getter cancelled while waiting is skipped; one woken then cancelled before it ran passes the item on', () => {
    function* getter(q: Queue<number>): Coroutine<void> {
      try {
        log(`got ${yield* q.get()}`);
      } catch (e) {
        log(`raised ${errName(e)} ${q}`);
      }
    }
    function* main(): Coroutine<void> {
      const q = new Queue<number>();
      const t: Record<string, Task<void>> = {};
      for (const n of ['G1', 'G2', 'G3', 'G4', 'G5', 'G6']) t[n] = createTask(getter(q), { name: n });
      yield* sleep(0);
      t['G2']!.cancel(); // waiting, never woken
      yield* sleep(0);
      log(`${q}`);
      q.putNowait(1); // G1
      q.putNowait(2); // G3...
      t['G3']!.cancel(); // ...woken, then cancelled before it ran: G4 gets 2
      log(`${q}`);
      yield* sleep(1);
      q.putNowait(3); // G5
      t['G5']!.cancel(); // woken and cancelled, and G6 cancelled too: 3 stays queued
      t['G6']!.cancel();
      yield* sleep(1);
      log(`${q}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def getter(q):
            try:
                say(f'got {await q.get()}')
            except BaseException as e:
                say(f'raised {name(e)} {q}')
        async def main():
            q = asyncio.Queue()
            t = {n: asyncio.create_task(getter(q), name=n) for n in ['G1', 'G2', 'G3', 'G4', 'G5', 'G6']}
            await asyncio.sleep(0)
            t['G2'].cancel()
            await asyncio.sleep(0)
            say(f'{q}')
            q.put_nowait(1)
            q.put_nowait(2)
            t['G3'].cancel()
            say(f'{q}')
            await asyncio.sleep(1)
            q.put_nowait(3)
            t['G5'].cancel()
            t['G6'].cancel()
            await asyncio.sleep(1)
            say(f'{q}')
        run(main())
      `),
    );
  });

  it('putters are served FIFO; a putter woken then cancelled before it ran passes the free slot on', () => {
    function* putter(q: Queue<number>, item: number): Coroutine<void> {
      try {
        yield* q.put(item);
        log(`put ${item}`);
      } catch (e) {
        log(`raised ${errName(e)} ${q}`);
      }
    }
    function* main(): Coroutine<void> {
      const q = new Queue<number>(1);
      q.putNowait(0);
      const t: Record<string, Task<void>> = {};
      for (const [n, item] of [['P1', 1], ['P2', 2], ['P3', 3], ['P4', 4]] as const) t[n] = createTask(putter(q, item), { name: n });
      yield* sleep(0);
      t['P2']!.cancel(); // waiting
      log(`got ${q.getNowait()}: ${q}`); // wakes P1
      yield* sleep(0);
      log(`got ${q.getNowait()}: ${q}`); // wakes P3...
      t['P3']!.cancel(); // ...cancelled before it ran: P4 gets the slot
      yield* sleep(0);
      yield* sleep(0);
      log(`${q}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def putter(q, item):
            try:
                await q.put(item)
                say(f'put {item}')
            except BaseException as e:
                say(f'raised {name(e)} {q}')
        async def main():
            q = asyncio.Queue(1)
            q.put_nowait(0)
            t = {n: asyncio.create_task(putter(q, item), name=n) for n, item in [('P1', 1), ('P2', 2), ('P3', 3), ('P4', 4)]}
            await asyncio.sleep(0)
            t['P2'].cancel()
            say(f'got {q.get_nowait()}: {q}')
            await asyncio.sleep(0)
            say(f'got {q.get_nowait()}: {q}')
            t['P3'].cancel()
            await asyncio.sleep(0)
            await asyncio.sleep(0)
            say(f'{q}')
        run(main())
      `),
    );
  });

  it('join() waits until taskDone() was called for every item put; too many taskDone() raise ValueError', () => {
    function* worker(q: Queue<number>): Coroutine<void> {
      for (;;) {
        const item = yield* q.get();
        yield* sleep(item);
        log(`done ${item}`);
        q.taskDone();
      }
    }
    function* joiner(q: Queue<number>): Coroutine<void> {
      yield* q.join();
      log('joined');
    }
    function* main(): Coroutine<void> {
      const q = new Queue<number>();
      yield* q.join();
      log('join on a fresh queue returns at once');
      for (const n of ['W1', 'W2']) createTask(worker(q), { name: n });
      for (const item of [3, 1, 2, 1]) q.putNowait(item);
      createTask(joiner(q), { name: 'J' });
      yield* q.join();
      log(`main joined: ${q}`);
      q.putNowait(1);
      yield* q.join();
      log('joined again');
      try {
        q.taskDone();
      } catch (e) {
        log(`raised ${errName(e)}`);
      }
    }
    expect(lines(main)).toEqual(
      python(`
        async def worker(q):
            while True:
                item = await q.get()
                await asyncio.sleep(item)
                say(f'done {item}')
                q.task_done()
        async def joiner(q):
            await q.join()
            say('joined')
        async def main():
            q = asyncio.Queue()
            await q.join()
            say('join on a fresh queue returns at once')
            for n in ['W1', 'W2']: asyncio.create_task(worker(q), name=n)
            for item in [3, 1, 2, 1]: q.put_nowait(item)
            asyncio.create_task(joiner(q), name='J')
            await q.join()
            say(f'main joined: {q}')
            q.put_nowait(1)
            await q.join()
            say('joined again')
            try:
                q.task_done()
            except ValueError as e:
                say(f'raised {name(e)}')
        run(main())
      `),
    );
  });

  it('PriorityQueue pops in heapq order (tuples, ties, strings), LifoQueue last in first out; the nowait errors', () => {
    function* main(): Coroutine<void> {
      const pq = new PriorityQueue<[number, string]>();
      for (const item of [[2, 'b'], [1, 'z'], [3, 'a'], [1, 'a'], [2, 'a'], [1, 'é'], [0.5, 'x'], [1, 'a ']] as [number, string][]) pq.putNowait(item);
      const popped: string[] = [];
      while (!pq.empty()) popped.push(pq.getNowait().join(':'));
      log(popped.join(' '));
      const nums = new PriorityQueue<number>();
      for (const x of [5, 3, 8, 1, 9, 2, 7, 3]) nums.putNowait(x);
      log(`${nums}`);
      const lifo = new LifoQueue<number>(3);
      for (const x of [1, 2, 3]) yield* lifo.put(x);
      try {
        lifo.putNowait(4);
      } catch (e) {
        log(`raised ${errName(e)} ${lifo}`);
      }
      log(`${lifo.getNowait()} ${lifo.getNowait()} ${lifo.getNowait()}`);
      try {
        lifo.getNowait();
      } catch (e) {
        log(`raised ${errName(e)} ${lifo}`);
      }
      // A getter waiting on a PriorityQueue gets the smallest of what is there when it runs.
      const waiting = new PriorityQueue<number>();
      const g = createTask(waiting.get(), { name: 'G' });
      yield* sleep(0);
      waiting.putNowait(5);
      waiting.putNowait(4);
      log(`G got ${yield* g}`);
    }
    expect(lines(main)).toEqual(
      python(`
        async def main():
            pq = asyncio.PriorityQueue()
            for item in [(2, 'b'), (1, 'z'), (3, 'a'), (1, 'a'), (2, 'a'), (1, 'é'), (0.5, 'x'), (1, 'a ')]: pq.put_nowait(item)
            popped = []
            while not pq.empty(): popped.append(':'.join(str(x) for x in pq.get_nowait()))
            say(' '.join(popped))
            nums = asyncio.PriorityQueue()
            for x in [5, 3, 8, 1, 9, 2, 7, 3]: nums.put_nowait(x)
            say(f'{nums}')
            lifo = asyncio.LifoQueue(3)
            for x in [1, 2, 3]: await lifo.put(x)
            try:
                lifo.put_nowait(4)
            except asyncio.QueueFull as e:
                say(f'raised {name(e)} {lifo}')
            say(f'{lifo.get_nowait()} {lifo.get_nowait()} {lifo.get_nowait()}')
            try:
                lifo.get_nowait()
            except asyncio.QueueEmpty as e:
                say(f'raised {name(e)} {lifo}')
            waiting = asyncio.PriorityQueue()
            g = asyncio.create_task(waiting.get(), name='G')
            await asyncio.sleep(0)
            waiting.put_nowait(5)
            waiting.put_nowait(4)
            say(f'G got {await g}')
        run(main())
      `),
    );
  });

  it('PriorityQueue: items that cannot be compared raise TypeError and stay in the heap, as in CPython', () => {
    function* main(): Coroutine<void> {
      const pq = new PriorityQueue<[number, object]>();
      pq.putNowait([1, {}]);
      pq.putNowait([2, {}]);
      try {
        pq.putNowait([1, {}]);
      } catch (e) {
        log(`raised ${errName(e)} qsize ${pq.qsize()}`);
      }
      const got = pq.getNowait();
      log(`got ${got[0]} qsize ${pq.qsize()}`);
      yield* sleep(0);
    }
    expect(lines(main)).toEqual(
      python(`
        async def main():
            pq = asyncio.PriorityQueue()
            pq.put_nowait((1, object()))
            pq.put_nowait((2, object()))
            try:
                pq.put_nowait((1, object()))
            except TypeError as e:
                say(f'raised {name(e)} qsize {pq.qsize()}')
            got = pq.get_nowait()
            say(f'got {got[0]} qsize {pq.qsize()}')
            await asyncio.sleep(0)
        run(main())
      `),
    );
  });
});

describe('heapq port with Python ordering', () => {
  // Each case holds items of one comparable shape, few distinct values (many ties).
  const numbers = fc.oneof(fc.integer({ min: -3, max: 3 }), fc.constantFrom(0.5, -0.5, 1e-300, 2 ** 53));
  const strings = fc.constantFrom('', 'a', 'b', 'ab', 'a ', 'é', '\uffff', '\u{10000}', '\u{1F600}', 'Z', 'aa');
  const tuples = fc.array(fc.oneof(fc.integer({ min: 0, max: 2 }), fc.constant(1)), { maxLength: 3 }).map((t) => t as unknown);
  const pairs = fc.tuple(fc.integer({ min: 0, max: 3 }), strings).map((t) => t as unknown);
  const nested = fc.tuple(fc.integer({ min: 0, max: 1 }), fc.array(fc.constantFrom('a', 'b'), { maxLength: 2 }), fc.integer({ min: 0, max: 2 })).map((t) => t as unknown);
  const caseArb = fc.oneof(numbers, strings, tuples, pairs, nested).chain((first) => {
    const kind = typeof first === 'number' ? numbers : typeof first === 'string' ? strings : Array.isArray(first) && typeof first[1] === 'string' ? pairs : Array.isArray(first) && Array.isArray(first[1]) ? nested : tuples;
    return fc.record({
      ops: fc.array(fc.oneof({ weight: 3, arbitrary: kind as fc.Arbitrary<unknown> }, { weight: 1, arbitrary: fc.constant(null) }), { maxLength: 40 }),
      heapify: fc.boolean(),
    });
  });

  const PYTHON = `
import heapq, json, sys
out = []
for case in json.load(sys.stdin):
    heap, popped = [], []
    for op in case['ops']:
        if op is None:
            if heap: popped.append(heapq.heappop(heap))
        else:
            heapq.heappush(heap, op['v'])
    if case['heapify']:
        heapq.heapify(heap)
    while heap: popped.append(heapq.heappop(heap))
    out.append(popped)
json.dump(out, sys.stdout)
`;

  it.skipIf(!hasPython)('pops in exactly CPython heapq order: numbers, strings by code point, arrays as tuples (1000 random cases)', () => {
    const cases = fc.sample(caseArb, { numRuns: 1000, seed: 7 }) as { ops: unknown[]; heapify: boolean }[];
    // Wrapped so a tuple item is not taken for the null "pop" op; tuples are lists in JSON.
    const wire = cases.map((c) => ({ heapify: c.heapify, ops: c.ops.map((op) => (op === null ? null : { v: op })) }));
    const run = spawnSync('python3', ['-c', PYTHON], { input: JSON.stringify(wire), encoding: 'utf8' });
    expect(run.stderr).toBe('');
    const reference = JSON.parse(run.stdout) as unknown[][];
    cases.forEach((c, i) => {
      const heap: unknown[] = [];
      const popped: unknown[] = [];
      for (const op of c.ops) {
        if (op === null) {
          if (heap.length > 0) popped.push(heappop(heap));
        } else heappush(heap, op);
      }
      if (c.heapify) heapify(heap);
      while (heap.length > 0) popped.push(heappop(heap));
      expect(popped, JSON.stringify(c)).toEqual(reference[i]);
    });
  });

  it('compares like Python: bool and bigint as numbers, tuples by first difference then length, strings by code point', () => {
    expect(pyLessThan(true, 2)).toBe(true);
    expect(pyLessThan(1n, 1.5)).toBe(true);
    expect(pyLessThan([1, 'b'], [1, 'c'])).toBe(true);
    expect(pyLessThan([1], [1, 0])).toBe(true);
    expect(pyLessThan([1, 0], [1])).toBe(false);
    expect(pyLessThan([true, 'x'], [1, 'y'])).toBe(true); // True == 1, so the strings decide
    expect(pyLessThan('\uffff', '\u{10000}')).toBe(true); // JavaScript's own < says false
    const task = {};
    expect(pyLessThan([1, task], [2, task])).toBe(true); // the object is never compared
    expect(pyLessThan([1, task], [1, task])).toBe(false); // the same object: equal
  });
});

describe('errors for bad input', () => {
  it('nowait on an empty or full queue, taskDone() too many times, a bad maxsize', () => {
    const q = new Queue<number>(1);
    expect(() => q.getNowait()).toThrowErrorMatchingInlineSnapshot(`[QueueEmpty: getNowait() on an empty <Queue maxsize=1>: use \`yield* queue.get()\` to wait for an item]`);
    expect(() => q.getNowait()).toThrow(QueueEmpty);
    q.putNowait(7);
    expect(() => q.putNowait(8)).toThrowErrorMatchingInlineSnapshot(`[QueueFull: putNowait() on a full <Queue maxsize=1 _queue=[7] tasks=1> (maxsize=1): use \`yield* queue.put(item)\` to wait for a free slot]`);
    expect(() => q.putNowait(8)).toThrow(QueueFull);
    expect(q.getNowait()).toBe(7);
    q.taskDone();
    expect(() => q.taskDone()).toThrowErrorMatchingInlineSnapshot(`[ValueError: taskDone() called too many times: <Queue maxsize=1> has no unfinished item (call it once per item taken with get())]`);
    expect(() => q.taskDone()).toThrow(ValueError);
    expect(() => new Queue('3' as never)).toThrowErrorMatchingInlineSnapshot(`[TypeError: Queue expected a maxsize (a number; 0 means unbounded), got string "3"]`);
    expect(() => new PriorityQueue(Number.NaN)).toThrowErrorMatchingInlineSnapshot(`[TypeError: PriorityQueue expected a maxsize (a number; 0 means unbounded), got number NaN]`);
    expect(new Queue(-1).full()).toBe(false); // <= 0: unbounded, as in CPython
  });

  it('PriorityQueue items that cannot be ordered, waiting outside a loop', () => {
    const pq = new PriorityQueue<unknown>();
    pq.putNowait('a');
    expect(() => pq.putNowait(1)).toThrowErrorMatchingInlineSnapshot(`[TypeError: '<' not supported between number 1 and string "a": PriorityQueue orders numbers, strings and arrays of them as Python tuples — put [priority, count, item] so the item itself is never compared]`);
    expect(() => heappop([])).toThrowErrorMatchingInlineSnapshot(`[RangeError: heappop from an empty heap]`);
    expect(() => new Queue().get().next()).toThrowErrorMatchingInlineSnapshot(`[RuntimeError: no running event loop]`);
  });

  it('a deadlock report names what each task waits on: Queue.get(), Lock.acquire(), Event.wait(), Semaphore.acquire()', () => {
    const outcome = runSim(function* () {
      const q = new PriorityQueue<number>();
      const lock = new Lock();
      const ev = new Event();
      createTask(q.get(), { name: 'consumer' });
      createTask(ev.wait(), { name: 'watcher' });
      createTask(new Semaphore(0).acquire(), { name: 'limited' });
      yield* lock.acquire();
      createTask(lock.acquire(), { name: 'second' });
      yield* new Queue(1).join(); // nothing was put: returns at once
      yield* q.get();
    });
    expect(outcome.error).toMatchInlineSnapshot(`
      [DeadlockError: deadlock at t=0, step 5: nothing is ready and no timer is pending, but 5 tasks are still waiting:
        - task "Task-1" waits on PriorityQueue.get()
        - task "consumer" waits on PriorityQueue.get()
        - task "watcher" waits on Event.wait()
        - task "limited" waits on Semaphore.acquire()
        - task "second" waits on Lock.acquire()]
    `);
  });
});
