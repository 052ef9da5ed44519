package keyed

import (
	"sync"
	"testing"
)

func TestSerializesPerKeyAndForgetsUnusedKeys(t *testing.T) {
	var k Mutex
	var wg sync.WaitGroup
	// One counter per key: under the race detector, an unserialized key
	// shows up as a data race; lost increments show in the counts.
	var counts [2]int
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			unlock := k.Lock([]string{"a", "b"}[i%2])
			counts[i%2]++
			unlock()
		}(i)
	}
	wg.Wait()
	if counts[0] != 100 || counts[1] != 100 {
		t.Fatalf("counts %v", counts)
	}
	if len(k.locks) != 0 {
		t.Fatalf("%d mutexes kept after use", len(k.locks))
	}
}
