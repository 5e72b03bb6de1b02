// The seed talk's nested() example: a coroutine runs only when awaited.
import { defineScenario, run, type Coroutine } from 'simloop';

export default defineScenario({
  name: 'nested-coroutine',
  description: 'calling nested() does nothing; yield* nested() gives 42',
  run({ print, options }) {
    // eslint-disable-next-line require-yield
    function* nested(): Coroutine<number> {
      return 42;
    }
    function* main(): Coroutine<void> {
      // Nothing happens if we just call nested(): a generator is created but never run.
      nested();
      // Awaiting it runs it inline:
      print(yield* nested());
    }
    run(main(), options);
  },
});
