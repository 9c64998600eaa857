// Command score compares cachevet's findings on the real-world development
// set with the hand-written labels and prints precision and recall.
//
//	go run ./scripts/realworld/score -labels scripts/realworld/go-labels.yaml -results DIR
//
// DIR holds, per project, <name>.cachevet.json (cachevet go/scan --format
// json) and optionally <name>.vet.json (go vet -vettool -json). Findings
// count per driver. A finding is a true positive when it matches a defect
// site with the same rule, a false positive when it matches a clean site or
// no site at all (unlabelled findings are listed so they can be labelled).
// Paths in findings are relative to the project's checkout.
package main

import (
	"bytes"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"

	"github.com/cachevet/cachevet/internal/vetjson"
)

type labels struct {
	Projects []project `yaml:"projects"`
}

type project struct {
	Name   string `yaml:"name"`
	Repo   string `yaml:"repo"`
	Commit string `yaml:"commit"`
	Dir    string `yaml:"dir"`
	Kind   string `yaml:"kind"`
	Sites  []site `yaml:"sites"`
}

type site struct {
	ID       string   `yaml:"id"`
	Verdict  string   `yaml:"verdict"`
	Rule     string   `yaml:"rule"`
	Severity string   `yaml:"severity"`
	At       []string `yaml:"at"`
	Slack    int      `yaml:"slack"`
	Why      string   `yaml:"why"`
}

// finding is one diagnostic with the places it names.
type finding struct {
	Rule, Severity, Message string
	Places                  []place // primary first, then related
}

type place struct {
	File string
	Line int
}

func main() {
	labelsPath := flag.String("labels", "scripts/realworld/go-labels.yaml", "labels file")
	results := flag.String("results", "", "directory with <project>.cachevet.json and <project>.vet.json")
	verbose := flag.Bool("v", false, "list every finding and how it was judged")
	flag.Parse()
	if *results == "" {
		fmt.Fprintln(os.Stderr, "score: -results DIR is required")
		os.Exit(2)
	}
	data, err := os.ReadFile(*labelsPath)
	if err != nil {
		fmt.Fprintln(os.Stderr, "score:", err)
		os.Exit(2)
	}
	var ls labels
	if err := yaml.Unmarshal(data, &ls); err != nil {
		fmt.Fprintf(os.Stderr, "score: %s: %v\n", *labelsPath, err)
		os.Exit(2)
	}
	for _, driver := range []string{"cachevet", "vet"} {
		score(os.Stdout, ls, *results, driver, *verbose)
	}
}

func score(w io.Writer, ls labels, dir, driver string, verbose bool) {
	var tp, fp, defects, found, ran, notes int
	var misses, unlabelled, inputErrors []string
	for _, p := range ls.Projects {
		path := filepath.Join(dir, p.Name+"."+driver+".json")
		data, err := os.ReadFile(path)
		if errors.Is(err, os.ErrNotExist) {
			continue
		} else if err != nil {
			fmt.Fprintln(os.Stderr, "score:", err)
			continue
		}
		fs, errs, err := parse(data, driver)
		for _, e := range errs {
			inputErrors = append(inputErrors, p.Name+": "+e)
		}
		if err != nil {
			fmt.Fprintf(os.Stderr, "score: %s: %v\n", path, err)
			continue
		}
		ran++
		hit := map[string]bool{}
		for _, f := range fs {
			if f.Rule == "PC010" {
				// unknown-model is a note on the file (the model it was
				// checked as), not a claim about a cache defect.
				notes++
				continue
			}
			s := match(p.Sites, f)
			switch {
			case s == nil:
				fp++
				unlabelled = append(unlabelled, fmt.Sprintf("%s: %s:%d %s %s: %s", p.Name, f.Places[0].File, f.Places[0].Line, f.Rule, f.Severity, f.Message))
			case s.Verdict == "defect" && s.Rule == f.Rule:
				tp++
				hit[s.ID] = true
				if verbose {
					fmt.Fprintf(w, "  TP %s %s %s:%d %s\n", s.ID, f.Rule, f.Places[0].File, f.Places[0].Line, f.Severity)
				}
			default:
				fp++
				if verbose {
					fmt.Fprintf(w, "  FP %s (%s) %s %s:%d: %s\n", s.ID, s.Verdict, f.Rule, f.Places[0].File, f.Places[0].Line, f.Message)
				}
			}
		}
		for _, s := range p.Sites {
			if s.Verdict != "defect" {
				continue
			}
			defects++
			if hit[s.ID] {
				found++
			} else {
				misses = append(misses, fmt.Sprintf("%s: %s (%s %s): %s", p.Name, s.ID, s.Rule, s.Severity, s.Why))
			}
		}
	}
	if ran == 0 {
		return
	}
	fmt.Fprintf(w, "%s: %d projects, %d labelled defects\n", driver, ran, defects)
	fmt.Fprintf(w, "  precision %s (%d of %d findings right)\n", ratio(tp, tp+fp), tp, tp+fp)
	fmt.Fprintf(w, "  recall    %s (%d of %d defects found)\n", ratio(found, defects), found, defects)
	fmt.Fprintf(w, "  error entries on these (valid) inputs: %d; unknown-model notes (PC010, not scored): %d\n", len(inputErrors), notes)
	for _, e := range inputErrors {
		fmt.Fprintln(w, "  error:", e)
	}
	for _, m := range misses {
		fmt.Fprintln(w, "  miss:", m)
	}
	sort.Strings(unlabelled)
	for _, u := range unlabelled {
		fmt.Fprintln(w, "  unlabelled (counted as false positive):", u)
	}
}

