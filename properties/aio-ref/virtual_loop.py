"""virtual_loop.py -- a virtual-clock asyncio event loop for CPython 3.11.

Owns: VirtualLoop (BaseEventLoop whose time() is a counter), the selector that
advances that counter, the stop conditions (DeadlockError, BudgetExceeded) and
run(), a deterministic copy of asyncio.run / asyncio.Runner.

Must not: change any ordering decision of CPython. Everything that decides
order (_run_once, heapq timers, call_soon, Task, gather, wait_for, ...) is
CPython's own code; this file only supplies the clock and the exits.

Clock arithmetic is CPython's: _run_once computes
    timeout = min(max(0, when - self.time()), MAXIMUM_SELECT_TIMEOUT)  # 24h
and select(timeout) does exactly `now += timeout`, so the clock lands on
`now + (when - now)` (which may differ from `when` in the last float bit), and
a deadline further than 24h away takes several iterations to reach.
"""
import asyncio
from asyncio import base_events, tasks

CLOCK_RESOLUTION = 1e-9  # fixed, not read from time.get_clock_info()


class SimulationStopped(SystemExit):
    """The run was stopped by the harness, not by the program.

    A SystemExit subclass because that is the only exception CPython lets out
    of Task.__step and Handle._run (everything else is stored in the task or
    sent to the exception handler)."""


class DeadlockError(SimulationStopped):
    """Nothing is ready and no timer is scheduled: the loop would block forever."""

    def __init__(self, loop):
        self.pending = [t.get_name() for t in loop.tasks_in_order if not t.done()]
        super().__init__(
            f"deadlock at t={loop.time()!r}: no callback is ready and no timer "
            f"is scheduled; pending tasks (creation order): {', '.join(self.pending) or 'none'}")


class BudgetExceeded(SimulationStopped):
    """A step budget ran out (kind is 'iterations' or 'statements')."""

    def __init__(self, kind, limit):
        self.kind, self.limit = kind, limit
        super().__init__(f"budget exceeded: more than {limit} {kind}")


class _VirtualSelector:
    """Never has I/O events; 'waiting' moves the virtual clock instead."""

    def __init__(self, loop):
        self._loop = loop

    def select(self, timeout):
        if timeout is None:  # nothing ready, no timer: CPython would block forever
            raise DeadlockError(self._loop)
        self._loop._now += timeout  # exactly CPython's arithmetic, no rounding
        return []

    def close(self):
        pass


class VirtualLoop(base_events.BaseEventLoop):
    """asyncio loop on a virtual clock, with deterministic default task names.

    Tasks created without a name are named Task-1, Task-2, ... counting only
    unnamed tasks of this loop (CPython counts them process-wide). Every task
    is kept, strongly, in tasks_in_order (creation order), so a pending task is
    never garbage-collected mid-run (CPython's all_tasks() is a WeakSet).
    """

    def __init__(self, max_iterations=None):
        super().__init__()
        self._selector = _VirtualSelector(self)
        self._clock_resolution = CLOCK_RESOLUTION
        self._now = 0.0
        self.set_debug(False)
        self.iterations = 0
        self.max_iterations = max_iterations
        self.tasks_in_order = []
        self._unnamed = 0

    def time(self):
        return self._now

    def create_task(self, coro, *, name=None, context=None):
        if name is None:
            self._unnamed += 1
            name = f"Task-{self._unnamed}"
        task = super().create_task(coro, name=name, context=context)
        self.tasks_in_order.append(task)
        return task

    def _run_once(self):
        self.iterations += 1
        if self.max_iterations is not None and self.iterations > self.max_iterations:
            raise BudgetExceeded("iterations", self.max_iterations)
        super()._run_once()

    def _process_events(self, event_list):
        pass

    def _write_to_self(self):
        pass


def _cancel_all_tasks(loop, on_shutdown=None):
    """asyncio.runners._cancel_all_tasks, made deterministic.

    CPython iterates the *set* all_tasks(loop) (order = hash order of task
    objects, i.e. memory addresses); here the pending tasks are taken in
    creation order, both for the cancel() calls and for the gather() that
    waits for them. on_shutdown(list_of_tasks) is called first, even when the
    list is empty (CPython then returns without running the loop)."""
    to_cancel = [t for t in loop.tasks_in_order if not t.done()]
    if on_shutdown is not None:
        on_shutdown(to_cancel)
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(tasks.gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:  # CPython reports these to the exception handler
        if not task.cancelled() and task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(), 'task': task})


def _quiet_handler(loop, context):
    """Exception-handler replacement: reporting only, never affects order."""


def run(main, *, loop=None, main_name="main", on_main=None, on_shutdown=None):
    """asyncio.run(main()) on a VirtualLoop (mirrors asyncio.Runner in 3.11).

    main: a coroutine function. The main task is named main_name; on_main(task)
    is called right after it is created, before run_until_complete adds its own
    done-callback (so a callback added there runs first). Then, as in
    Runner.close(): cancel what is left (see _cancel_all_tasks), run
    shutdown_asyncgens() and shutdown_default_executor() (each costs loop
    iterations and creates an unnamed Task-N), close the loop.

    If the run stops with SimulationStopped (deadlock or budget), nothing more
    runs: the loop is closed and the exception re-raised. Not done (no effect
    on ordering): SIGINT handler, set_event_loop(), copy_context().
    """
    loop = loop or VirtualLoop()
    loop.set_exception_handler(_quiet_handler)
    try:
        task = loop.create_task(main(), name=main_name)
        if on_main is not None:
            on_main(task)
        try:
            result = loop.run_until_complete(task)
        except SimulationStopped:
            raise
        except BaseException:
            _shutdown(loop, on_shutdown)
            raise
        _shutdown(loop, on_shutdown)
        return result
    finally:
        if not loop.is_closed():
            loop.close()


def _shutdown(loop, on_shutdown):
    _cancel_all_tasks(loop, on_shutdown)
    loop.run_until_complete(loop.shutdown_asyncgens())
    loop.run_until_complete(loop.shutdown_default_executor())


if __name__ == "__main__":  # tiny smoke test: 1 hour of sleeping, instantly
    async def demo():
        await asyncio.sleep(3600)
        return asyncio.get_running_loop().time()
    print(run(demo))
