// Package cmap is a concurrent map wrapper: its iterators and its Values
// list range over the Go map inside.
package cmap

import (
	"iter"
	"sync"
)

// Map is a map guarded by a mutex.
type Map[K comparable, V any] struct {
	mu    sync.RWMutex
	inner map[K]V
}

// New makes an empty map.
func New[K comparable, V any]() *Map[K, V] { return &Map[K, V]{inner: map[K]V{}} }

// Set stores a value.
func (m *Map[K, V]) Set(k K, v V) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.inner[k] = v
}

// Seq2 iterates over the entries.
func (m *Map[K, V]) Seq2() iter.Seq2[K, V] { // want Seq2:"map order"
	return func(yield func(K, V) bool) {
		m.mu.RLock()
		defer m.mu.RUnlock()
		for k, v := range m.inner {
			if !yield(k, v) {
				return
			}
		}
	}
}

// Values lists the values.
func (m *Map[K, V]) Values() []V { // want Values:"map order"
	m.mu.RLock()
	defer m.mu.RUnlock()
	out := make([]V, 0, len(m.inner))
	for _, v := range m.inner {
		out = append(out, v)
	}
	return out
}
