// Package model is a stub of google.golang.org/adk/model.
package model

type LLM interface{ Name() string }
