// The seed talk's ActorScheduler example counting down from 10^6, on simloop:
// a million self-sends on a flat stack (the golden is a digest line).
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
  name: 'actors-1000000',
  description: 'counting from 10^6: a million self-sends on a flat stack',
  run(ctx) {
    const sched = new ActorScheduler(ctx.options);
    // Create the initial actors
    sched.newActor('printer', printer(ctx));
    sched.newActor('counter', counter(sched));
    // Send an initial message to the counter to initiate
    sched.send('counter', 1_000_000);
    sched.run();
  },
});
