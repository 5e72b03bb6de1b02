# The seed talk's RunFunc with odd_till / even_till, verbatim (the talk's
# first name for what it then renames TaskScheduler).
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

class RunFunc:
    def __init__(self):
        self._queue = deque()

    def add_func(self, func):
        self._queue.append(func)

    def run(self):
        while self._queue:
            func = self._queue.popleft()
            try:
                next(func)
                self._queue.append(func)
            except StopIteration:
                pass

func_runner = RunFunc()

func_runner.add_func(odd_till(5))
func_runner.add_func(even_till(4))
func_runner.add_func(odd_till(6))
func_runner.run()
