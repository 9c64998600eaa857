// Package anthropic is a stub of charm.land/fantasy/providers/anthropic.
package anthropic

import "charm.land/fantasy"

const Name = "anthropic"

type Option = func(*options)

type options struct{}

func New(opts ...Option) (fantasy.Provider, error) { return nil, nil }

func WithAPIKey(apiKey string) Option { return nil }

type CacheControl struct {
	Type string
}

type ProviderCacheControlOptions struct {
	CacheControl CacheControl
}

func (*ProviderCacheControlOptions) Options() {}

func NewProviderCacheControlOptions(opts *ProviderCacheControlOptions) fantasy.ProviderOptions {
	return fantasy.ProviderOptions{Name: opts}
}
