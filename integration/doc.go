// Package integration tests cachevet's CI integrations end to end: the
// GitHub Action's script (its pull request delta and sticky comment against a
// fake API), the example workflow (with actionlint) and the
// pre-commit hooks, each against the real cachevet binary.
package integration
