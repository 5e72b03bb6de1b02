"""Import for its effect: asyncio.TaskGroup keeps its tasks in an
insertion-ordered set, so `_abort` cancels them in creation order.

CPython keeps them in a plain set, which iterates in hash order (memory
addresses): which sibling is cancelled first can change from run to run.
simloop's TaskGroup uses a Set in creation order, so the reference does too
(the same move as vloop's creation-order `_cancel_all_tasks`).
"""
import asyncio.taskgroups


class _OrderedSet(dict):
    """The part of set that TaskGroup uses, in insertion order."""

    def add(self, item):
        self[item] = None

    def discard(self, item):
        self.pop(item, None)


_init = asyncio.taskgroups.TaskGroup.__init__


def _init_ordered(self):
    _init(self)
    self._tasks = _OrderedSet()


asyncio.taskgroups.TaskGroup.__init__ = _init_ordered
