"""facts_test.py -- the facts of /work/shared/asyncio-ordering.md (sections 1-10),
each as a small program in the JSON language (programs.md), run through
run_program.py in one batch and checked against the expected trace.

Owns: the fact programs, their expected traces, and the goldens in facts/
(<name>.json = program, <name>.trace = CPython's trace), which it rewrites on
every run. Expected traces quoted from asyncio-ordering.md are marked `# doc`;
the others are derived by hand from the rules stated there (and CPython's source).

Run: python3 properties/aio-ref/facts_test.py   (exit status 1 on any failure)
"""
import heapq
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- builders
def log(text): return {"op": "log", "text": text}
def sleep(d): return {"op": "sleep", "delay": d}
def spawn(var, coro, name=None): return {"op": "spawn", "var": var, "coro": coro, "name": name or var}
def wait(aw, log=False): return {"op": "await", "aw": aw, **({"log": True} if log else {})}
def cancel(var): return {"op": "cancel", "var": var}
def ret(value): return {"op": "return", "value": value}
def raise_(error=None, msg=""): return {"op": "raise", **({"error": error, "msg": msg} if error else {})}
def repeat(n, *body): return {"op": "repeat", "times": n, "body": list(body)}
def try_(body, excepts=(), fin=None):
    st = {"op": "try", "body": body}
    if excepts:
        st["except"] = [{"error": e, "body": b} for e, b in excepts]
    if fin is not None:
        st["finally"] = fin
    return st
def coro(n): return {"coro": n}
def task(v): return {"task": v}
def gather(*aws, rex=False): return {"gather": list(aws), **({"return_exceptions": True} if rex else {})}
def wait_for(aw, timeout): return {"wait_for": aw, "timeout": timeout}
def prog(coros, **kw): return {"coros": coros, **kw}

TICKER = [repeat(10, log("tick"), sleep(0))]  # one line per loop iteration
def end(t, *names):  # main returns at t; names = tasks still pending, cancelled by asyncio.run
    return [f"t={t} task=main result null", f"t={t} task=- shutdown [{','.join(names)}]"] + \
        [f"t={t} task={n} cancelled" for n in names] + [f"t={t} task=- exit result null"]
def L(t, task, ev): return f"t={t} task={task} {ev}"

FACTS = []  # (name, program, expected, mode): mode 'exact' = whole trace, 'block' = contiguous lines
def fact(name, program, expected, mode="exact"):
    FACTS.append((name, program, expected, mode))


# ---- 1. one loop iteration: a timer due within 1e-9 pops without moving the
# clock, goes to the END of the ready queue, and its waiter resumes one
# iteration later; the clock never moves while something is ready.
fact("s1_iteration_resolution",
     prog({"main": [spawn("K", "ticker"), sleep(1e-10), log("m")], "ticker": [repeat(3, log("tick"), sleep(0))]}),
     [L(0, "K", "print tick"), L(0, "K", "print tick"), L(0, "main", "print m"), L(0, "K", "print tick")]
     + end(0, "K"))

# ---- 2. timer ties follow heapq
def sleepers(names, d, main_body):
    coros = {n: [sleep(d), log(n)] for n in names}
    coros["main"] = [spawn(n, n) for n in names] + main_body
    return prog(coros)

fact("s2_heap_tie_4", sleepers("ABCD", 1, [sleep(2)]),  # doc
     [L(1, n, f"print {n}") for n in "ABDC"] + [L(1, n, "result null") for n in "ABDC"] + end(2))
fact("s2_heap_tie_8", sleepers("ABCDEFGH", 1, [sleep(2)]),  # doc: A, B, F, H, E, C, G, D
     [L(1, n, f"print {n}") for n in "ABFHECGD"], "block")
fact("s2_heap_cancelled_shapes", sleepers("ABCDE", 2, [sleep(0), cancel("A"), sleep(3)]),  # doc: C, B, D, E
     [L(0, "main", "cancel A true"), L(0, "A", "cancelled")] + [L(2, n, f"print {n}") for n in "CBDE"]
     + [L(2, n, "result null") for n in "CBDE"] + end(3))


def heap_model(n_tasks, cancelled, rebuild):
    """CPython's timer heap for the program below: n tasks push a timer at 5 in
    order, main pushes one at 10; the cancelled ones are dropped either by
    lazy deletion from the top or by the >100 / >50% rebuild."""
    class H:
        def __init__(self, when, name): self.when, self.name = when, name
        def __lt__(self, o): return self.when < o.when
    heap = []
    for i in range(n_tasks):
        heapq.heappush(heap, H(5, f"T{i:03}"))
    heapq.heappush(heap, H(10, "main"))
    gone = {f"T{i:03}" for i in cancelled}
    if rebuild:
        heap = [h for h in heap if h.name not in gone]
        heapq.heapify(heap)
    order = [heapq.heappop(heap).name for _ in range(len(heap))]
    return [n for n in order if n not in gone and n != "main"]

