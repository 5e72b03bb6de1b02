# The seed talk's "Concurrent" example: two tasks, so it takes max(1, 2) = 2
# seconds. Virtual time replaces time.strftime('%X').
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    task1 = asyncio.create_task(
        say_after(1, 'hello'))

    task2 = asyncio.create_task(
        say_after(2, 'world'))

    print(f"started at {vloop.fmt_time(asyncio.get_running_loop().time())}")

    # Wait until both tasks are completed (should take
    # around 2 seconds.)
    await task1
    await task2

    print(f"finished at {vloop.fmt_time(asyncio.get_running_loop().time())}")

vloop.run(main())
