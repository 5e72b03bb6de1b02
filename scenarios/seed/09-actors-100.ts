// The seed talk's ActorScheduler ("Deriving send") example, on simloop:
// the counter sends each count to the printer and the next count to itself.
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
  name: 'actors-100',
  description: 'printer and counter actors count down from 100 by messages',
  run(ctx) {
    const sched = new ActorScheduler(ctx.options);
    // Create the initial actors
    sched.newActor('printer', printer(ctx));
    sched.newActor('counter', counter(sched));
    // Send an initial message to the counter to initiate
    sched.send('counter', 100);
    sched.run();
  },
});
