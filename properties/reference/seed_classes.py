# The seed talk's schedulers, verbatim (Python Cookbook 12.12 as shown in
# ../shared/seed/deriving-asyncio.md). The reference oracle for simloop's
# TaskScheduler and ActorScheduler: do not edit.
from collections import deque


class TaskScheduler:
    def __init__(self):
        self._queue = deque()

    def add_task(self, task):
        self._queue.append(task)

    def run(self):
        while self._queue:
            task = self._queue.popleft()
            try:
                next(task)
                self._queue.append(task)
            except StopIteration:
                pass


class ActorScheduler:
    def __init__(self):
        self._actors = { } # Mapping of names to actors
        self._msg_queue = deque() # Message queue

    def new_actor(self, name, actor):
        """
        Admit a newly started actor to the scheduler and give it a name
        """
        self._msg_queue.append((actor, None))
        self._actors[name] = actor

    def send(self, name, msg):
        """
        Send a message to a named actor
        """
        actor = self._actors.get(name)
        if actor:
            self._msg_queue.append((actor, msg))

    def run(self):
        """
        Run as long as there are pending messages.
        """
        while self._msg_queue:
            actor, msg = self._msg_queue.popleft()
            try:
                actor.send(msg)
            except StopIteration:
                pass
