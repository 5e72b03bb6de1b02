# The seed talk's "Auto handling of StopIteration", second variant: the for
# loop also receives the yielded values. Verbatim.
def x():
    print('start')
    yield 1
    print('after 1st yield')
    yield 2
    print('after 2nd yield')

z = x()
for _ in z:
    print(_)
