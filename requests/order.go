package requests

import (
	"encoding/binary"
	"fmt"
	"github.com/cachevet/cachevet/internal/textpos"
	"hash/maphash"
	"slices"
	"strings"

	"github.com/cachevet/cachevet/rules"
)

// orderTracker finds PC006 across the records of one log: tool lists, and
// the key order of tool and schema objects, that differ between records
// only in order. Rules see one request at a time; this is the one check
// that needs several. It keeps hashes and a few key lists per distinct
// tool set and object, never the records, and stops learning new ones past
// fixed budgets so memory stays bounded on any log.
type orderTracker struct {
	sets    map[uint64]*setSeen
	objects map[uint64]*objectSeen
}

// Budgets: at most 1024 tool sets, and 1024 objects of 64 key lists of
// 160 bytes each, about 10 MB on the most hostile log.
const (
	maxTrackedSets    = 1024
	maxTrackedObjects = 1024
	maxOrdersPerSet   = 64
	maxPathsPerObject = 64
	maxKeyListBytes   = 160
	maxNamesPerSet    = 256
)

// keyOrderOf is the order of an object's own keys: a hash to compare and
// the start of the list to show.
type keyOrderOf struct {
	hash uint64
	text string
}

func keyOrder(n *textpos.Node) keyOrderOf {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, m := range n.Members {
		h.WriteString(m.Key)
		h.WriteByte(0)
	}
	return keyOrderOf{h.Sum64(), truncate(keyList(n), maxKeyListBytes)}
}

// setSeen is the first record with a given multiset of tools.
type setSeen struct {
	order    uint64
	span     rules.Span
	record   int
	names    []string
	reported map[uint64]bool
}

// objectSeen is the first record with a given tool or schema, up to key
// order: the key order of each of its objects by path.
type objectSeen struct {
	order    uint64
	span     rules.Span
	record   int
	keys     map[uint64]keyOrderOf // by path hash
	reported map[uint64]bool
}

func newOrderTracker() *orderTracker {
	return &orderTracker{sets: map[uint64]*setSeen{}, objects: map[uint64]*objectSeen{}}
}

var hashSeed = maphash.MakeSeed()

// observe compares one record's tools and schemas with earlier records and
// returns its PC006 findings.
func (t *orderTracker) observe(b *builder) []rules.Finding {
	var out []rules.Finding
	if b.tools != nil && len(b.tools.Elems) > 1 {
		if f, ok := t.toolOrder(b); ok {
			out = append(out, f)
		}
	}
	for _, o := range b.tools.ElemsOrNil() {
		if f, ok := t.compareKeys(b, o, fmt.Sprintf("tool %q", toolName(o))); ok {
			out = append(out, f)
		}
	}
	for _, o := range b.schemas {
		if f, ok := t.compareKeys(b, o, fmt.Sprintf("schema %q", toolName(o))); ok {
			out = append(out, f)
		}
	}
	// tool_use inputs are replayed with the conversation: a record that
	// re-serializes one with other key order misses from that turn on.
	for _, u := range b.toolUses {
		if f, ok := t.compareKeys(b, u.Get("input"), fmt.Sprintf("the input of tool_use %q", u.Get("name").Text())); ok {
			out = append(out, f)
		}
	}
	return out
}

func (t *orderTracker) toolOrder(b *builder) (rules.Finding, bool) {
	tools := b.tools.Elems
	canon := make([]uint64, len(tools))
	for i, tl := range tools {
		canon[i] = canonicalHash(tl, true)
	}
	order := hashList(canon)
	sorted := slices.Clone(canon)
	slices.Sort(sorted)
	set := hashList(sorted)
	names := toolNames(tools)
	if len(names) > maxNamesPerSet {
		names = names[:maxNamesPerSet] // enough to say where the orders part
	}
	seen, ok := t.sets[set]
	if !ok {
		if len(t.sets) < maxTrackedSets {
			t.sets[set] = &setSeen{order: order, span: b.src.NodeSpan(b.tools), record: b.req.Record, names: names, reported: map[uint64]bool{}}
		}
		return rules.Finding{}, false
	}
	if seen.order == order || seen.reported[order] || len(seen.reported) >= maxOrdersPerSet {
		return rules.Finding{}, false
	}
	seen.reported[order] = true
	i := 0
	for i < len(names)-1 && names[i] == seen.names[i] {
		i++
	}
	msg := fmt.Sprintf("tools are listed in a different order than in record %d (same %d tools; %q comes where %q was); the order changes between requests, so each new order misses the cache for the whole prompt",
		seen.record, len(tools), names[i], seen.names[i])
	return b.pc006(b.src.NodeSpan(b.tools), "unstable-order:tools", msg, seen.span, seen.record), true
}

