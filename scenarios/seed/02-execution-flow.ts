// The seed talk's "Execution Flow", on simloop: next() runs the generator up
// to its yield; the next next() resumes right after it.
import { defineScenario, type ScenarioContext } from 'simloop';
import { next } from './py.js';

function* x({ print }: ScenarioContext) {
  print('started');
  while (true) {
    print('before yield');
    yield;
    print('after yield');
  }
}

export default defineScenario({
  name: 'execution-flow',
  description: 'the body runs up to the yield; the second next() resumes after it',
  run(ctx) {
    const z = x(ctx);

    next(z);
    ctx.print('-- 2nd call');
    next(z);
  },
});
