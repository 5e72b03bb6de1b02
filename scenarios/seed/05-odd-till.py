# The seed talk's "Immediate usefulness": an infinite-style loop broken into
# steps, one odd number per step. Verbatim.
def odd_till(number):
    n = 1
    while n < number:
        yield n
        n += 2

for odd_num in odd_till(10):
    print(odd_num)
