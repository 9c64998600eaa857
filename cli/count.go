package cli

import (
	"encoding/json"
	"fmt"
	goio "io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/config"
	"github.com/cachevet/cachevet/tokenizer"
)

// countOptions are `cachevet count`'s inputs.
type countOptions struct {
	Model    string
	Encoding string
	JSON     bool
	Paths    []string
}

// newCountCmd builds `cachevet count`.
func newCountCmd(io *streams) *cobra.Command {
	opts := &countOptions{}
	cmd := &cobra.Command{
		Use:   "count [--model M | --encoding E] [--json] PATH...",
		Short: "Count tokens per file and in total",
		Long: `Count tokens offline. With --encoding (o200k_base, the default, or
cl100k_base) counts are exact tiktoken counts. With --model the model's
tokenizer is used: exact for OpenAI models, o200k_base times the catalog's
ratio (marked ≈) for models whose tokenizer is not public. Directories are
walked and every regular file is counted. "-" counts standard input.`,
		Args: cobra.MinimumNArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if opts.Model != "" && opts.Encoding != "" {
				return failure("--model and --encoding exclude each other")
			}
			return runCount(io, opts)
		},
	}
	cmd.Flags().StringVar(&opts.Model, "model", "", "count with this model's tokenizer")
	cmd.Flags().StringVar(&opts.Encoding, "encoding", "", "count with this encoding: o200k_base (default) or cl100k_base")
	cmd.Flags().BoolVar(&opts.JSON, "json", false, `print {"files":[{"file":…,"tokens":…}],"total":…}`)
	return cmd
}

type countFile struct {
	File   string `json:"file"`
	Tokens int    `json:"tokens"`
}

type countJSON struct {
	Files []countFile `json:"files"`
	Total int         `json:"total"`
	// Approx is set when counts are estimates (a model with a private tokenizer).
	Approx bool `json:"approx,omitempty"`
}

// runCount counts the files.
func runCount(io *streams, opts *countOptions) error {
	counter, approx, err := countCounter(opts)
	if err != nil {
		return failure("%v", err)
	}
	var files []string
	failed := false
	for _, p := range opts.Paths {
		if p == stdinPath {
			files = append(files, stdinPath)
			continue
		}
		abs := p
		if !filepath.IsAbs(abs) {
			abs = filepath.Join(io.Dir, p)
		}
		err := filepath.WalkDir(abs, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				fmt.Fprintf(io.Err, "cachevet: %s: %v\n", display(io, path), unwrapPath(err))
				failed = true
				return nil
			}
			if d.Type().IsRegular() {
				files = append(files, path)
			}
			return nil
		})
		if err != nil {
			return failure("%v", err)
		}
	}
	sort.Strings(files)
	out := countJSON{Files: []countFile{}, Approx: approx}
	stdinRead := false
	for _, f := range files {
		if f == stdinPath && stdinRead {
			continue // standard input is read once
		}
		data, err := readCountInput(io, f)
		stdinRead = stdinRead || f == stdinPath
		if err != nil {
			fmt.Fprintf(io.Err, "cachevet: %s: %v\n", display(io, f), unwrapPath(err))
			failed = true
			continue
		}
		n := counter.Count(string(data))
		out.Files = append(out.Files, countFile{File: display(io, f), Tokens: n})
		out.Total += n
	}
	if opts.JSON {
		enc := json.NewEncoder(io.Out)
		enc.SetIndent("", "  ")
		if err := enc.Encode(out); err != nil {
			return err
		}
	} else {
		mark := ""
		if approx {
			mark = "≈"
		}
		for _, f := range out.Files {
			fmt.Fprintf(io.Out, "%s%d\t%s\n", mark, f.Tokens, f.File)
		}
		fmt.Fprintf(io.Out, "%s%d\ttotal\n", mark, out.Total)
	}
	if failed {
		return &exitError{code: exitFailure}
	}
	return nil
}

// stdinPath names standard input on the command line.
const stdinPath = "-"

// readCountInput reads a file, or standard input for "-".
func readCountInput(io *streams, path string) ([]byte, error) {
	if path != stdinPath {
		return os.ReadFile(path)
	}
	if io.In == nil {
		return nil, nil
	}
	return goio.ReadAll(io.In)
}

func countCounter(opts *countOptions) (tokenizer.Counter, bool, error) {
	if opts.Model != "" {
		p, err := config.Default().Profile(opts.Model)
		if err != nil {
			return nil, false, err
		}
		return tokenizer.ForModel(p.Tokenizer.Encoding, p.Tokenizer.Ratio.Value, p.Tokenizer.Exact())
	}
	enc := opts.Encoding
	if enc == "" {
		enc = tokenizer.O200kBase
	}
	c, err := tokenizer.ForEncoding(enc)
	return c, false, err
}

// display shows a path relative to the working directory with forward
// slashes, as every report does.
func display(io *streams, p string) string {
	if p == stdinPath {
		return p
	}
	return filepath.ToSlash(relPath(io.Dir, p))
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if e, ok := err.(*fs.PathError); ok {
		pe = e
		return pe.Err
	}
	return err
}
