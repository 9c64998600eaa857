module example.com/mixed

go 1.26

require github.com/anthropics/anthropic-sdk-go v1.84.0

// A stub of the SDK at its real import path keeps the fixture offline.
replace github.com/anthropics/anthropic-sdk-go => ./sdk
