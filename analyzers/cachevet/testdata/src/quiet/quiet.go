// Package quiet holds code that must stay silent: lessons from a Python
// peer's false positives. Nothing here sends a prompt to a model, or what
// it sends caches as well as it can.
package quiet

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"html/template"
	"net/http"
	"os"
	"time"

	"quiet/smsapi"
)

// notify sends a text message through an SMS API whose client looks like
// an LLM SDK's (client.Messages.Create): no model reads it.
func notify(ctx context.Context, to, code string) error {
	client := smsapi.NewClient()
	return client.Messages.Create(ctx, smsapi.MessageCreateParams{
		To:   to,
		From: "Acme",
		Body: "Your code is " + code + ", sent " + time.Now().Format(time.RFC3339) + ". " + policies,
	})
}

// notifyAll sends a batch whose members are called messages and system.
func notifyAll(ctx context.Context, to []string) error {
	client := smsapi.NewClient()
	var batch smsapi.BatchParams
	batch.System = "acme-notifier " + time.Now().Format(time.RFC3339)
	for _, t := range to {
		batch.Messages = append(batch.Messages, smsapi.MessageCreateParams{To: t, Body: policies})
	}
	return client.Messages.CreateBatch(ctx, batch)
}

// ask reads a line after a prompt on the terminal; the page template's
// data is called context. Neither reaches a model.
func ask(name string) (string, error) {
	prompt := fmt.Sprintf("[%s] %s, enter your password: ", time.Now().Format(time.Kitchen), name)
	fmt.Fprint(os.Stdout, prompt)
	var line string
	_, err := fmt.Fscanln(os.Stdin, &line)
	return line, err
}

var page = template.Must(template.New("page").Parse(`<p>{{ .now }}: {{ .policies }}</p>`))

func render(w http.ResponseWriter) error {
	context := map[string]any{"now": time.Now().String(), "policies": policies}
	return page.Execute(w, context)
}

// status posts a literal marshalled with encoding/json to a webhook: it
// is no request body of any provider.
func status(ctx context.Context, url string) error {
	body, err := json.Marshal(map[string]any{
		"text":     "deploy finished at " + time.Now().Format(time.RFC3339),
		"blocks":   []map[string]any{{"type": "section", "text": policies}},
		"username": "deploy-bot",
	})
	if err != nil {
		return err
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, url, bytes.NewReader(body))
	if err != nil {
		return err
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		return err
	}
	return resp.Body.Close()
}

// event marshals a struct literal for a log line.
func event(kind string) ([]byte, error) {
	return json.Marshal(struct {
		Kind    string    `json:"kind"`
		At      time.Time `json:"at"`
		Context string    `json:"context"`
		Prompt  string    `json:"prompt"`
	}{kind, time.Now(), policies, "continue?"})
}
