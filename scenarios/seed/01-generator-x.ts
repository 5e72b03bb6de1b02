// The seed talk's first generator function, on simloop: calling it makes a
// generator object; each next() runs it to its next yield.
import { defineScenario } from 'simloop';
import { generatorRepr, next } from './py.js';

function* x() {
  let a = 0;
  while (true) {
    yield a;

    a += 1;
  }
}

export default defineScenario({
  name: 'generator-x',
  description: 'a generator function returns a resumable generator object: 0, then 1',
  run({ print }) {
    const z = x();

    // Python prints the object's address (`at 0x01ACB760`); JavaScript has no
    // addresses, so this prints the golden's normalised form, `at 0x…`.
    print(generatorRepr(x, z));
    print(next(z));
    print(next(z));
  },
});
