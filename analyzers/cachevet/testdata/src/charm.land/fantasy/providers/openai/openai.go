// Package openai is a stub of charm.land/fantasy/providers/openai.
package openai

import "charm.land/fantasy"

type Option = func(*options)

type options struct{}

func New(opts ...Option) (fantasy.Provider, error) { return nil, nil }

func WithAPIKey(apiKey string) Option { return nil }
