package requests

import (
	"encoding/binary"
	"fmt"
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

func keyOrder(n *node) keyOrderOf {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	for _, m := range n.members {
		h.WriteString(m.key)
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
	if b.tools != nil && len(b.tools.elems) > 1 {
		if f, ok := t.toolOrder(b); ok {
			out = append(out, f)
		}
	}
	for _, o := range b.tools.elemsOrNil() {
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
		if f, ok := t.compareKeys(b, u.get("input"), fmt.Sprintf("the input of tool_use %q", u.get("name").text())); ok {
			out = append(out, f)
		}
	}
	return out
}

func (t *orderTracker) toolOrder(b *builder) (rules.Finding, bool) {
	tools := b.tools.elems
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
			t.sets[set] = &setSeen{order: order, span: b.src.nodeSpan(b.tools), record: b.req.Record, names: names, reported: map[uint64]bool{}}
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
	return b.pc006(b.src.nodeSpan(b.tools), "unstable-order:tools", msg, seen.span, seen.record), true
}

func (t *orderTracker) compareKeys(b *builder, o *node, what string) (rules.Finding, bool) {
	if !o.isObject() {
		return rules.Finding{}, false
	}
	canon := canonicalHash(o, true)
	order := canonicalHash(o, false)
	seen, ok := t.objects[canon]
	if !ok {
		if len(t.objects) < maxTrackedObjects {
			seen = &objectSeen{order: order, span: b.src.nodeSpan(o), record: b.req.Record, keys: map[uint64]keyOrderOf{}, reported: map[uint64]bool{}}
			walkObjects(o, 0, func(path uint64, n *node) bool {
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
	walkObjects(o, 0, func(path uint64, n *node) bool {
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
	return b.pc006(b.src.nodeSpan(at), "unstable-order:"+what, msg, seen.span, seen.record), true
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
func canonicalHash(n *node, sorted bool) uint64 {
	var h maphash.Hash
	h.SetSeed(hashSeed)
	writeValue(&h, n, sorted)
	return h.Sum64()
}

func writeValue(h *maphash.Hash, n *node, sorted bool) {
	h.WriteByte(byte(n.kind))
	switch n.kind {
	case kindObject:
		ms := n.members
		if sorted {
			ms = slices.Clone(ms)
			slices.SortStableFunc(ms, func(a, b member) int { return strings.Compare(a.key, b.key) })
		}
		writeInt(h, len(ms))
		for _, m := range ms {
			writeInt(h, len(m.key))
			h.WriteString(m.key)
			writeValue(h, m.val, sorted)
		}
	case kindArray:
		writeInt(h, len(n.elems))
		for _, e := range n.elems {
			writeValue(h, e, sorted)
		}
	default:
		writeInt(h, len(n.str))
		h.WriteString(n.str)
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
func walkObjects(n *node, path uint64, visit func(uint64, *node) bool) bool {
	switch n.kind {
	case kindObject:
		if !visit(path, n) {
			return false
		}
		for _, m := range n.members {
			if !walkObjects(m.val, pathHash(path, m.key), visit) {
				return false
			}
		}
	case kindArray:
		for i, e := range n.elems {
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

func keyList(n *node) string {
	keys := make([]string, 0, len(n.members))
	for _, m := range n.members {
		keys = append(keys, m.key)
	}
	return strings.Join(keys, ", ")
}

// toolName is a tool's name in any of the formats: Anthropic and Responses
// at the top, Chat under "function"; built-in tools by type. A schema's
// name is its json_schema name.
func toolName(t *node) string {
	for _, n := range []*node{t.get("name"), t.get("function").get("name"), t.get("type")} {
		if n.isString() {
			return n.str
		}
	}
	return ""
}

func toolNames(tools []*node) []string {
	names := make([]string, len(tools))
	for i, t := range tools {
		names[i] = toolName(t)
	}
	return names
}
