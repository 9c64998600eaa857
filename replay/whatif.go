package replay

import (
	"bytes"
	"encoding/json"
	"hash/maphash"
	"sort"

	"github.com/cachevet/cachevet/rules"
)

// sortTools is --assume-order sorted: the tool blocks in order of their
// name (their JSON text when they have none), each rendered with sorted
// keys, as a deterministic encoder would send them.
func sortTools(r *preq, s *session, p *rules.Profile) {
	n := 0
	for n < len(r.blocks) && r.blocks[n].section == rules.SectionTools {
		n++
	}
	if n == 0 {
		return
	}
	tools := r.blocks[:n]
	for i := range tools {
		if canon, ok := canonicalJSON(tools[i].text); ok && canon != tools[i].text {
			tools[i].text = canon
			tools[i].vol = nil
			rehash(&tools[i], s, p, 0)
		}
	}
	sort.SliceStable(tools, func(i, j int) bool { return tools[i].text < tools[j].text })
}

// canonicalJSON re-encodes a JSON value with sorted object keys.
func canonicalJSON(text string) (string, bool) {
	var v any
	d := json.NewDecoder(bytes.NewReader([]byte(text)))
	d.UseNumber()
	if err := d.Decode(&v); err != nil {
		return "", false
	}
	var buf bytes.Buffer
	e := json.NewEncoder(&buf)
	e.SetEscapeHTML(false)
	if err := e.Encode(v); err != nil {
		return "", false
	}
	return string(bytes.TrimSuffix(buf.Bytes(), []byte("\n"))), true
}

// moveVolatile is --move-volatile: every volatile literal ahead of the
// trailing user turn is cut out of its block and the literals are sent in
// one block after the last one.
func moveVolatile(r *preq, s *session, p *rules.Profile) {
	var moved []byte
	for i := 0; i < r.end && i < len(r.blocks); i++ {
		b := &r.blocks[i]
		if len(b.vol) == 0 {
			continue
		}
		var kept []byte
		last := 0
		for _, v := range b.vol {
			kept = append(kept, b.text[last:v[0]]...)
			moved = append(moved, b.text[v[0]:v[1]]...)
			moved = append(moved, '\n')
			last = v[1]
		}
		kept = append(kept, b.text[last:]...)
		b.text, b.vol, b.volTok = string(kept), nil, 0
		rehash(b, s, p, 0)
	}
	if len(moved) == 0 {
		return
	}
	nb := pblock{section: rules.SectionMessages, kind: rules.BlockText, role: "user", text: string(moved)}
	nb.vol = [][2]int{{0, len(moved)}}
	rehash(&nb, s, p, 0)
	nb.volTok = nb.tokens
	r.blocks = append(r.blocks, nb)
}

// rehash hashes and counts a block whose text a what-if changed.
func rehash(b *pblock, s *session, p *rules.Profile, extra int) {
	b.h = blockHash(b)
	b.tokens = s.textTokens(p, b.text) + extra
}

// blockHash hashes what makes two blocks the same prompt content: section,
// role, kind and text.
func blockHash(b *pblock) uint64 {
	var h maphash.Hash
	h.SetSeed(seed)
	h.WriteByte(byte(b.section))
	h.WriteString(b.role)
	h.WriteByte(0)
	h.WriteString(b.kind)
	h.WriteByte(0)
	h.WriteString(b.text)
	return h.Sum64()
}
