// Command cmdapp uses a package of its own module that is not named on
// the command line: it is analyzed with it.
package main

import "example.com/mod/good"

func main() { println(good.PromptA()) }