N_REBUILD = 110
CANCELLED = [i for i in range(N_REBUILD) if i % 2 == 0 or i % 3 == 1]  # 74 of the 111 timers are cancelled
assert heap_model(N_REBUILD, CANCELLED, True) != heap_model(N_REBUILD, CANCELLED, False)
_names = [f"T{i:03}" for i in range(N_REBUILD)]
_p = sleepers(_names, 5, [sleep(0)] + [cancel(f"T{i:03}") for i in CANCELLED] + [sleep(10)])
fact("s2_heap_rebuild", _p, [L(5, n, f"print {n}") for n in heap_model(N_REBUILD, CANCELLED, True)], "block")

# ---- 3. floats: 0.1+0.1+0.1 (=0.30000000000000004) and 0.3 fire together, smaller first
fact("s3_float_deadlines",
     prog({"main": [spawn("X", "x"), spawn("Y", "y"), sleep(1)],
           "x": [sleep(0.1), sleep(0.1), sleep(0.1), log("x")], "y": [sleep(0.3), log("y")]}),
     [L(0.3, "Y", "print y"), L(0.3, "X", "print x"), L(0.3, "Y", "result null"), L(0.3, "X", "result null")]
     + end(1))

# ---- 4. tasks start after their creator yields, in creation order
fact("s4_create_task_order",  # doc
     prog({"main": [spawn("A", "a"), spawn("B", "b"), spawn("C", "c"), log("main.spawned"), sleep(0),
                    log("main.after_sleep0")], "a": [log("a")], "b": [log("b")], "c": [log("c")]}),
     [L(0, "main", "print main.spawned"), L(0, "A", "print a"), L(0, "B", "print b"), L(0, "C", "print c"),
      L(0, "main", "print main.after_sleep0")] + [L(0, n, "result null") for n in "ABC"] + end(0))

# ---- 5. how many iterations an await costs (K prints one tick per iteration)
fact("s5_await_coro_inline",
     prog({"main": [spawn("K", "ticker"), log("m0"), wait(coro("c"), log=True), log("m1")],
           "c": [log("c"), ret(1)], "ticker": TICKER}),
     [L(0, "main", "print m0"), L(0, "main", "print c"), L(0, "main", "got 1"), L(0, "main", "print m1"),
      L(0, "K", "print tick")] + end(0, "K"))
fact("s5_await_done_task_and_empty_gather",
     prog({"main": [spawn("A", "a"), sleep(0), spawn("K", "ticker"), wait(task("A"), log=True),
                    wait(gather(), log=True), log("m")], "a": [log("a"), ret(5)], "ticker": TICKER}),
     [L(0, "A", "print a"), L(0, "main", "got 5"), L(0, "main", "got []"), L(0, "main", "print m"),
      L(0, "A", "result 5"), L(0, "K", "print tick")] + end(0, "K"))
A2 = [log("a1"), sleep(0), log("a2"), ret(1)]
def await_cost(aw, got, extra):
    return (prog({"main": [spawn("A", "a"), spawn("K", "ticker"), wait(aw, log=True), log("m")],
                  "a": A2, "ticker": TICKER}),
            [L(0, "A", "print a1"), L(0, "K", "print tick"), L(0, "A", "print a2"), L(0, "K", "print tick"),
             L(0, "A", "result 1")] + [L(0, "K", "print tick")] * extra
            + [L(0, "main", f"got {got}"), L(0, "main", "print m"), L(0, "K", "print tick"),
               L(0, "main", "result null"), L(0, "K", "print tick")] + end(0, "K")[1:])
fact("s5_await_pending_task", *await_cost(task("A"), "1", 0))
fact("s5_gather_one_more_iteration", *await_cost(gather(task("A")), "[1]", 1))
fact("s5_wait_for_one_more_iteration", *await_cost(wait_for(task("A"), 10), "1", 1))

# ---- 6. gather
fact("s6_gather_creates_children_in_argument_order",
     prog({"main": [wait(gather(gather(coro("a"), coro("b")), coro("c")), log=True)],
           "a": [log("a"), ret("a")], "b": [log("b"), ret("b")], "c": [log("c"), ret("c")]}),
     [L(0, "Task-1", "print a"), L(0, "Task-2", "print b"), L(0, "Task-3", "print c"),
      L(0, "main", 'got [["a","b"],"c"]')] + end(0))
