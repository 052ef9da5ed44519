package keyed

import (
	"sync"
	"testing"
)

func TestSerializesPerKeyAndForgetsUnusedKeys(t *testing.T) {
	var k Mutex
	var wg sync.WaitGroup
	counts := map[string]int{}
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			key := []string{"a", "b"}[i%2]
			unlock := k.Lock(key)
			counts[key]++ // a data race here would mean the key is not serialized
			unlock()
		}(i)
	}
	wg.Wait()
	if counts["a"] != 100 || counts["b"] != 100 {
		t.Fatalf("counts %v", counts)
	}
	if len(k.locks) != 0 {
		t.Fatalf("%d mutexes kept after use", len(k.locks))
	}
}
