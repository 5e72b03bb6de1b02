// The seed talk's ActorScheduler example with its suggested
// sched.send('counter', 1001), on simloop: past Python's recursion limit
// (1000) and still fine, because send only queues a message and run() loops —
// the counter's self-sends never nest.
import { ActorScheduler, defineScenario, type ScenarioContext } from 'simloop';

function* printer({ print }: ScenarioContext): Generator<undefined, never, unknown> {
  while (true) {
    const msg = yield;
    print('Got:', msg);
  }
}

function* counter(sched: ActorScheduler): Generator<undefined, void, number> {
  while (true) {
    // Receive the current count
    const n = yield;
    if (n === 0) {
      break;
    }
    // Send to the printer task
    sched.send('printer', n);
    // Send the next count to the counter task (recursive)
    sched.send('counter', n - 1);
  }
}

export default defineScenario({
  name: 'actors-1001',
  description: 'counting from 1001, beyond the Python recursion limit, works: send only queues',
  run(ctx) {
    const sched = new ActorScheduler(ctx.options);
    // Create the initial actors
    sched.newActor('printer', printer(ctx));
    sched.newActor('counter', counter(sched));
    // Send an initial message to the counter to initiate
    sched.send('counter', 1001);
    sched.run();
  },
});