fact("s6_gather_same_task_twice",
     prog({"main": [spawn("T", "t"), wait(gather(task("T"), task("T")), log=True)], "t": [log("t"), ret(1)]}),
     [L(0, "T", "print t"), L(0, "T", "result 1"), L(0, "main", "got [1,1]")] + end(0))
fact("s6_gather_results_in_argument_order",
     prog({"main": [wait(gather(coro("slow"), coro("fast")), log=True)],
           "slow": [sleep(2), ret("slow")], "fast": [sleep(1), ret("fast")]}),
     [L(2, "main", 'got ["slow","fast"]')] + end(2))
fact("s6_gather_error_does_not_cancel_siblings",
     prog({"main": [try_([wait(gather(coro("bad"), coro("good")))], [("Boom", [])]), sleep(3)],
           "bad": [sleep(1), raise_("Boom", "boom")], "good": [sleep(2), log("good.done"), ret(2)]}),
     [L(1, "main", "caught Boom: boom"), L(2, "Task-2", "print good.done")] + end(4))
fact("s6_gather_cancelled_child",
     prog({"main": [spawn("X", "x"), spawn("C", "c"),
                    try_([wait(gather(task("X"), coro("other")))], [("CancelledError", [log("m.after")])]),
                    sleep(3)],
           "x": [sleep(5), log("x.never")], "c": [sleep(1), cancel("X")],
           "other": [sleep(2), log("other.done")]}),
     [L(1, "C", "cancel X true"), L(1, "C", "result null"), L(1, "X", "cancelled"),
      L(1, "main", "caught cancelled"), L(1, "main", "print m.after"), L(2, "Task-1", "print other.done")]
     + end(4))
fact("s6_cancel_gather_waiter",
     prog({"main": [spawn("T1", "t1"), spawn("T2", "t2"), spawn("W", "w"), sleep(1), cancel("W"), sleep(5)],
           "t1": [try_([sleep(5)], [("CancelledError", [log("T1.cancel"), sleep(1), log("T1.late"), raise_()])])],
           "t2": [try_([sleep(5)], [("CancelledError", [log("T2.cancel"), ret("t2")])])],
           "w": [try_([wait(gather(task("T2"), task("T1"), rex=True), log=True)],
                      [("CancelledError", [log("W.after")])])]}),
     [L(1, "main", "cancel W true"), L(1, "T2", "caught cancelled"), L(1, "T2", "print T2.cancel"),
      L(1, "T1", "caught cancelled"), L(1, "T1", "print T1.cancel"), L(1, "T2", 'result "t2"'),
      L(2, "T1", "print T1.late"), L(2, "T1", "cancelled"), L(2, "W", "caught cancelled"),
      L(2, "W", "print W.after"), L(2, "W", "result null")] + end(6))

# ---- 7. cancellation
fact("s7_cancel_done_task_is_false",
     prog({"main": [spawn("A", "a"), sleep(0), cancel("A")], "a": [log("a")]}),
     [L(0, "A", "print a"), L(0, "main", "cancel A false"), L(0, "A", "result null")] + end(0))
fact("s7_ready_task_gets_cancel_first",  # doc
     prog({"main": [spawn("B", "b"), spawn("A", "a"), sleep(0), cancel("B"), cancel("A"), sleep(1)],
           "a": [try_([sleep(0), log("A.after")], [("CancelledError", [])])],
           "b": [try_([sleep(5)], [("CancelledError", [])])]}),
     [L(0, "main", "cancel B true"), L(0, "main", "cancel A true"), L(0, "A", "caught cancelled"),
      L(0, "B", "caught cancelled"), L(0, "A", "result null"), L(0, "B", "result null")] + end(1))
fact("s7_cancel_before_first_step",
     prog({"main": [spawn("A", "a"), cancel("A"), sleep(0)],
           "a": [try_([log("a.start")], fin=[log("a.finally")])]}),
     [L(0, "main", "cancel A true"), L(0, "A", "cancelled")] + end(0))
fact("s7_cancel_beats_queued_wakeup",
     prog({"main": [spawn("A", "a"), sleep(0), {"op": "set", "event": "E"}, cancel("A"), sleep(1)],
           "a": [try_([wait({"wait": "E"}, log=True)], [("CancelledError", [])])]}, events=["E"]),
     [L(0, "main", "cancel A true"), L(0, "A", "caught cancelled"), L(0, "A", "result null")] + end(1))
