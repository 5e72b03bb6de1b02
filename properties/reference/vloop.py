"""A virtual-clock asyncio loop for CPython 3.11: time() is a counter, and
when the loop would wait for a timer, select() jumps the counter by the
timeout instead of sleeping. With nothing ready and no timer, the program is
stuck: select(None) raises Deadlock instead of blocking forever.

    from vloop import run
    run(main())            # asyncio.run on the virtual clock

Used as the reference for simloop's asyncio layer in small tests; the
differential test's runner lives in properties/aio-ref/.
"""
import asyncio
import selectors


class Deadlock(Exception):
    pass


class _VirtualSelector(selectors.BaseSelector):
    def __init__(self):
        self._map = {}
        self.loop = None

    def register(self, fileobj, events, data=None):
        fd = fileobj if isinstance(fileobj, int) else fileobj.fileno()
        key = selectors.SelectorKey(fileobj, fd, events, data)
        self._map[fileobj] = key
        return key

    def unregister(self, fileobj):
        return self._map.pop(fileobj)

    def select(self, timeout=None):
        if timeout is None:
            raise Deadlock('nothing is ready and no timer is pending')
        self.loop._now += timeout
        return []

    def get_map(self):
        return self._map

    def close(self):
        pass


class VirtualLoop(asyncio.SelectorEventLoop):
    def __init__(self):
        self._now = 0
        self._created = []
        selector = _VirtualSelector()
        super().__init__(selector)
        selector.loop = self

    def time(self):
        return self._now

    def create_task(self, coro, *, name=None, context=None):
        task = super().create_task(coro, name=name, context=context)
        self._created.append(task)
        return task


def _cancel_all_tasks_in_creation_order(loop):
    """asyncio.runners._cancel_all_tasks, walking tasks in creation order:
    CPython walks a set (hash order); simloop fixes the order to creation
    order, so the reference does too."""
    created = getattr(loop, '_created', None)
    to_cancel = [t for t in created if not t.done()] if created is not None else list(asyncio.all_tasks(loop))
    if not to_cancel:
        return
    for task in to_cancel:
        task.cancel()
    loop.run_until_complete(asyncio.gather(*to_cancel, return_exceptions=True))
    for task in to_cancel:
        if task.cancelled():
            continue
        if task.exception() is not None:
            loop.call_exception_handler({
                'message': 'unhandled exception during asyncio.run() shutdown',
                'exception': task.exception(),
                'task': task,
            })


asyncio.runners._cancel_all_tasks = _cancel_all_tasks_in_creation_order


def fmt_time(t):
    """Virtual time as simloop prints it: 1 not 1.0, 0.30000000000000004 as is."""
    return str(int(t)) if t == int(t) else repr(t)


def run(coro):
    with asyncio.Runner(loop_factory=VirtualLoop) as runner:
        return runner.run(coro)
