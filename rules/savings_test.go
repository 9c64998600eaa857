package rules

import (
	"math"
	"testing"
)

func TestEstimate(t *testing.T) {
	c := Builtin()
	tests := []struct {
		name     string
		model    string
		ttl      string
		rpm      float64
		tokens   int
		wantT    int
		wantH    float64
		wantReq  float64 // USD per request, hand-computed
		wantDay  float64
		wantTTFT float64
	}{
		{
			// The contract's example: h = 1-e^-5 = 0.993262;
			// s = 3412·3e-6·(1 − 0.993262·0.1 − 0.006738·1.25) = 0.009133
			name: "anthropic 5m", model: "claude-sonnet-4-5", ttl: "5m", rpm: 1, tokens: 3412,
			wantT: 3412, wantH: 0.9933, wantReq: 0.009133, wantDay: 13.15, wantTTFT: 308,
		},
		{
			// h = 1-e^-60 ≈ 1; s = 3412·3e-6·(1 − 0.1) = 0.0092124
			name: "anthropic 1h", model: "claude-sonnet-4-5", ttl: "1h", rpm: 1, tokens: 3412,
			wantT: 3412, wantH: 1, wantReq: 0.009212, wantDay: 13.27, wantTTFT: 310,
		},
		{
			// Fable 5.1 reads at 0.025×: s = 2000·10e-6·(1 − 0.993262·0.025 − 0.006738·1.25) = 0.019335
			name: "read multiplier below 0.1", model: "claude-fable-5-1", ttl: "5m", rpm: 1, tokens: 2000,
			wantT: 2000, wantH: 0.9933, wantReq: 0.019335, wantDay: 27.84, wantTTFT: 181,
		},
		{
			// gpt-5: 128-token steps (2000 → 1920), no write premium, TTL 24h ≈ 30 min:
			// h = 1-e^-30 ≈ 1; s = 1920·1.25e-6·(1 − 0.1) = 0.00216
			name: "openai before 5.6", model: "gpt-5", ttl: "", rpm: 1, tokens: 2000,
			wantT: 1920, wantH: 1, wantReq: 0.00216, wantDay: 3.11, wantTTFT: 175,
		},
		{
			// One request every 100 minutes with a 5m TTL: h = 1-e^-0.05 = 0.048771;
			// s = 5000·3e-6·(1 − 0.048771·0.1 − 0.951229·1.25) = −0.002909
			name: "low traffic is negative", model: "claude-sonnet-4-5", ttl: "5m", rpm: 0.01, tokens: 5000,
			wantT: 5000, wantH: 0.0488, wantReq: -0.002909, wantDay: -0.04, wantTTFT: 22,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := c.Lookup(tt.model)
			if err != nil {
				t.Fatal(err)
			}
			ttl, err := p.TTL(tt.ttl)
			if err != nil {
				t.Fatal(err)
			}
			s := Estimate(p, ttl, Traffic{RPM: tt.rpm}, tt.tokens, false)
			if s.Tokens != tt.wantT {
				t.Errorf("tokens = %d, want %d", s.Tokens, tt.wantT)
			}
			if s.HitRate != tt.wantH {
				t.Errorf("hit rate = %v, want %v", s.HitRate, tt.wantH)
			}
			if math.Abs(s.USDPerRequest-tt.wantReq) > 1.5e-6 {
				t.Errorf("usd/request = %v, want %v", s.USDPerRequest, tt.wantReq)
			}
			if s.USDPerDay != tt.wantDay {
				t.Errorf("usd/day = %v, want %v", s.USDPerDay, tt.wantDay)
			}
			if s.TTFTms != tt.wantTTFT {
				t.Errorf("ttft = %v ms, want %v", s.TTFTms, tt.wantTTFT)
			}
		})
	}
}

func TestEstimateUnknownPrice(t *testing.T) {
	p, _ := Builtin().Lookup("gemini-4-argon")
	ttl, _ := p.TTL("")
	s := Estimate(p, ttl, Traffic{RPM: 1}, 5000, true)
	if s.USDPerDay != 0 || s.Assumptions.PriceKnown {
		t.Errorf("unknown price gave %+v", s)
	}
	if s.TTFTms == 0 {
		t.Error("latency should still be estimated without a price")
	}
}