fact("s7_two_cancels_one_error",
     prog({"main": [spawn("A", "a"), sleep(0), cancel("A"), cancel("A"), sleep(3)],
           "a": [try_([sleep(5)], [("CancelledError", [sleep(1), log("after")])]), ret("a")]}),
     [L(0, "main", "cancel A true"), L(0, "main", "cancel A true"), L(0, "A", "caught cancelled"),
      L(1, "A", "print after"), L(1, "A", 'result "a"')] + end(3))
fact("s7_cancel_interrupts_finally",
     prog({"main": [spawn("A", "a"), sleep(1), cancel("A"), sleep(0.5), cancel("A"), sleep(1)],
           "a": [try_([sleep(5)], fin=[log("fin.start"), sleep(1), log("fin.end")])]}),
     [L(1, "main", "cancel A true"), L(1, "A", "print fin.start"), L(1.5, "main", "cancel A true"),
      L(1.5, "A", "cancelled")] + end(2.5))

# ---- 8. wait_for (3.11)
fact("s8_wait_for_timeout_beats_inner_at_same_instant",
     prog({"main": [try_([wait(wait_for(coro("inner"), 1), log=True)], [("TimeoutError", [])])],
           "inner": [try_([sleep(1), log("inner.woke")], [("CancelledError", [raise_()])])]}),
     [L(1, "Task-1", "caught cancelled"), L(1, "main", "caught TimeoutError")] + end(1))
# "the timeout wins" needs the timeout timer to be pushed first (always so for a
# coroutine). A task whose own timer was pushed earlier wakes first and its result wins:
fact("s8_wait_for_earlier_task_timer_wins_the_tie",
     prog({"main": [spawn("T", "t"), sleep(0), wait(wait_for(task("T"), 1), log=True)],
           "t": [sleep(1), ret("t")]}),
     [L(1, "main", 'got "t"'), L(1, "T", 'result "t"')] + end(1))  # main resumes right after T's last step
fact("s8_wait_for_inner_cancelled_before_timeout_error",
     prog({"main": [spawn("T", "t"), try_([wait(wait_for(task("T"), 1))], [("TimeoutError", [])])],
           "t": [sleep(5)]}),
     [L(1, "T", "cancelled"), L(1, "main", "caught TimeoutError")] + end(1))
fact("s8_wait_for_returns_swallowed_value",
     prog({"main": [spawn("T", "t"), wait(wait_for(task("T"), 1), log=True)],
           "t": [try_([sleep(5)], [("CancelledError", [ret("swallowed")])])]}),
     [L(1, "T", "caught cancelled"), L(1, "T", 'result "swallowed"'), L(1, "main", 'got "swallowed"')] + end(1))
fact("s8_wait_for_nonpositive_timeout",
     prog({"main": [try_([wait(wait_for(coro("inner"), 0))], [("TimeoutError", [])]),
                    try_([wait(wait_for(coro("inner"), -1))], [("TimeoutError", [])])],
           "inner": [try_([log("inner.start")], fin=[log("inner.finally")])]}),
     [L(0, "main", "caught TimeoutError"), L(0, "main", "caught TimeoutError")] + end(0))

# ---- 9. Lock, Queue, Event, shield
fact("s9_lock_no_barging",
     prog({"main": [spawn("A", "a"), spawn("B", "b"), sleep(5)],
           "a": [wait({"acquire": "L"}), log("A.got1"), sleep(1), {"op": "release", "lock": "L"},
                 wait({"acquire": "L"}), log("A.got2"), {"op": "release", "lock": "L"}],
           "b": [{"op": "with_lock", "lock": "L", "body": [log("B.got"), sleep(1)]}]}, locks=["L"]),
     [L(0, "A", "print A.got1"), L(1, "B", "print B.got"), L(2, "A", "print A.got2"),
      L(2, "B", "result null"), L(2, "A", "result null")] + end(5))
fact("s9_queue_getters_fifo",
     prog({"main": [spawn("G1", "g1"), spawn("G2", "g"), spawn("G3", "g"), sleep(1)]
           + [wait({"put": "Q", "value": v}) for v in "abc"] + [sleep(1)],
           "g1": [sleep(0.5), wait({"get": "Q"}, log=True)], "g": [wait({"get": "Q"}, log=True)]},
          queues={"Q": 0}),
     [L(1, "G2", 'got "a"'), L(1, "G3", 'got "b"'), L(1, "G1", 'got "c"')], "block")
fact("s9_event_set_then_clear_still_wakes_all",
     prog({"main": [spawn("W1", "w"), spawn("W2", "w"), sleep(0), {"op": "set", "event": "E"},
                    {"op": "clear", "event": "E"}, sleep(1)],
           "w": [wait({"wait": "E"}, log=True)]}, events=["E"]),
     [L(0, "W1", "got true"), L(0, "W2", "got true"), L(0, "W1", "result null"), L(0, "W2", "result null")]
     + end(1))
