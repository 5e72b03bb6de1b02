/**
 * Use before init (unsafe publication) — TaskScheduler (generators).
 *
 * Source: Goetz et al., "Java Concurrency in Practice", §3.5 ("Safe
 * publication"; Listing 3.14, publishing an object before it is constructed)
 * and the PCT paper's depth-1 example (Burckhardt et al., ASPLOS 2010, Fig. 1:
 * a thread uses a pointer another thread has not initialised yet).
 *
 * A service registers itself in a shared registry *before* it finishes
 * initialising (the registration is the first thing it does; reading its
 * config takes a turn). Two clients look it up after one turn of their own.
 * The seed's round robin runs the service first in that turn: by the time a
 * client looks, the port is set.
 *
 * DEPTH 1: one deviation — a client before the service in round 2 — and the
 * client connects to port 0. PCT depth 1.
 * Fix: register only once initialised (publish a fully-built object).
 */
import { TaskScheduler, defineScenario } from 'simloop';
import type { BugMeta } from './zoo.js';

export const meta: BugMeta = {
  layer: 'TaskScheduler',
  depth: 1,
  pctDepth: 1,
  tasks: 3,
  failsWith: 'Error: use before init',
  source: 'Goetz, Java Concurrency in Practice, §3.5; PCT paper Fig. 1 (depth 1)',
  budgets: [
    { strategy: 'random', seeds: 10 },
    { strategy: 'pct', seeds: 10 },
    { strategy: 'dfs', seeds: 10 },
  ],
};

interface Service {
  port: number;
  ready: boolean;
}

export default defineScenario({
  name: 'use-before-init',
  description: 'a service publishes itself in a registry before it has read its port',
  run({ print, options }) {
    const s = new TaskScheduler(options);
    const registry = new Map<string, Service>();
    const connections: string[] = [];

    function* database() {
      const self: Service = { port: 0, ready: false };
      registry.set('db', self); // published: visible to everyone from now on
      yield 'reading config';
      self.port = 5432;
      self.ready = true;
    }
    function* client(name: string) {
      yield 'starting';
      const db = registry.get('db');
      if (db === undefined) throw new Error(`${name}: db not registered`);
      if (!db.ready) throw new Error(`use before init: ${name} connected to db on port ${db.port}`);
      connections.push(`${name}→${db.port}`);
    }

    s.addTask(database(), { name: 'database' });
    s.addTask(client('client-1'), { name: 'client-1' });
    s.addTask(client('client-2'), { name: 'client-2' });
    s.run();
    print(connections.join(' '));
  },
});
