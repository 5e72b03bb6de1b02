// The seed talk's "tasks" example: nested() scheduled as a task, then awaited.
import { createTask, defineScenario, run, type Coroutine } from 'simloop';

export default defineScenario({
  name: 'tasks',
  description: 'createTask(nested()) then yield* task',
  run({ print, options }) {
    // eslint-disable-next-line require-yield
    function* nested(): Coroutine<number> {
      return 42;
    }
    function* main(): Coroutine<void> {
      // Schedule nested() to run soon, concurrently with main().
      const task = createTask(nested());
      // The task can be cancelled, or simply awaited until it is complete:
      print(yield* task);
    }
    run(main(), options);
  },
});
