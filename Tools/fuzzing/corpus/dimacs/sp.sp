p sp 4 4
a 1 2 7
a 2 3 1
a 1 3 9
a 3 4 2
