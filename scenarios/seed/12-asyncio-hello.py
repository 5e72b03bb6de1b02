# The seed talk's first asyncio example ("AsyncIo as explained"), on a
# virtual-clock loop (vloop.run in place of asyncio.run).
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

async def main():
    print('hello')
    await asyncio.sleep(1)
    print('world')

vloop.run(main())
