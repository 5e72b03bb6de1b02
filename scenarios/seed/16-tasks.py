# The seed talk's "tasks" example. The talk prints nothing; the one added
# line prints what awaiting the task gives, so the example shows something.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

async def nested():
    return 42

async def main():
    # Schedule nested() to run soon concurrently
    # with "main()".
    task = asyncio.create_task(nested())

    # "task" can now be used to cancel "nested()", or
    # can simply be awaited to wait until it is complete:
    print(await task)  # added: the talk only awaits

vloop.run(main())
