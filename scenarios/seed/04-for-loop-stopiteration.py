# The seed talk's "Auto handling of StopIteration": a for loop drives the
# generator to its end and swallows the StopIteration. Verbatim.
def x():
    print('start')
    yield
    print('after 1st yield')
    yield
    print('after 2nd yield')

z = x()
for _ in z:
    pass
