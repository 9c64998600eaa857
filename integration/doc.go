// Package integration tests cachevet's CI integrations end to end: the
// GitHub Action's script, the example workflow (with actionlint) and the
// pre-commit hooks, each against the real cachevet binary.
package integration
