// Package callback sends through a wrapper chosen as a method value and
// called by a retry loop: the wrapper's request is judged with what the
// loop passes, and the loop's with what its caller passes.
package callback

import (
	"context"
	"time"
)

// Message is one turn.
type Message struct {
	Role    string
	Content string
}

// Model answers a conversation.
type Model interface {
	Complete(ctx context.Context, msgs []Message) (string, error)
}

type sendFunc func(ctx context.Context, msgs []Message) error

// Bot answers in a chat room.
type Bot struct{ m Model }

func (b *Bot) viaModel(ctx context.Context, msgs []Message) error {
	_, err := b.m.Complete(ctx, msgs)
	return err
}

func (b *Bot) choose() sendFunc { return b.viaModel }

func (b *Bot) retry(ctx context.Context, msgs []Message, send sendFunc) error {
	var err error
	for range 3 {
		if err = send(ctx, msgs); err == nil {
			return nil
		}
	}
	return err
}

// Reply stamps the minute into the system message.
func (b *Bot) Reply(ctx context.Context, history []Message) error {
	system := "You answer questions about the room. The time is " + time.Now().Format("15:04") // want `time "time.Now" \(time.Now\) changes every request`
	msgs := append([]Message{{Role: "system", Content: system}}, history...)
	send := b.choose()
	return b.retry(ctx, msgs, send)
}
