"""CPython asyncio on a virtual clock, timed on the workloads of simloop's aio rows.

The loop is properties/reference/vloop.py (imported through sys.path, not
copied): asyncio's own SelectorEventLoop whose time() is a counter and whose
selector jumps the counter by the timeout instead of sleeping, run with
`vloop.run(main())` (asyncio.Runner with that loop, so a timed run includes
making the loop, running main, and the Runner's shutdown, as runSim does).
The workloads are bench/aio-workloads.ts's, line for line:

  sleep K x M   K workers, each `for _ in range(M): await asyncio.sleep(1)`,
                gathered by main with asyncio.gather
  queue N       a producer putting 0..N-1 into asyncio.Queue(maxsize) and a
                consumer getting N items and summing them, gathered by main
  gather N      asyncio.gather of N children, each `await asyncio.sleep(0)` once

Usage: python3 bench/aio_bench.py '{"sleep": [[K, M], ...], "queue": [[N, maxsize], ...], "gather": [N, ...], "repeats": R}'
Prints one JSON object: {"python": version, "sleep": {"KxM": ms}, "queue": {"N": ms}, "gather": {"N": ms}},
each the median of R timed runs (time.perf_counter, gc.collect() before each,
outside the timing) after one untimed warm-up run. Every run checks its result.
"""

import asyncio
import gc
import json
import os
import platform
import statistics
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'properties', 'reference'))
import vloop  # noqa: E402


async def worker(m):
    for _ in range(m):
        await asyncio.sleep(1)


async def child():
    await asyncio.sleep(0)


async def producer(queue, n):
    for i in range(n):
        await queue.put(i)


async def consumer(queue, n):
    total = 0
    for _ in range(n):
        total += await queue.get()
    return total


def run_sleep(tasks, sleeps):
    async def main():
        results = await asyncio.gather(*[worker(sleeps) for _ in range(tasks)])
        return len(results), asyncio.get_running_loop().time()
    gathered, now = vloop.run(main())
    assert gathered == tasks and now == sleeps, (gathered, now)


def run_queue(items, maxsize):
    async def main():
        queue = asyncio.Queue(maxsize)
        _, total = await asyncio.gather(producer(queue, items), consumer(queue, items))
        return total
    total = vloop.run(main())
    assert total == items * (items - 1) // 2, total


def run_gather(children):
    async def main():
        results = await asyncio.gather(*[child() for _ in range(children)])
        return len(results)
    assert vloop.run(main()) == children


def timed(fn, repeats):
    fn()  # warm-up
    times = []
    for _ in range(repeats):
        gc.collect()
        start = time.perf_counter()
        fn()
        times.append((time.perf_counter() - start) * 1000)
    return statistics.median(times)


def main():
    spec = json.loads(sys.argv[1])
    repeats = int(spec.get('repeats', 5))
    out = {
        'python': platform.python_implementation() + ' ' + platform.python_version(),
        'sleep': {},
        'queue': {},
        'gather': {},
    }
    for tasks, sleeps in spec.get('sleep', []):
        out['sleep']['%dx%d' % (tasks, sleeps)] = timed(lambda: run_sleep(tasks, sleeps), repeats)
    for items, maxsize in spec.get('queue', []):
        out['queue'][str(items)] = timed(lambda: run_queue(items, maxsize), repeats)
    for children in spec.get('gather', []):
        out['gather'][str(children)] = timed(lambda: run_gather(children), repeats)
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
