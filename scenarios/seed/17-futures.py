# The seed talk's "Futures" example. The talk leaves
# function_that_returns_a_future_object() and some_python_coroutine()
# undefined; here the first returns a future resolved by the loop a second
# later, the second sleeps and returns, and the results are printed.
import os, sys
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "properties", "reference"))
import vloop  # asyncio.run on a virtual clock: sleeps take no wall time
import asyncio

def function_that_returns_a_future_object():
    loop = asyncio.get_running_loop()
    future = loop.create_future()
    loop.call_later(1, future.set_result, 'from a future')
    return future

async def some_python_coroutine():
    await asyncio.sleep(2)
    return 'from a coroutine'

async def main():
    print(await function_that_returns_a_future_object())

    # this is also valid:
    print(await asyncio.gather(
        function_that_returns_a_future_object(),
        some_python_coroutine()
    ))
    print(f"at {vloop.fmt_time(asyncio.get_running_loop().time())}")

vloop.run(main())
