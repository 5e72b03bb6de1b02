"""validate.py -- static checks of a program in the JSON language of programs.md.

Owns: every rule a program must satisfy before it runs (keys, names, types,
declared locks/events/queues, where a bare `raise` may appear, values without
floats, nesting depth). Raises Invalid with a message naming the place
(`coros.main[2] (await).aw (gather)[0]: ...`) and what was expected.
Must not: run anything, or decide anything at run time (unset task variables
are a run-time NameError, see run_program.py).
"""
import builtins
import re

MAX_NESTING = 64  # statements/awaitables nested inside one coroutine body


class Invalid(Exception):
    pass


IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_]*\Z")
TASK_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.-]*\Z")
ERROR_NAME = re.compile(r"[A-Z][A-Za-z0-9_]*\Z")
CATCHABLE_BUILTIN = {"CancelledError", "TimeoutError", "Exception"}


def is_user_error_name(n):
    """A program's own Exception subclass: CamelCase, not a Python builtin name."""
    return isinstance(n, str) and ERROR_NAME.match(n) and not hasattr(builtins, n) \
        and n != "CancelledError"


class Validator:
    STMT_KEYS = {
        "log": {"text"}, "sleep": {"delay"}, "spawn": {"var", "coro", "name"},
        "await": {"aw", "log?"}, "cancel": {"var"},
        "try": {"body", "except?", "finally?"}, "raise": {"error?", "msg?"},
        "return": {"value?"}, "repeat": {"times", "body"}, "release": {"lock"},
        "with_lock": {"lock", "body"}, "set": {"event"}, "clear": {"event"},
        "task_done": {"queue"},
    }
    AW_KEYS = {
        "coro": set(), "task": set(), "sleep": set(), "gather": {"return_exceptions?"},
        "wait_for": {"timeout"}, "shield": set(), "acquire": set(), "wait": set(),
        "get": set(), "put": {"value"}, "join": set(),
    }
    TOP_KEYS = {"coros", "locks?", "events?", "queues?", "max_iterations?",
                "max_statements?", "max_depth?", "name?", "note?"}

    def __init__(self, prog):
        self.p = prog

    def fail(self, where, msg):
        raise Invalid(f"{where}: {msg}")

    _split = {}  # frozenset of "key"/"key?" -> (required, all)

    def keys(self, obj, allowed, where):
        allowed = frozenset(allowed)
        if allowed not in self._split:
            self._split[allowed] = ({k for k in allowed if not k.endswith("?")},
                                    {k.rstrip("?") for k in allowed})
        required, known = self._split[allowed]
        for k in obj:
            if k not in known:
                self.fail(where, f"unknown key {k!r} (expected {sorted(known)})")
        for k in required:
            if k not in obj:
                self.fail(where, f"missing key {k!r}")

    def names(self, key, kind):
        v = self.p.get(key, {} if kind == "queues" else [])
        if not isinstance(v, dict if kind == "queues" else list):
            self.fail(key, "expected " + ("an object" if kind == "queues" else "a list"))
        items = v.keys() if kind == "queues" else v
        for n in items:
            if not isinstance(n, str) or not IDENT.match(n):
                self.fail(key, f"bad name {n!r}")
        if kind == "queues":
            for n, size in v.items():
                if type(size) is not int or size < 0:
                    self.fail(f"queues.{n}", f"maxsize must be an int >= 0, got {size!r}")
        return set(items)

    def run(self):
        p = self.p
        if not isinstance(p, dict):
            self.fail("program", f"expected an object, got {type(p).__name__}")
        self.keys(p, self.TOP_KEYS, "program")
        if not isinstance(p["coros"], dict) or "main" not in p["coros"]:
            self.fail("coros", "expected an object with a 'main' entry")
        self.locks = self.names("locks", "locks")
        self.events = self.names("events", "events")
        self.queues = self.names("queues", "queues")
        for k in ("max_iterations", "max_statements", "max_depth"):
            if k in p and (type(p[k]) is not int or p[k] < 1):
                self.fail(k, f"expected an int >= 1, got {p[k]!r}")
        for name, body in p["coros"].items():
            if not IDENT.match(name):
                self.fail("coros", f"bad coroutine name {name!r}")
            self.block(body, f"coros.{name}", False)

    def block(self, body, where, in_except):
        if not isinstance(body, list):
            self.fail(where, "expected a list of statements")
        for i, st in enumerate(body):
            self.stmt(st, f"{where}[{i}]", in_except)

    def stmt(self, st, where, in_except):
        self.nesting(where)
        if not isinstance(st, dict) or not isinstance(st.get("op"), str) or st["op"] not in self.STMT_KEYS:
            self.fail(where, f"expected a statement object with op in {sorted(self.STMT_KEYS)}, got {st!r}")
        op = st["op"]
        self.keys({k: v for k, v in st.items() if k != "op"}, self.STMT_KEYS[op], f"{where} ({op})")
        w = f"{where} ({op})"
        if op == "log":
            self.text(st["text"], w)
        elif op == "sleep":
            self.number(st["delay"], w)
        elif op == "spawn":
            self.ident(st["var"], w)
            self.coro(st["coro"], w)
            if not isinstance(st["name"], str) or not TASK_NAME.match(st["name"]):
                self.fail(w, f"task name must match {TASK_NAME.pattern}, got {st['name']!r}")
        elif op == "await":
            self.aw(st["aw"], w + ".aw")
            self.boolean(st.get("log", False), w)
        elif op == "cancel":
            self.ident(st["var"], w)
        elif op == "try":
            if "except" not in st and "finally" not in st:
                self.fail(w, "needs 'except' and/or 'finally'")
            self.block(st["body"], w + ".body", in_except)
            handlers = st.get("except", [])
            if not isinstance(handlers, list):
                self.fail(w, "'except' must be a list of {error, body}")
            for j, h in enumerate(handlers):
                hw = f"{w}.except[{j}]"
                if not isinstance(h, dict):
                    self.fail(hw, "expected {error, body}")
                self.keys(h, {"error", "body"}, hw)
                err = h["error"]
                if not (isinstance(err, str) and (err in CATCHABLE_BUILTIN or is_user_error_name(err))):
                    self.fail(hw, f"cannot catch {h['error']!r}: use CancelledError, TimeoutError, "
                                  "Exception or a user error name (CamelCase, not a Python builtin)")
                self.block(h["body"], hw + ".body", True)
            self.block(st.get("finally", []), w + ".finally", in_except)
        elif op == "raise":
            if "error" not in st:
                if "msg" in st or not in_except:
                    self.fail(w, "bare raise (no 'error') re-raises and is only allowed inside an except body")
            else:
                if st["error"] != "TimeoutError" and not is_user_error_name(st["error"]):
                    self.fail(w, f"cannot raise {st['error']!r}: use TimeoutError or a user error name")
                self.text(st.get("msg", ""), w)
        elif op == "return":
            self.value(st.get("value"), w)
        elif op == "repeat":
            t = st["times"]
            if t is not None and (type(t) is not int or t < 0):
                self.fail(w, f"times must be an int >= 0 or null (forever), got {t!r}")
            self.block(st["body"], w + ".body", in_except)
        elif op in ("release", "with_lock"):
            self.ref(st["lock"], self.locks, "lock", w)
            if op == "with_lock":
                self.block(st["body"], w + ".body", in_except)
        elif op in ("set", "clear"):
            self.ref(st["event"], self.events, "event", w)
        elif op == "task_done":
            self.ref(st["queue"], self.queues, "queue", w)

    def aw(self, a, where):
        self.nesting(where)
        kinds = [k for k in self.AW_KEYS if isinstance(a, dict) and k in a]
        if len(kinds) != 1:
            self.fail(where, f"expected an awaitable object with exactly one of {sorted(self.AW_KEYS)}, got {a!r}")
        k = kinds[0]
        self.keys({x: y for x, y in a.items() if x != k}, self.AW_KEYS[k], f"{where} ({k})")
        v, w = a[k], f"{where} ({k})"
        if k == "coro":
            self.coro(v, w)
        elif k == "task":
            self.ident(v, w)
        elif k == "sleep":
            self.number(v, w)
        elif k == "gather":
            if not isinstance(v, list):
                self.fail(w, "expected a list of awaitables")
            for i, x in enumerate(v):
                self.aw(x, f"{w}[{i}]")
            self.boolean(a.get("return_exceptions", False), w)
        elif k in ("wait_for", "shield"):
            self.aw(v, w)
            if k == "wait_for" and a["timeout"] is not None:
                self.number(a["timeout"], w)
        elif k == "acquire":
            self.ref(v, self.locks, "lock", w)
        elif k == "wait":
            self.ref(v, self.events, "event", w)
        else:
            self.ref(v, self.queues, "queue", w)
            if k == "put":
                self.value(a["value"], w)

    def nesting(self, where):
        if where.count("(") > MAX_NESTING:
            self.fail(where[:200] + "...", f"nested more than {MAX_NESTING} deep")

    def text(self, s, w):
        if not isinstance(s, str) or "\n" in s or "\r" in s:
            self.fail(w, f"expected a one-line string, got {s!r}")

    def number(self, x, w):
        if type(x) not in (int, float) or x != x or x in (float("inf"), float("-inf")):
            self.fail(w, f"expected a finite number, got {x!r}")

    def boolean(self, x, w):
        if type(x) is not bool:
            self.fail(w, f"expected true/false, got {x!r}")

    def ident(self, x, w):
        if not isinstance(x, str) or not IDENT.match(x):
            self.fail(w, f"expected a variable name, got {x!r}")

    def coro(self, x, w):
        if not isinstance(x, str) or x not in self.p["coros"]:
            self.fail(w, f"unknown coroutine {x!r} (defined: {sorted(self.p['coros'])})")

    def ref(self, x, declared, kind, w):
        if not isinstance(x, str) or x not in declared:
            self.fail(w, f"undeclared {kind} {x!r} (declare it in '{kind}s')")

    def value(self, v, w):
        if v is None or type(v) is bool or type(v) is str:
            return
        if type(v) is int:
            if abs(v) > 2 ** 53:
                self.fail(w, f"int {v} is outside +-2**53")
        elif isinstance(v, list):
            for x in v:
                self.value(x, w)
        elif isinstance(v, dict):
            for x in v.values():
                self.value(x, w)
        else:  # floats: Python prints 1.0 where JSON.stringify prints 1
            self.fail(w, f"values may not contain floats, got {v!r}")
