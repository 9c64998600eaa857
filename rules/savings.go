package rules

import "math"

// Traffic is what the savings model assumes about request arrivals.
type Traffic struct {
	// RPM is requests per minute that share the prefix (default 1).
	RPM float64
	// TTL overrides the cache lifetime; "" uses the breakpoint's or the
	// model's default.
	TTL string
}

// Assumptions are printed with every estimate.
type Assumptions struct {
	RequestsPerMinute float64 `json:"requests_per_minute"`
	TTL               string  `json:"ttl"`
	InputUSDPerMTok   float64 `json:"input_usd_per_mtok"`
	WriteMultiplier   float64 `json:"write_multiplier"`
	ReadMultiplier    float64 `json:"read_multiplier"`
	// Assumed lists the runtime segment kinds whose assumed sizes are part
	// of Tokens (contract: "assumptions.assumed").
	Assumed []string `json:"assumed,omitempty"`
	// AssumedSizes is the assumed size of one segment of each kind in
	// Assumed (config assume:), for the report's summary.
	AssumedSizes map[string]int `json:"assumed_sizes,omitempty"`
	// PriceKnown is false when the catalog has no price for the model: the
	// dollar figures are then zero.
	PriceKnown bool `json:"price_known"`
}

// Savings is what fixing a finding saves.
type Savings struct {
	Tokens int `json:"tokens"`
	// AssumedTokens is the part of Tokens that comes from assumed sizes of
	// runtime segments rather than counted text.
	AssumedTokens int `json:"assumed_tokens,omitempty"`
	// Approx marks counts made with o200k_base times a ratio (Claude, Gemini).
	Approx        bool        `json:"approx,omitempty"`
	HitRate       float64     `json:"hit_rate"`
	USDPerRequest float64     `json:"usd_per_request"`
	USDPerDay     float64     `json:"usd_per_day"`
	TTFTms        float64     `json:"ttft_ms"`
	Assumptions   Assumptions `json:"assumptions"`
}

// Estimate applies the contract's savings model to T tokens made cacheable
// on profile p with TTL ttl under the given traffic:
//
//	h = 1 − exp(−λ·τ)
//	s = T·p·(1 − h·r − (1 − h)·w)      per request, may be negative
//	per day = s·λ·1440
//	TTFT saved = h·T/v
//
// T is first rounded down to the model's hit granularity (128 for OpenAI
// models before GPT-5.6).
func Estimate(p *Profile, ttl TTL, tr Traffic, tokens int, approx bool) *Savings {
	rpm := tr.RPM
	if rpm <= 0 {
		rpm = 1
	}
	if g := int(p.Granularity.Value); g > 1 {
		tokens -= tokens % g
	}
	h := 1 - math.Exp(-rpm*ttl.Minutes)
	price := p.InputUSDPerMTok.Value / 1e6
	r := p.ReadMultiplier.Value
	w := ttl.Write.Value
	known := p.InputUSDPerMTok.Known && p.ReadMultiplier.Known && ttl.Write.Known
	s := &Savings{
		Tokens:  tokens,
		Approx:  approx,
		HitRate: round(h, 4),
		TTFTms:  math.Round(h * float64(tokens) / p.PrefillTPS.Value * 1000),
		Assumptions: Assumptions{
			RequestsPerMinute: rpm,
			TTL:               ttl.Name,
			InputUSDPerMTok:   p.InputUSDPerMTok.Value,
			WriteMultiplier:   w,
			ReadMultiplier:    r,
			PriceKnown:        known,
		},
	}
	if known {
		perReq := float64(tokens) * price * (1 - h*r - (1-h)*w)
		s.USDPerRequest = round(perReq, 6)
		s.USDPerDay = round(perReq*rpm*1440, 2)
	}
	return s
}

func round(x float64, digits int) float64 {
	m := math.Pow(10, float64(digits))
	v := math.Round(x*m) / m
	if v == 0 {
		return 0 // no "-0" in reports
	}
	return v
}
