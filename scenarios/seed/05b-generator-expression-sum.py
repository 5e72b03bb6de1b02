# The seed talk's "Generators introduced for memory saving": the list
# comprehension builds every square first, the generator expression hands
# sum() one at a time. The talk shows the two expressions; they are printed
# here so the example has output.
print(sum([x*x for x in range(10)]))
print(sum(x*x for x in range(10)))
