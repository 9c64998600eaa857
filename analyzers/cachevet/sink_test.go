package cachevet

import (
	"bytes"
	"encoding/gob"
	"reflect"
	"testing"

	"github.com/cachevet/cachevet/rules"
)

// TestSinkFactGob checks that a SinkFact survives the gob encoding go vet
// uses for facts, with every kind of field its request can hold.
func TestSinkFactGob(t *testing.T) {
	sp := rules.Span{File: "p.go", Line: 3, Col: 4, EndLine: 3, EndCol: 9}
	want := &SinkFact{Param: 1, Block: 0, Part: 1, Request: rules.Request{
		Source: "go", File: "p.go", Provider: "anthropic", Model: "claude-sonnet-4-5", ModelSpan: sp, BreakpointsKnown: true, Span: sp,
		Auto: &rules.Breakpoint{TTL: "1h", Span: sp},
		Blocks: []rules.Block{{Section: rules.SectionSystem, Role: "system", Kind: rules.BlockText, Message: -1, Span: sp,
			Breakpoint: &rules.Breakpoint{Span: sp},
			Parts: []rules.Part{{Text: "You are", Span: sp}, {Slot: &rules.Slot{Name: "s", Kind: rules.KindOther, Lifetime: rules.LifeStable,
				Runtime: rules.RuntimeHistory, Origin: sp}, Span: sp}}}},
	}}
	var buf bytes.Buffer
	if err := gob.NewEncoder(&buf).Encode(want); err != nil {
		t.Fatal(err)
	}
	got := new(SinkFact)
	if err := gob.NewDecoder(&buf).Decode(got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip changed the fact:\ngot  %+v\nwant %+v", got, want)
	}
}

func TestHTTPClient(t *testing.T) {
	for path, want := range map[string]bool{
		"net/http": true, "github.com/bogdanfinn/fhttp": true, "github.com/go-resty/resty/v2": true, "github.com/imroc/req/v3": true,
		"net/http/httptest": false, "encoding/json": false, "github.com/example/requests": false,
	} {
		if got := httpClient(path); got != want {
			t.Errorf("httpClient(%q) = %v, want %v", path, got, want)
		}
	}
}
