// Package mcptoolset is a stub of google.golang.org/adk/tool/mcptoolset.
package mcptoolset

import "google.golang.org/adk/tool"

type Config struct{ Transport any }

func New(cfg Config) (tool.Toolset, error) { return nil, nil }
