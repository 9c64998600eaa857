package basic

import "runtime"

// runtimeName is fixed per binary: stable.
const runtimeName = runtime.GOOS + "/" + runtime.GOARCH
