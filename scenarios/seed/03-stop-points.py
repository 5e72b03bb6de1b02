# The seed talk's "Yield as stop points": the third next() runs off the end of
# the generator and raises StopIteration. Verbatim.
def x():
    print('start')
    yield
    print('after 1st yield')
    yield
    print('after 2nd yield')

z = x()
next(z)
next(z)
next(z)
