// The seed talk's RunFunc with odd_till / even_till, on simloop (RunFunc is
// TaskScheduler under the talk's first names).
import { RunFunc, defineScenario, type ScenarioContext } from 'simloop';

function* oddTill({ print }: ScenarioContext, number: number) {
  let n = 1;
  while (n < number) {
    print(`${number} odd_till - ${n}`);
    yield n;
    n += 2;
  }
}

function* evenTill({ print }: ScenarioContext, number: number) {
  let n = 2;
  while (n < number) {
    print(`${number} even_till - ${n}`);
    yield n;
    n += 2;
  }
}

export default defineScenario({
  name: 'runfunc',
  description: 'RunFunc round robin over odd_till(5), even_till(4), odd_till(6)',
  run(ctx) {
    const funcRunner = new RunFunc(ctx.options);

    funcRunner.addFunc(oddTill(ctx, 5));
    funcRunner.addFunc(evenTill(ctx, 4));
    funcRunner.addFunc(oddTill(ctx, 6));
    funcRunner.run();
  },
});
