"""Runs simloop's random workloads on the seed's own Python schedulers.

Mirrors src/harness/conformance/workloads.ts (re-exported by
properties/laws/workload.ts) line for line: the same task and actor
generators, the same driver that logs `raised <message>` and runs again.
Reads one JSON workload per line on stdin ({"kind": "tasks", "programs": [...]}
or {"kind": "actors", "workload": {...}}), writes one JSON line per workload:
the log, or {"error": "..."} if the runner itself failed.
"""
import json
import sys

from seed_classes import ActorScheduler, TaskScheduler

MAX_RERUNS = 1000


class UserError(Exception):
    pass


def task_generator(program, log, add):
    last = len(program['resumptions']) - 1
    for i, ops in enumerate(program['resumptions']):
        log.append(f"{program['name']} {i}")
        for op in ops:
            if 'spawn' in op:
                log.append(f"{program['name']} spawn {op['spawn']['name']}")
                add(task_generator(op['spawn'], log, add))
            else:
                raise UserError(op['throw'])
        if i < last:
            yield i


def drive(scheduler, log):
    for reruns in range(MAX_RERUNS + 1):
        try:
            scheduler.run()
            return log
        except UserError as error:
            log.append(f'raised {error}')
    raise RuntimeError('run() raised too many times')


def run_tasks(programs):
    log = []
    scheduler = TaskScheduler()
    add = scheduler.add_task
    for program in programs:
        add(task_generator(program, log, add))
    return drive(scheduler, log)


def actor_generator(program, ident, log, scheduler, spawn):
    received = 0
    while received < program['limit']:
        m = yield
        received += 1
        log.append(f"{program['name']}#{ident} got {m}")
        if m == program['throwOn']:
            raise UserError(f"{program['name']}#{ident}")
        if program['spawnOn'] is not None and m == program['spawnOn']['at']:
            spawn(program['spawnOn']['actor'])
        if m > 0:
            for target in program['targets']:
                scheduler.send(target, m - 1)
    log.append(f"{program['name']}#{ident} done")


def run_actors(workload):
    log = []
    scheduler = ActorScheduler()
    next_id = [0]

    def spawn(program):
        ident = next_id[0]
        next_id[0] += 1
        scheduler.new_actor(program['name'], actor_generator(program, ident, log, scheduler, spawn))

    for program in workload['actors']:
        spawn(program)
    for to, m in workload['sends']:
        scheduler.send(to, m)
    return drive(scheduler, log)


def main():
    for line in sys.stdin:
        request = json.loads(line)
        try:
            if request['kind'] == 'tasks':
                out = run_tasks(request['programs'])
            else:
                out = run_actors(request['workload'])
        except Exception as error:  # a runner failure, reported to the caller
            out = {'error': f'{type(error).__name__}: {error}'}
        sys.stdout.write(json.dumps(out) + '\n')
        sys.stdout.flush()


if __name__ == '__main__':
    main()