fact("s9_shield_inner_survives",
     prog({"main": [spawn("T", "t"), spawn("W", "w"), sleep(1), cancel("W"), sleep(2)],
           "t": [sleep(2), log("T.done"), ret(7)],
           "w": [try_([wait({"shield": task("T")}, log=True)], [("CancelledError", [])])]}),
     [L(1, "main", "cancel W true"), L(1, "W", "caught cancelled"), L(1, "W", "result null"),
      L(2, "T", "print T.done"), L(2, "T", "result 7")] + end(3))

# ---- 10. the end of asyncio.run
fact("s10_run_end",  # doc
     prog({"main": [spawn("A", "a"), spawn("B", "b"), sleep(1), log("main.end")],
           "a": [sleep(1), repeat(None, log("a"), sleep(0))], "b": [sleep(1), repeat(None, log("b"), sleep(0))]}),
     [L(1, "main", "print main.end"), L(1, "A", "print a"), L(1, "B", "print b"), L(1, "main", "result null"),
      L(1, "A", "print a"), L(1, "B", "print b"), L(1, "-", "shutdown [A,B]"), L(1, "A", "cancelled"),
      L(1, "B", "cancelled"), L(1, "-", "exit result null")])

# ---- runner markers (not in asyncio-ordering.md; goldens for the harness)
fact("x_deadlock", prog({"main": [spawn("W", "w"), wait({"wait": "E"})], "w": [sleep(1)]}, events=["E"]),
     [L(1, "W", "result null"), L(1, "-", "deadlock [main]")])
fact("x_budget_iterations", prog({"main": [repeat(None, sleep(0))]}, max_iterations=50),
     [L(0, "-", "budget iterations")])
fact("x_budget_statements", prog({"main": [repeat(None, log("x"))]}, max_statements=5),
     [L(0, "main", "print x")] * 2 + [L(0, "-", "budget statements")])
fact("x_main_raises", prog({"main": [spawn("A", "a"), sleep(0), raise_("Oops", "bad")], "a": [sleep(9)]}),
     [L(0, "main", "raised Oops: bad"), L(0, "-", "shutdown [A]"), L(0, "A", "cancelled"),
      L(0, "-", "exit raised Oops: bad")])


fact("x_shutdown_phases",  # a task spawned during the shutdown cancel runs on in the asyncgens/executor phases
     prog({"main": [spawn("A", "a"), sleep(0)],
           "a": [try_([sleep(5)], [("CancelledError", [spawn("B", "b")])])],
           "b": [log("b1"), sleep(0), log("b2"), wait(gather(coro("c"))), log("b3")], "c": [log("c")]}),
     [L(0, "main", "result null"), L(0, "-", "shutdown [A]"), L(0, "A", "caught cancelled"), L(0, "B", "print b1"),
      L(0, "A", "result null"), L(0, "B", "print b2"), L(0, "Task-1", "print c"), L(0, "B", "print b3"),
      L(0, "B", "result null"), L(0, "-", "exit result null")])


# ---------------------------------------------------------------- runner
def main():
    progs = [dict(p, name=n) for n, p, _, _ in FACTS]
    out = subprocess.run([sys.executable, os.path.join(HERE, "run_program.py")], input=json.dumps(progs),
                         capture_output=True, text=True, check=True)
    traces = json.loads(out.stdout)
    facts_dir = os.path.join(HERE, "facts")
    os.makedirs(facts_dir, exist_ok=True)
    names = {n for n, _, _, _ in FACTS}
    for f in os.listdir(facts_dir):  # drop goldens of facts that no longer exist
        if os.path.splitext(f)[1] in (".json", ".trace") and os.path.splitext(f)[0] not in names:
            os.remove(os.path.join(facts_dir, f))
    failed = 0
    for (name, program, expected, mode), prog_, trace in zip(FACTS, progs, traces):
        with open(os.path.join(facts_dir, name + ".json"), "w") as f:
            json.dump(prog_, f, indent=1)
            f.write("\n")
        with open(os.path.join(facts_dir, name + ".trace"), "w") as f:
            f.write("".join(line + "\n" for line in trace))
        ok = trace == expected if mode == "exact" else any(
            trace[i:i + len(expected)] == expected for i in range(len(trace) - len(expected) + 1))
        if not ok:
            failed += 1
            print(f"FAIL {name} ({mode})\n  expected:\n    " + "\n    ".join(expected)
                  + "\n  got:\n    " + "\n    ".join(trace))
    print(f"{len(FACTS) - failed}/{len(FACTS)} facts hold")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
