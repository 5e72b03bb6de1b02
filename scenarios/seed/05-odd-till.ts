// The seed talk's "Immediate usefulness", on simloop: the loop yields one odd
// number per step and the for loop resumes it for the next.
import { defineScenario } from 'simloop';

function* oddTill(number: number) {
  let n = 1;
  while (n < number) {
    yield n;
    n += 2;
  }
}

export default defineScenario({
  name: 'odd-till',
  description: 'odd_till(10) yields 1, 3, 5, 7, 9 one step at a time',
  run({ print }) {
    for (const oddNum of oddTill(10)) {
      print(oddNum);
    }
  },
});
