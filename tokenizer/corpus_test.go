package tokenizer

import (
	"errors"
	"math/rand/v2"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
)

// corpusFiles returns the hand-written corpus under testdata/corpus, keyed
// by file name.
func corpusFiles(tb testing.TB) map[string]string {
	tb.Helper()
	files, err := loadCorpus()
	if err != nil {
		tb.Fatal(err)
	}
	return files
}

func loadCorpus() (map[string]string, error) {
	paths, err := filepath.Glob(filepath.Join("testdata", "corpus", "*"))
	if err != nil {
		return nil, err
	}
	if len(paths) == 0 {
		return nil, errors.New("no files in testdata/corpus")
	}
	files := make(map[string]string, len(paths))
	for _, p := range paths {
		b, err := os.ReadFile(p)
		if err != nil {
			return nil, err
		}
		files[filepath.Base(p)] = string(b)
	}
	return files, nil
}

func sortedNames(files map[string]string) []string {
	names := make([]string, 0, len(files))
	for n := range files {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

// corpusLines returns every line of the corpus, line endings kept.
func corpusLines(files map[string]string) []string {
	var lines []string
	for _, name := range sortedNames(files) {
		lines = append(lines, strings.SplitAfter(files[name], "\n")...)
	}
	return lines
}

// mixedTexts derives n texts from the corpus with a fixed seed: lines of
// different files and scripts joined in random order, sometimes cut at an
// arbitrary byte (which splits runes and yields invalid UTF-8) or glued
// without a newline, so that piece boundaries meet in combinations the
// hand-written files do not contain.
func mixedTexts(files map[string]string, n, maxLines int, seed uint64) []string {
	lines := corpusLines(files)
	rng := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	texts := make([]string, n)
	for i := range texts {
		var b strings.Builder
		for range 1 + rng.IntN(maxLines) {
			line := lines[rng.IntN(len(lines))]
			switch rng.IntN(8) {
			case 0:
				line = line[rng.IntN(len(line)+1):]
			case 1:
				line = line[:rng.IntN(len(line)+1)]
			case 2:
				line = strings.TrimRight(line, "\r\n")
			}
			b.WriteString(line)
		}
		texts[i] = b.String()
	}
	return texts
}
