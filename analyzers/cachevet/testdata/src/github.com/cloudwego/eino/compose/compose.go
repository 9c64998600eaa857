// Package compose is a stub of github.com/cloudwego/eino/compose.
package compose

import (
	"github.com/cloudwego/eino/components/prompt"
	"github.com/cloudwego/eino/components/tool"
)

type ToolsNodeConfig struct {
	Tools []tool.BaseTool
}

type GraphAddNodeOpt func()

type graph struct{}

func (g *graph) AddChatTemplateNode(key string, node prompt.ChatTemplate, opts ...GraphAddNodeOpt) error {
	return nil
}

func (g *graph) AddLambdaNode(key string, node any, opts ...GraphAddNodeOpt) error { return nil }

type Graph[I, O any] struct{ *graph }

func NewGraph[I, O any]() *Graph[I, O] { return &Graph[I, O]{graph: &graph{}} }

type Chain[I, O any] struct{}

func NewChain[I, O any]() *Chain[I, O] { return &Chain[I, O]{} }

func (c *Chain[I, O]) AppendChatTemplate(node prompt.ChatTemplate, opts ...GraphAddNodeOpt) *Chain[I, O] {
	return c
}

func InvokableLambda[I, O any](f func(I) (O, error)) any { return f }
