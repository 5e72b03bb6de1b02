"""The seed talk's own schedulers, timed on the sizes simloop is benchmarked on.

TaskScheduler and ActorScheduler are the seed's verbatim classes from
properties/reference/seed_classes.py (Python Cookbook 12.12, as in
/work/shared/seed/deriving-asyncio.md); the counter and printer actors are
the seed's too, except that the printer adds each message to a
global counter instead of printing it. The tasks are the same trivial work as
bench/workloads.ts: each step adds its loop counter to a global sink.

Usage: python3 bench/seed_bench.py '{"task": [[T, N], ...], "actor": [C, ...], "repeats": R}'
Prints one JSON object: {"python": version, "task": {"TxN": ms}, "actor": {"C": ms}},
each the median of R timed runs (time.perf_counter), after one untimed warm-up run.
A timed run includes building the generators and the scheduler, as on the node side.
"""

import gc
import json
import os
import platform
import statistics
import sys
import time


# The seed's classes, verbatim, shared with the differential tests.
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), '..', 'properties', 'reference'))
from seed_classes import ActorScheduler, TaskScheduler  # noqa: E402


# --- the seed's actors --------------------------------------------------------

def printer():
    global PRINTED
    while True:
        msg = yield
        PRINTED += msg  # the seed prints 'Got:', msg


def counter(sched):
    while True:
        # Receive the current count
        n = yield
        if n == 0:
            break
        # Send to the printer task
        sched.send('printer', n)
        # Send the next count to the counter task (recursive)
        sched.send('counter', n-1)


# --- the benchmark's tasks and runs -----------------------------------------

SINK = 0
PRINTED = 0


def worker(n):
    global SINK
    for i in range(n):
        SINK += i
        yield


def run_tasks(tasks, yields):
    scheduler = TaskScheduler()
    for _ in range(tasks):
        scheduler.add_task(worker(yields))
    scheduler.run()


def run_counter(count):
    sched = ActorScheduler()
    sched.new_actor('printer', printer())
    sched.new_actor('counter', counter(sched))
    sched.send('counter', count)
    sched.run()


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
    global SINK, PRINTED
    spec = json.loads(sys.argv[1])
    repeats = int(spec.get('repeats', 5))
    out = {'python': platform.python_implementation() + ' ' + platform.python_version(), 'task': {}, 'actor': {}}
    for tasks, yields in spec.get('task', []):
        before = SINK
        out['task']['%dx%d' % (tasks, yields)] = timed(lambda: run_tasks(tasks, yields), repeats)
        assert SINK - before == (repeats + 1) * tasks * yields * (yields - 1) // 2
    for count in spec.get('actor', []):
        before = PRINTED
        out['actor'][str(count)] = timed(lambda: run_counter(count), repeats)
        assert PRINTED - before == (repeats + 1) * count * (count + 1) // 2
    json.dump(out, sys.stdout)
    sys.stdout.write('\n')


if __name__ == '__main__':
    main()
