package requests

import (
	"bytes"
	"encoding/base64"
	"image"
	_ "image/gif" // registered for DecodeConfig
	_ "image/jpeg"
	_ "image/png"
	"math"
	"strings"
)

// imageSize reads the width and height of a base64-encoded PNG, JPEG or
// GIF from its header; ok is false for other formats or bad data.
func imageSize(b64 string) (w, h int, ok bool) {
	// Headers sit at the start; 64 KiB of decoded bytes covers JPEG files
	// with large EXIF blocks before the frame header.
	n := min(len(b64), 88<<10)
	n -= n % 4
	data, err := base64.StdEncoding.DecodeString(strings.TrimRight(b64[:n], "\n"))
	if err != nil {
		data, err = base64.RawStdEncoding.DecodeString(strings.TrimRight(b64[:n], "="))
		if err != nil {
			return 0, 0, false
		}
	}
	cfg, _, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || cfg.Width <= 0 || cfg.Height <= 0 {
		return 0, 0, false
	}
	return cfg.Width, cfg.Height, true
}

// dataURL splits "data:image/png;base64,AAAA" into its base64 payload.
func dataURL(url string) (string, bool) {
	if !strings.HasPrefix(url, "data:") {
		return "", false
	}
	i := strings.Index(url, ";base64,")
	if i < 0 {
		return "", false
	}
	return url[i+len(";base64,"):], true
}

// anthropicImageTokens follows Anthropic's vision guide: images are scaled
// to at most 1568 px on the long edge and about 1.15 megapixels, then cost
// width·height/750 tokens. 0 when the size cannot be read.
func anthropicImageTokens(b64 string) int {
	w, h, ok := imageSize(b64)
	if !ok {
		return 0
	}
	fw, fh := float64(w), float64(h)
	if long := math.Max(fw, fh); long > 1568 {
		fw, fh = fw*1568/long, fh*1568/long
	}
	if area := fw * fh; area > 1.15e6 {
		s := math.Sqrt(1.15e6 / area)
		fw, fh = fw*s, fh*s
	}
	return int(math.Ceil(fw * fh / 750))
}

// openAIImageTokens follows OpenAI's tile formula for GPT-4o-class models:
// detail "low" is 85 tokens; otherwise the image is fit in 2048×2048, its
// short side scaled to 768, and each 512 px tile costs 170 tokens plus a
// base of 85. 0 when the size cannot be read.
func openAIImageTokens(b64, detail string) int {
	if detail == "low" {
		return 85
	}
	w, h, ok := imageSize(b64)
	if !ok {
		return 0
	}
	fw, fh := float64(w), float64(h)
	if long := math.Max(fw, fh); long > 2048 {
		fw, fh = fw*2048/long, fh*2048/long
	}
	if short := math.Min(fw, fh); short > 768 {
		fw, fh = fw*768/short, fh*768/short
	}
	tiles := math.Ceil(fw/512) * math.Ceil(fh/512)
	return 85 + 170*int(tiles)
}
