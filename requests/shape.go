package requests

import "github.com/cachevet/cachevet/internal/textpos"

// Shape is the structure of a request body known without its JSON text:
// a Go value a hand-rolled client marshals (a struct with json tags, a
// map[string]any literal). DetectShape applies the readers' own rules to
// it, so a Go program and a logged request are recognized alike.
type Shape struct {
	Kind ShapeKind
	// Text is a string's value when known.
	Text string
	// Fields are an object's members by JSON name, in order.
	Fields []ShapeField
	// Elems are an array's known elements.
	Elems []*Shape
}

// ShapeField is one member of an object Shape.
type ShapeField struct {
	Key   string
	Value *Shape
}

// ShapeKind is the JSON type of a Shape.
type ShapeKind uint8

// Shape kinds: ShapeOther is a number, boolean, null or a value of
// unknown type.
const (
	ShapeOther ShapeKind = iota
	ShapeString
	ShapeArray
	ShapeObject
)

// Body formats DetectShape returns.
const (
	BodyAnthropic = "anthropic" // Anthropic Messages API
	BodyChat      = "chat"      // OpenAI Chat Completions and compatible APIs
	BodyResponses = "responses" // OpenAI Responses API
	BodyBedrock   = "bedrock"   // Amazon Bedrock Converse
	BodyGemini    = "gemini"    // Gemini generateContent
)

// DetectShape tells which provider API a body with this shape is for,
// with the rules the file readers use (hint is the endpoint when known);
// "" when it is not a request body.
func DetectShape(s *Shape, hint string) string {
	switch detectAPI(s.node(), hint) {
	case apiAnthropic:
		return BodyAnthropic
	case apiChat:
		return BodyChat
	case apiResponses:
		return BodyResponses
	case apiBedrock:
		return BodyBedrock
	case apiGemini:
		return BodyGemini
	}
	return ""
}

// node converts a Shape to the readers' JSON tree.
func (s *Shape) node() *textpos.Node {
	if s == nil {
		return nil
	}
	switch s.Kind {
	case ShapeString:
		return &textpos.Node{Type: textpos.TString, Str: s.Text}
	case ShapeArray:
		n := &textpos.Node{Type: textpos.TArray}
		for _, e := range s.Elems {
			n.Elems = append(n.Elems, e.node())
		}
		return n
	case ShapeObject:
		n := &textpos.Node{Type: textpos.TObject}
		for _, f := range s.Fields {
			n.Members = append(n.Members, textpos.Member{Key: f.Key, Val: f.Value.node()})
		}
		return n
	}
	return &textpos.Node{Type: textpos.TNull}
}
