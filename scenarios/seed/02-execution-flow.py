# The seed talk's "Execution Flow": a generator runs until its yield and
# resumes right after it on the next call. Verbatim.
def x():
    print('started')
    while 1:
        print('before yield')
        yield
        print('after yield')

z = x()

next(z)
print('-- 2nd call')
next(z)
