package bot

import (
	"context"
	"sync"
)

// dispatcher runs jobs keyed by chat: one chat's jobs one after another,
// in the order submitted, and different chats in parallel. A chat's
// goroutine exists only while it has work.
type dispatcher struct {
	mu     sync.Mutex
	queues map[int64][]*job
	wg     sync.WaitGroup
}

type job struct {
	ctx  context.Context
	fn   func(context.Context) error
	done chan error
}

func newDispatcher() *dispatcher { return &dispatcher{queues: map[int64][]*job{}} }

// submit queues fn for chat and returns where its result arrives.
func (d *dispatcher) submit(ctx context.Context, chat int64, fn func(context.Context) error) <-chan error {
	j := &job{ctx: ctx, fn: fn, done: make(chan error, 1)}
	d.mu.Lock()
	q, running := d.queues[chat]
	d.queues[chat] = append(q, j)
	if !running {
		d.wg.Add(1)
		go d.run(chat)
	}
	d.mu.Unlock()
	return j.done
}

// do runs fn in chat's queue and waits for it.
func (d *dispatcher) do(ctx context.Context, chat int64, fn func(context.Context) error) error {
	select {
	case err := <-d.submit(ctx, chat, fn):
		return err
	case <-ctx.Done():
		return ctx.Err()
	}
}

func (d *dispatcher) run(chat int64) {
	defer d.wg.Done()
	for {
		d.mu.Lock()
		q := d.queues[chat]
		if len(q) == 0 {
			delete(d.queues, chat)
			d.mu.Unlock()
			return
		}
		j := q[0]
		d.mu.Unlock()

		var err error
		if err = j.ctx.Err(); err == nil {
			err = j.fn(j.ctx)
		}
		j.done <- err

		d.mu.Lock()
		d.queues[chat] = d.queues[chat][1:]
		d.mu.Unlock()
	}
}

// wait blocks until every queued job has run.
func (d *dispatcher) wait() { d.wg.Wait() }
