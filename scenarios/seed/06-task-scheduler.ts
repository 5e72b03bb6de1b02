// The seed talk's TaskScheduler with odd_till / even_till, on simloop.
import { TaskScheduler, defineScenario, type ScenarioContext } from 'simloop';

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
  name: 'task-scheduler',
  description: 'round robin over odd_till(5), even_till(4), odd_till(6)',
  run(ctx) {
    const scheduler = new TaskScheduler(ctx.options);
    scheduler.addTask(oddTill(ctx, 5));
    scheduler.addTask(evenTill(ctx, 4));
    scheduler.addTask(oddTill(ctx, 6));
    scheduler.run();
  },
});
