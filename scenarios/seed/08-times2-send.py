# The seed talk's "send": a value sent into a generator becomes the result of
# its paused `yield`. Verbatim.
def times2():
    while True:
        val = yield
        yield val * 2

z = times2()

next(z)
print(z.send(1))
next(z)
print(z.send(2))
next(z)
print(z.send(3))
