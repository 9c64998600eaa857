package agent

func params() {
	system := []block{{Text: longInstructions, CacheControl: oneHour()}}
	_ = system
}
