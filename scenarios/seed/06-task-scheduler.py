# The seed talk's TaskScheduler with odd_till / even_till, verbatim.
from collections import deque

def odd_till(number):
    n = 1
    while n < number:
        print('{} odd_till - {}'.format(number, n))
        yield n
        n += 2

def even_till(number):
    n = 2
    while n < number:
        print('{} even_till - {}'.format(number, n))
        yield n
        n += 2

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

scheduler = TaskScheduler()

scheduler.add_task(odd_till(5))
scheduler.add_task(even_till(4))
scheduler.add_task(odd_till(6))
scheduler.run()