func ratio(a, b int) string {
	if b == 0 {
		return "n/a"
	}
	return strconv.FormatFloat(float64(a)/float64(b), 'f', 2, 64)
}

// match returns the labelled site a finding stands at, preferring a defect
// of the finding's rule.
func match(sites []site, f finding) *site {
	var best *site
	for i := range sites {
		s := &sites[i]
		if !near(s, f) {
			continue
		}
		if s.Verdict == "defect" && s.Rule == f.Rule {
			return s
		}
		if best == nil {
			best = s
		}
	}
	return best
}

func near(s *site, f finding) bool {
	slack := s.Slack
	if slack == 0 {
		slack = 3
	}
	for _, at := range s.At {
		file, line := splitAt(at)
		for _, p := range f.Places {
			if p.File != file {
				continue
			}
			// line 0 in a label: anywhere in the file.
			if line == 0 || abs(p.Line-line) <= slack {
				return true
			}
		}
	}
	return false
}

func splitAt(at string) (string, int) {
	i := strings.LastIndexByte(at, ':')
	if i < 0 {
		return at, 0
	}
	n, err := strconv.Atoi(at[i+1:])
	if err != nil {
		return at, 0
	}
	return at[:i], n
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func parse(data []byte, driver string) ([]finding, []string, error) {
	if driver == "vet" {
		fs, err := parseVet(data)
		return fs, nil, err
	}
	var rep struct {
		Findings []struct {
			Rule     string `json:"rule"`
			Severity string `json:"severity"`
			File     string `json:"file"`
			Line     int    `json:"line"`
			Message  string `json:"message"`
			Related  []struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"related"`
		} `json:"findings"`
		Errors []struct {
			File    string `json:"file"`
			Line    int    `json:"line"`
			Message string `json:"message"`
		} `json:"errors"`
	}
	if err := json.Unmarshal(data, &rep); err != nil {
		return nil, nil, err
	}
	var errs []string
	for _, e := range rep.Errors {
		errs = append(errs, fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Message))
	}
	var fs []finding
	for _, f := range rep.Findings {
		x := finding{Rule: f.Rule, Severity: f.Severity, Message: f.Message, Places: []place{{f.File, f.Line}}}
		for _, r := range f.Related {
			x.Places = append(x.Places, place{r.File, r.Line})
		}
		fs = append(fs, x)
	}
	return fs, errs, nil
}

// parseVet reads go vet -json output: per package {"pkg": {"analyzer":
// [diagnostics]}}, with "# pkg" headers and go command notes between them.
// Positions are absolute; run.sh rewrites the checkout prefix to "./".
func parseVet(data []byte) ([]finding, error) {
	type diag struct {
		Posn     string `json:"posn"`
		Category string `json:"category"`
		Message  string `json:"message"`
		Related  []struct {
			Posn string `json:"posn"`
		} `json:"related"`
	}
	values, err := vetjson.Values(bytes.NewReader(data))
	if err != nil {
		return nil, err
	}
	var fs []finding
	for _, raw := range values {
		var tree map[string]map[string]json.RawMessage
		if err := json.Unmarshal(raw, &tree); err != nil {
			return nil, err
		}
		for _, byAnalyzer := range tree {
			for _, raw := range byAnalyzer {
				var ds []diag
				if json.Unmarshal(raw, &ds) != nil {
					continue // an analyzer error, not diagnostics
				}
				for _, d := range ds {
					sev := "warning"
					if strings.Contains(d.Message, "(info)") {
						sev = "info"
					}
					x := finding{Rule: d.Category, Severity: sev, Message: d.Message, Places: []place{vetPlace(d.Posn)}}
					for _, r := range d.Related {
						x.Places = append(x.Places, vetPlace(r.Posn))
					}
					fs = append(fs, x)
				}
			}
		}
	}
	return fs, nil
}

func vetPlace(posn string) place {
	// file:line:col
	parts := strings.Split(posn, ":")
	if len(parts) < 3 {
		return place{File: posn}
	}
	line, _ := strconv.Atoi(parts[len(parts)-2])
	file := strings.Join(parts[:len(parts)-2], ":")
	return place{File: strings.TrimPrefix(file, "./"), Line: line}
}
