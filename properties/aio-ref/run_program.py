"""run_program.py -- CPython reference interpreter for simloop's asyncio programs.

Owns: interpretation of the JSON program language described in programs.md
(validate.py checks programs first), and the trace it prints. Runs every program on virtual_loop.run
(asyncio.run on a virtual clock), so all ordering is CPython 3.11's own.

Usage:
  python3 run_program.py prog.json        # file: one program -> trace text
  python3 run_program.py < progs.json     # stdin; a JSON array of programs ->
                                          # one JSON array of traces (each an
                                          # array of lines), in input order
  python3 run_program.py --lines          # one program per stdin line -> one JSON
                                          # trace (array of lines) per stdout line,
                                          # flushed (for a long-lived oracle)
Must not: hang (deadlocks and budgets end the trace with a marker line), or
let one bad program stop a batch (it gets a one-line `invalid` trace).
"""
import asyncio
import json
import sys
import warnings

sys.dont_write_bytecode = True  # keep __pycache__ out of the repo
from validate import Invalid, Validator
from virtual_loop import BudgetExceeded, DeadlockError, SimulationStopped, VirtualLoop, run

DEFAULT_MAX_ITERATIONS = 10_000
DEFAULT_MAX_STATEMENTS = 100_000
DEFAULT_MAX_DEPTH = 50   # coroutine instances nested by {"coro"} awaitables


# ---------------------------------------------------------------- formatting
def fmt_time(t):
    """Python repr of a float, but integral values without '.0'."""
    return str(int(t)) if t == int(t) else repr(t)


