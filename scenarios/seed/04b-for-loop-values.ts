// The seed talk's "Auto handling of StopIteration", second variant, on
// simloop: for...of also receives each yielded value.
import { defineScenario, type ScenarioContext } from 'simloop';

function* x({ print }: ScenarioContext) {
  print('start');
  yield 1;
  print('after 1st yield');
  yield 2;
  print('after 2nd yield');
}

export default defineScenario({
  name: 'for-loop-values',
  description: 'a for loop receives 1 and 2, interleaved with the generator’s prints',
  run(ctx) {
    const z = x(ctx);
    for (const value of z) {
      ctx.print(value);
    }
  },
});
