// The seed talk's "Generators introduced for memory saving", on simloop: the
// array builds all ten squares before summing; the generator hands sum() one
// square at a time, so no list is ever built. Same sum, 285.
import { defineScenario } from 'simloop';
import { range, sum } from './py.js';

export default defineScenario({
  name: 'generator-expression-sum',
  description: 'sum([x*x for x in range(10)]) and sum(x*x for x in range(10)) are both 285',
  run({ print }) {
    // sum([x*x for x in range(10)])
    print(sum([...range(10)].map((x) => x * x)));
    // sum(x*x for x in range(10))
    print(
      sum(
        (function* () {
          for (const x of range(10)) yield x * x;
        })(),
      ),
    );
  },
});
