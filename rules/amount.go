package rules

import (
	"fmt"
	"sort"
	"strings"
)

// runtimeKinds are the runtime segment kinds in the order amount stores them.
var runtimeKinds = [...]string{RuntimeHistory, RuntimeTools, RuntimeFile}

func runtimeIndex(kind string) int {
	for i, k := range runtimeKinds {
		if k == kind {
			return i
		}
	}
	return -1
}

// amount is a token count split into tokens counted from text (or given by
// the producer) and the assumed sizes of runtime segments, by kind.
type amount struct {
	known   int
	assumed [len(runtimeKinds)]int
	// why says where the first segment of each kind comes from (its
	// Slot.Why: "chat-history loop", "conversation: globs in the config").
	why [len(runtimeKinds)]string
}

func (a amount) total() int { return a.known + a.assumedTotal() }

func (a amount) assumedTotal() int {
	n := 0
	for _, v := range a.assumed {
		n += v
	}
	return n
}

func (a amount) plus(b amount) amount {
	a.known += b.known
	for i := range a.assumed {
		a.assumed[i] += b.assumed[i]
		if a.why[i] == "" {
			a.why[i] = b.why[i]
		}
	}
	return a
}

func (a amount) minus(b amount) amount {
	a.known -= b.known
	for i := range a.assumed {
		a.assumed[i] -= b.assumed[i]
	}
	return a
}

// kinds lists the runtime kinds whose assumed sizes are part of a, sorted.
func (a amount) kinds() []string {
	var ks []string
	for i, v := range a.assumed {
		if v > 0 {
			ks = append(ks, runtimeKinds[i])
		}
	}
	sort.Strings(ks)
	return ks
}

// runtimeNames say what each runtime kind stands for in messages.
var runtimeNames = [...]string{"the conversation history", "a tool list built at run time", "file contents read at run time"}

// AssumeFor returns the assumed size of a runtime kind: Env.Assume's, the
// contract default for a kind Env.Assume leaves out (nil Env.Assume is
// DefaultAssume), and 0 for a kind that is none of the runtime kinds.
func (e *Env) AssumeFor(kind string) int {
	if runtimeIndex(kind) < 0 {
		return 0
	}
	if n, ok := e.Assume[kind]; ok {
		return max(n, 0)
	}
	return DefaultAssume()[kind]
}

// phrase says an amount in a message: "≈420 stable tokens plus the
// conversation history (assumed 10,000)", with where a segment comes from
// when its producer says ("… (assumed 10,000; chat-history loop)"). noun
// follows the counted part ("stable tokens", "tokens").
func (c *checker) phrase(a amount, noun string) string {
	var assumed []string
	for i, v := range a.assumed {
		if v > 0 {
			why := ""
			if a.why[i] != "" {
				why = "; " + a.why[i]
			}
			assumed = append(assumed, fmt.Sprintf("%s (assumed %s%s)", runtimeNames[i], Thousands(v), why))
		}
	}
	if len(assumed) == 0 {
		return c.count(a.known) + " " + noun
	}
	list := strings.Join(assumed[:len(assumed)-1], ", ")
	if list != "" {
		list += " and "
	}
	list += assumed[len(assumed)-1]
	if a.known == 0 {
		return list
	}
	return c.count(a.known) + " " + noun + " plus " + list
}