func (t *orderTracker) compareKeys(b *builder, o *textpos.Node, what string) (rules.Finding, bool) {
	if !o.IsObject() {
		return rules.Finding{}, false
	}
	canon := canonicalHash(o, true)
	order := canonicalHash(o, false)
	seen, ok := t.objects[canon]
	if !ok {
		if len(t.objects) < maxTrackedObjects {
			seen = &objectSeen{order: order, span: b.src.NodeSpan(o), record: b.req.Record, keys: map[uint64]keyOrderOf{}, reported: map[uint64]bool{}}
			walkObjects(o, 0, func(path uint64, n *textpos.Node) bool {
				seen.keys[path] = keyOrder(n)
				return len(seen.keys) < maxPathsPerObject
			})
			t.objects[canon] = seen
		}
		return rules.Finding{}, false
	}
	if seen.order == order || seen.record == b.req.Record || seen.reported[order] || len(seen.reported) >= maxOrdersPerSet {
		return rules.Finding{}, false
	}
	seen.reported[order] = true
	// Point at the first object whose own keys moved.
	at, was, now := o, "", ""
	walkObjects(o, 0, func(path uint64, n *textpos.Node) bool {
		first, ok := seen.keys[path]
		if cur := keyOrder(n); ok && first.hash != cur.hash {
			at, was, now = n, first.text, cur.text
			return false
		}
		return true
	})
	detail := ""
	if was != "" {
		detail = fmt.Sprintf(" (%s instead of %s)", now, was)
	}
	msg := fmt.Sprintf("keys of %s are in a different order than in record %d%s; the key order changes between requests, so the prompt misses the cache from here on",
		what, seen.record, detail)
	return b.pc006(b.src.NodeSpan(at), "unstable-order:"+what, msg, seen.span, seen.record), true
}

func (b *builder) pc006(span rules.Span, key, msg string, first rules.Span, record int) rules.Finding {
	r := rules.MustRule(rules.PC006)
	return rules.Finding{
		Rule: r.Code, Name: r.Name, Severity: r.Default, Span: span, Message: msg,
		Provider: b.req.Provider, Model: b.req.Model, Key: key,
		Related: []rules.Related{{Span: first, Message: fmt.Sprintf("the order in record %d", record)}},
	}
}

// canonicalHash hashes a value; with sorted, object keys are taken in
// sorted order, so two values that differ only in key order hash alike.
func canonicalHash(n *textpos.Node, sorted bool) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	writeValue(&h, n, sorted)
	return h.Sum64()
}

func writeValue(h *maphash.Hash, n *textpos.Node, sorted bool) {
	h.WriteByte(byte(n.Type))
	switch n.Type {
	case textpos.TObject:
		ms := n.Members
		if sorted {
			ms = slices.Clone(ms)
			slices.SortStableFunc(ms, func(a, b textpos.Member) int { return strings.Compare(a.Key, b.Key) })
		}
		writeInt(h, len(ms))
		for _, m := range ms {
			writeInt(h, len(m.Key))
			h.WriteString(m.Key)
			writeValue(h, m.Val, sorted)
		}
	case textpos.TArray:
		writeInt(h, len(n.Elems))
		for _, e := range n.Elems {
			writeValue(h, e, sorted)
		}
	default:
		writeInt(h, len(n.Str))
		h.WriteString(n.Str)
	}
}

func writeInt(h *maphash.Hash, v int) {
	var buf [8]byte
	binary.LittleEndian.PutUint64(buf[:], uint64(v))
	h.Write(buf[:])
}

func hashList(vs []uint64) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, v := range vs {
		var buf [8]byte
		binary.LittleEndian.PutUint64(buf[:], v)
		h.Write(buf[:])
	}
	return h.Sum64()
}

// walkObjects visits the objects of a value in document order with a hash
// of their path; visit returns false to stop.
func walkObjects(n *textpos.Node, path uint64, visit func(uint64, *textpos.Node) bool) bool {
	switch n.Type {
	case textpos.TObject:
		if !visit(path, n) {
			return false
		}
		for _, m := range n.Members {
			if !walkObjects(m.Val, pathHash(path, m.Key), visit) {
				return false
			}
		}
	case textpos.TArray:
		for i, e := range n.Elems {
			if !walkObjects(e, pathHash(path, fmt.Sprint(i)), visit) {
				return false
			}
		}
	}
	return true
}

func pathHash(parent uint64, step string) uint64 {
	return hashList([]uint64{parent, maphash.String(hashSeed, step)})
}

func keyList(n *textpos.Node) string {
	keys := make([]string, 0, len(n.Members))
	for _, m := range n.Members {
		keys = append(keys, m.Key)
	}
	return strings.Join(keys, ", ")
}

// toolName is a tool's name in any of the formats: Anthropic and Responses
// at the top, Chat under "function"; built-in tools by type. A schema's
// name is its json_schema name.
func toolName(t *textpos.Node) string {
	for _, n := range []*textpos.Node{t.Get("name"), t.Get("function").Get("name"), t.Get("type")} {
		if n.IsString() {
			return n.Str
		}
	}
	return ""
}

func toolNames(tools []*textpos.Node) []string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = toolName(t)
	}
	return names
}
