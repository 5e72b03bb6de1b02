# The seed talk's first generator function: it yields 0, 1, 2, ... and keeps
# its local `a` between calls to next(). Verbatim.
def x():
    a = 0
    while 1:
        yield a

        a += 1

z = x()

print(z)
print(next(z))
print(next(z))
