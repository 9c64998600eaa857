package cli

import (
	"fmt"
	"runtime/debug"
	"sort"

	"github.com/spf13/cobra"

	"github.com/cachevet/cachevet/rules"
)

// version is cachevet's release version.
const version = "0.1.0"

// newVersionCmd builds `cachevet version`.
func newVersionCmd(io *streams) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and model catalog date",
		Args:  cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			fmt.Fprintf(io.Out, "cachevet %s (commit %s, model catalog %s)\n", version, commit(), rules.Builtin().Date)
			return nil
		},
	}
}

// commit is the VCS revision the binary was built from, when Go recorded it.
func commit() string {
	info, ok := debug.ReadBuildInfo()
	if !ok {
		return "unknown"
	}
	rev, dirty := "unknown", ""
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
			if len(rev) > 12 {
				rev = rev[:12]
			}
		case "vcs.modified":
			if s.Value == "true" {
				dirty = "+dirty"
			}
		}
	}
	if rev == "unknown" && info.Main.Version != "" && info.Main.Version != "(devel)" {
		return info.Main.Version
	}
	return rev + dirty
}

func sortStrings(s []string) { sort.Strings(s) }
