// The seed talk's "Auto handling of StopIteration", on simloop: for...of
// drives the generator to its end and stops quietly when it is done, as
// Python's for loop swallows StopIteration.
import { defineScenario, type ScenarioContext } from 'simloop';

function* x({ print }: ScenarioContext) {
  print('start');
  yield;
  print('after 1st yield');
  yield;
  print('after 2nd yield');
}

export default defineScenario({
  name: 'for-loop-stopiteration',
  description: 'a for loop runs the generator to its end without a StopIteration',
  run(ctx) {
    const z = x(ctx);
    for (const _ of z) {
      // pass
    }
  },
});
