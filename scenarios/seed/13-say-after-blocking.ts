// The seed talk's "Blocking" example: sequential awaits cost the sum, 1 + 2 = 3
// virtual seconds (the talk prints wall-clock times; simloop prints virtual time).
import { defineScenario, getRunningLoop, run, sleep, type Coroutine } from 'simloop';

export default defineScenario({
  name: 'say-after-blocking',
  description: 'await say_after(1) then say_after(2): finished at t=3',
  run({ print, options }) {
    function* sayAfter(delay: number, what: string): Coroutine<void> {
      yield* sleep(delay);
      print(what);
    }
    function* main(): Coroutine<void> {
      print(`started at ${getRunningLoop().time()}`);
      yield* sayAfter(1, 'hello');
      yield* sayAfter(2, 'world');
      print(`finished at ${getRunningLoop().time()}`);
    }
    run(main(), options);
  },
});
