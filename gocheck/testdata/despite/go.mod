module example.com/despite

go 1.26
