# The seed talk's nested() example: calling a coroutine does nothing until it
# is awaited. (CPython also warns on stderr that the first nested() was never
# awaited; the golden holds stdout.)
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

async def nested(): # coroutine
    return 42

async def main():
    # Nothing happens if we just call "nested()".
    # A coroutine object is created but not awaited,
    # so it *won't run at all*.
    nested()

    # Let's do it differently now and await it:
    print(await nested()) # will print "42".

vloop.run(main())
