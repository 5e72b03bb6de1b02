// The seed talk's "Concurrent" example: two tasks cost the max, 2 virtual seconds.
import { createTask, defineScenario, getRunningLoop, run, sleep, type Coroutine } from 'simloop';

export default defineScenario({
  name: 'say-after-concurrent',
  description: 'say_after(1) and say_after(2) as tasks: finished at t=2',
  run({ print, options }) {
    function* sayAfter(delay: number, what: string): Coroutine<void> {
      yield* sleep(delay);
      print(what);
    }
    function* main(): Coroutine<void> {
      const task1 = createTask(sayAfter(1, 'hello'));
      const task2 = createTask(sayAfter(2, 'world'));
      print(`started at ${getRunningLoop().time()}`);
      // Wait until both tasks are completed (2 virtual seconds).
      yield* task1;
      yield* task2;
      print(`finished at ${getRunningLoop().time()}`);
    }
    run(main(), options);
  },
});
