package requests

import "testing"

func TestDetectShape(t *testing.T) {
	str := func(s string) *Shape { return &Shape{Kind: ShapeString, Text: s} }
	obj := func(kv ...any) *Shape {
		s := &Shape{Kind: ShapeObject}
		for i := 0; i+1 < len(kv); i += 2 {
			s.Fields = append(s.Fields, ShapeField{Key: kv[i].(string), Value: kv[i+1].(*Shape)})
		}
		return s
	}
	arr := func(els ...*Shape) *Shape { return &Shape{Kind: ShapeArray, Elems: els} }
	unknownList := &Shape{Kind: ShapeArray}
	for _, tc := range []struct {
		name string
		body *Shape
		hint string
		want string
	}{
		{"anthropic with system", obj("model", str("claude-sonnet-4-5"), "system", str("x"), "messages", unknownList), "", BodyAnthropic},
		{"chat by model", obj("model", str("gpt-4o"), "messages", arr(obj("role", str("system"), "content", str("x")))), "", BodyChat},
		{"chat by tool shape", obj("model", &Shape{}, "messages", unknownList, "tools", arr(obj("type", str("function"), "function", obj()))), "", BodyChat},
		{"responses", obj("model", str("gpt-4o"), "instructions", str("x"), "input", str("q")), "", BodyResponses},
		{"endpoint hint", obj("messages", unknownList), "https://api.anthropic.com/v1/messages", BodyAnthropic},
		{"not a request", obj("name", str("x"), "items", unknownList), "", ""},
		{"message without role", obj("model", str("gpt-4o"), "messages", arr(obj("text", str("x")))), "", ""},
		{"not an object", arr(), "", ""},
	} {
		if got := DetectShape(tc.body, tc.hint); got != tc.want {
			t.Errorf("%s: got %q, want %q", tc.name, got, tc.want)
		}
	}
}
