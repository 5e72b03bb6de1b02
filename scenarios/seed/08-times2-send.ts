// The seed talk's "send", on simloop: the value sent in becomes the result of
// the paused `yield` (JavaScript's gen.next(value)); send returns what the
// generator yields next.
import { defineScenario } from 'simloop';
import { next, send } from './py.js';

function* times2(): Generator<number | undefined, never, number> {
  while (true) {
    const val = yield;
    yield val * 2;
  }
}

export default defineScenario({
  name: 'times2-send',
  description: 'next() to the receiving yield, then send(v) returns v * 2: 2, 4, 6',
  run({ print }) {
    const z = times2();

    next(z);
    print(send(z, 1));
    next(z);
    print(send(z, 2));
    next(z);
    print(send(z, 3));
  },
});
