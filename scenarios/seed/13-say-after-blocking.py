# The seed talk's "Blocking" example: awaiting say_after twice in a row takes
# 1 + 2 = 3 seconds. On a virtual clock, so time.strftime('%X') (wall time)
# becomes the loop's virtual time in seconds.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

async def say_after(delay, what):
    await asyncio.sleep(delay)
    print(what)

async def main():
    print(f"started at {vloop.fmt_time(asyncio.get_running_loop().time())}")

    await say_after(1, 'hello')
    await say_after(2, 'world')

    print(f"finished at {vloop.fmt_time(asyncio.get_running_loop().time())}")

vloop.run(main())
