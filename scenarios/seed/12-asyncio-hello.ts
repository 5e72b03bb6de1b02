// The seed talk's first asyncio example, on simloop's virtual clock.
import { defineScenario, run, sleep, type Coroutine } from 'simloop';

export default defineScenario({
  name: 'asyncio-hello',
  description: 'print hello, sleep a (virtual) second, print world',
  run({ print, options }) {
    function* main(): Coroutine<void> {
      print('hello');
      yield* sleep(1);
      print('world');
    }
    run(main(), options);
  },
});
