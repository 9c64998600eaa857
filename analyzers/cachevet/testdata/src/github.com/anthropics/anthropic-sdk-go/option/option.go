// Package option is a stub of anthropic-sdk-go's request options.
package option

type RequestOption func()

func WithHeader(key, value string) RequestOption { return func() {} }
