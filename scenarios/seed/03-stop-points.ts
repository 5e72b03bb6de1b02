// The seed talk's "Yield as stop points", on simloop: each yield is a stop
// point; the third next() runs off the end and raises StopIteration, which is
// what this scenario demonstrates (hence `raises`).
import { defineScenario, type ScenarioContext } from 'simloop';
import { next } from './py.js';

function* x({ print }: ScenarioContext) {
  print('start');
  yield;
  print('after 1st yield');
  yield;
  print('after 2nd yield');
}

export default defineScenario({
  name: 'stop-points',
  description: 'a third next() on a two-yield generator raises StopIteration',
  raises: 'StopIteration',
  run(ctx) {
    const z = x(ctx);
    next(z);
    next(z);
    next(z);
  },
});