def dump(value):
    """Values are JSON: sorted keys, compact, non-ASCII kept as is."""
    return json.dumps(_plain(value), sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def _plain(v):
    if isinstance(v, BaseException):
        return {"error": type(v).__name__, "msg": str(v)}
    if isinstance(v, list):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def describe(exc):
    """`cancelled`, or `Name`, or `Name: msg` (as Python's traceback prints it)."""
    if isinstance(exc, asyncio.CancelledError):
        return "cancelled"
    msg = str(exc)
    return f"{type(exc).__name__}: {msg}" if msg else type(exc).__name__


# ---------------------------------------------------------------- errors
_user_errors = {}  # one Exception subclass per user error name, shared by all programs


def user_error(name):
    if name == "TimeoutError":
        return TimeoutError
    if name not in _user_errors:
        _user_errors[name] = type(name, (Exception,), {})
    return _user_errors[name]


# ---------------------------------------------------------------- interpreter
class _Return(BaseException):
    def __init__(self, value):
        self.value = value


class Trace:
    def __init__(self, loop):
        self.loop, self.lines, self.closed = loop, [], False

    def emit(self, task_name, event):
        if not self.closed:
            self.lines.append(f"t={fmt_time(self.loop.time())} task={task_name} {event}")


class Interpreter:
    def __init__(self, prog, loop, trace):
        self.coros, self.loop, self.trace = prog["coros"], loop, trace
        self.max_statements = prog.get("max_statements", DEFAULT_MAX_STATEMENTS)
        self.max_depth = prog.get("max_depth", DEFAULT_MAX_DEPTH)
        self.statements = 0
        self.stopped = None  # the SimulationStopped that ended the run, if any
        self.vars = {}
        self.locks = {n: asyncio.Lock() for n in prog.get("locks", [])}
        self.events = {n: asyncio.Event() for n in prog.get("events", [])}
        self.queues = {n: asyncio.Queue(maxsize=m) for n, m in prog.get("queues", {}).items()}

    # -- events
    def here(self):
        t = asyncio.current_task(self.loop)
        return t.get_name() if t is not None else "-"

    def on_done(self, task):  # added to main and every spawned task at creation
        if task.cancelled():
            ev = "cancelled"
        elif task.exception() is not None:
            ev = "raised " + describe(task.exception())
        else:
            ev = "result " + dump(task.result())
        self.trace.emit(task.get_name(), ev)

    # -- execution
    async def call(self, name, depth):
        if depth > self.max_depth:  # before Python's own RecursionError can happen
            self.stopped = BudgetExceeded("depth", self.max_depth)
            raise self.stopped
        try:
            await self.block(self.coros[name], None, depth)
        except _Return as r:
            return r.value
        return None

    def tick(self):
        """Count one statement (or repeat iteration); stop the run past the budget."""
        if self.stopped is not None:
            raise self.stopped  # the run is over: leave every finally at once
        self.statements += 1
        if self.statements > self.max_statements:
            self.stopped = BudgetExceeded("statements", self.max_statements)
            raise self.stopped

    async def block(self, body, cur, depth):
        for st in body:
            self.tick()
            op = st["op"]
            if op == "log":
                self.trace.emit(self.here(), "print " + st["text"])
            elif op == "sleep":
                await asyncio.sleep(st["delay"])
            elif op == "spawn":
                t = self.loop.create_task(self.call(st["coro"], 1), name=st["name"])
                t.add_done_callback(self.on_done)
                self.vars[st["var"]] = t
            elif op == "await":
                v = await self.awaiting(self.aw(st["aw"], depth))
                if st.get("log"):
                    self.trace.emit(self.here(), "got " + dump(v))
            elif op == "cancel":
                t = self.var(st["var"])
                ok = t.cancel()
                self.trace.emit(self.here(), f"cancel {t.get_name()} {'true' if ok else 'false'}")
            elif op == "try":
                await self.s_try(st, cur, depth)
            elif op == "raise":
                raise cur if "error" not in st else user_error(st["error"])(st.get("msg", ""))
            elif op == "return":
                raise _Return(st.get("value"))
            elif op == "repeat":
                n = st["times"]
                i = 0
                while n is None or i < n:
                    self.tick()
                    await self.block(st["body"], cur, depth)
                    i += 1
            elif op == "release":
                self.locks[st["lock"]].release()
            elif op == "with_lock":
                async with self.locks[st["lock"]]:
                    await self.block(st["body"], cur, depth)
            elif op == "set":
                self.events[st["event"]].set()
            elif op == "clear":
                self.events[st["event"]].clear()
            elif op == "task_done":
                self.queues[st["queue"]].task_done()

    async def s_try(self, st, cur, depth):
        try:
            await self.block(st["body"], cur, depth)
        except BaseException as e:
            if isinstance(e, (_Return, SimulationStopped, GeneratorExit)):
                raise
            h = next((h for h in st.get("except", []) if matches(h["error"], e)), None)
            if h is None:
                raise
            self.trace.emit(self.here(), "caught " + describe(e))
            await self.block(h["body"], e, depth)
        finally:
            if st.get("finally"):
                await self.block(st["finally"], cur, depth)

    async def awaiting(self, obj):
        try:
            return await obj
        except RuntimeError as e:  # CPython's message contains a repr with an address
            if str(e).startswith("Task cannot await on itself"):
                raise RuntimeError("Task cannot await on itself") from None
            raise

    def var(self, name):
        if name not in self.vars:
            raise NameError(f"name '{name}' is not defined")
        return self.vars[name]

    def aw(self, a, depth):
        """Build the awaitable (eagerly, left to right, like Python argument evaluation)."""
        if "coro" in a:
            return self.call(a["coro"], depth + 1)
        if "task" in a:
            return self.var(a["task"])
        if "sleep" in a:
            return asyncio.sleep(a["sleep"])
        if "gather" in a:
            return asyncio.gather(*[self.aw(x, depth) for x in a["gather"]],
                                  return_exceptions=a.get("return_exceptions", False))
        if "wait_for" in a:
            return asyncio.wait_for(self.aw(a["wait_for"], depth), a["timeout"])
        if "shield" in a:
            return asyncio.shield(self.aw(a["shield"], depth))
        if "acquire" in a:
            return self.locks[a["acquire"]].acquire()
        if "wait" in a:
            return self.events[a["wait"]].wait()
        if "get" in a:
            return self.queues[a["get"]].get()
        if "put" in a:
            return self.queues[a["put"]].put(a["value"])
        return self.queues[a["join"]].join()


def matches(name, e):
    if name == "CancelledError":
        return isinstance(e, asyncio.CancelledError)
    if name == "TimeoutError":
        return isinstance(e, TimeoutError)
    if name == "Exception":
        return isinstance(e, Exception)
    return type(e) is user_error(name)


# ---------------------------------------------------------------- running
def run_one(prog):
    """Run one program; return its trace as a list of lines."""
    try:
        return _run_one(prog)
    except Exception as e:  # a bug here, not in the program: say so, keep the batch going
        return [f"t=0 task=- internal-error {type(e).__name__}: {e}"]


def _run_one(prog):
    try:
        Validator(prog).run()
    except Invalid as e:
        return [f"t=0 task=- invalid {e}"]
    loop = VirtualLoop(prog.get("max_iterations", DEFAULT_MAX_ITERATIONS))
    trace = Trace(loop)
    it = Interpreter(prog, loop, trace)
    shutdown = lambda ts: trace.emit("-", f"shutdown [{','.join(t.get_name() for t in ts)}]")
    try:
        value = run(lambda: it.call("main", 1), loop=loop,
                    on_main=lambda t: t.add_done_callback(it.on_done), on_shutdown=shutdown)
        trace.emit("-", "exit result " + dump(value))
    except DeadlockError as e:
        trace.emit("-", f"deadlock [{','.join(e.pending)}]")
    except BudgetExceeded as e:
        trace.emit("-", f"budget {e.kind}")
    except asyncio.CancelledError:
        trace.emit("-", "exit cancelled")
    except Exception as e:
        trace.emit("-", "exit raised " + describe(e))
    finally:
        trace.closed = True
        it.stopped = it.stopped or SimulationStopped("run over")
        for t in loop.tasks_in_order:  # unfinished coroutines: close them now, quietly
            if not t.done():
                try:
                    t.get_coro().close()
                except BaseException:
                    pass
    return trace.lines


def serve_lines():
    """--lines: answer each input line (one program) with its trace, one JSON line each."""
    for line in sys.stdin:
        if not line.strip():
            continue
        try:
            trace = run_one(json.loads(line))
        except (ValueError, RecursionError) as e:
            trace = [f"t=0 task=- internal-error unreadable program line: {e}"]
        sys.stdout.write(json.dumps(trace, ensure_ascii=False) + "\n")
        sys.stdout.flush()
    return 0


def main(argv):
    if argv[1:] == ["--lines"]:
        warnings.simplefilter("ignore", RuntimeWarning)
        sys.setrecursionlimit(20_000)
        sys.stdout.reconfigure(encoding="utf-8")
        sys.stdin.reconfigure(encoding="utf-8")
        return serve_lines()
    if len(argv) > 2 or argv[1:] in (["-h"], ["--help"]):
        sys.stderr.write(__doc__)
        return 2
    warnings.simplefilter("ignore", RuntimeWarning)  # "coroutine ... was never awaited"
    sys.setrecursionlimit(20_000)  # inline coroutines nest; max_depth stops them first
    sys.stdout.reconfigure(encoding="utf-8")
    where = argv[1] if len(argv) > 1 else "stdin"
    try:
        src = open(argv[1], encoding="utf-8").read() if len(argv) > 1 else sys.stdin.read()
        data = json.loads(src)
    except (OSError, ValueError, RecursionError) as e:
        sys.stderr.write(f"run_program.py: cannot read a JSON program (or array of programs) from {where}: {e}\n")
        return 2
    if isinstance(data, list):
        sys.stdout.write(json.dumps([run_one(p) for p in data], ensure_ascii=False) + "\n")
    else:
        sys.stdout.write("".join(line + "\n" for line in run_one(data)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
