// The seed talk's "Futures" example, with the two functions it leaves
// undefined written out: a future resolved by the loop a second later, and a
// coroutine that sleeps two seconds.
import { defineScenario, gather, getRunningLoop, run, sleep, type Coroutine, type Future } from 'simloop';

export default defineScenario({
  name: 'futures',
  description: 'await a future; gather a future and a coroutine',
  run({ print, options }) {
    function functionThatReturnsAFutureObject(): Future<string> {
      const loop = getRunningLoop();
      const future = loop.createFuture<string>();
      loop.callLater(1, (value: string) => future.setResult(value), 'from a future');
      return future;
    }
    function* somePythonCoroutine(): Coroutine<string> {
      yield* sleep(2);
      return 'from a coroutine';
    }
    function* main(): Coroutine<void> {
      print(yield* functionThatReturnsAFutureObject());
      // this is also valid:
      const results = yield* gather(functionThatReturnsAFutureObject(), somePythonCoroutine());
      print(`[${results.map((r) => `'${r}'`).join(', ')}]`);
      print(`at ${getRunningLoop().time()}`);
    }
    run(main(), options);
  },
});
