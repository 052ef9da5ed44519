package sla

import "time"

// Add returns the instant at which d of working time has elapsed after
// start. Time outside shifts does not count, so a start at night or on a
// holiday begins counting at the next shift. A deadline that uses up a
// shift exactly ends at that shift's end (11:30), not at the next start.
// d <= 0 returns start unchanged: nothing has to elapse.
//
// The loop walks whole days, a few comparisons per shift, so 200 working
// hours (about six weeks) cost some forty iterations. If no working time
// turns up for ten years (impossible with weekdays working unless listed as
// holidays, but a calendar could list thousands), Add gives up and returns
// that point, more than ten years ahead: such a deadline never comes due
// in practice.
func (c *Calendar) Add(start time.Time, d time.Duration) time.Time {
	if d <= 0 {
		return start
	}
	remaining := d
	today := dayOf(start, c.loc)
	for idle := 0; idle <= maxIdleDays; today++ {
		if !c.isWorkingDay(today) {
			idle++
			continue
		}
		y, m, dd := today.date()
		counted := false
		for _, s := range c.shifts {
			from, to := c.bounds(y, m, dd, s)
			if !to.After(start) {
				continue // the shift is over before start
			}
			if from.Before(start) {
				from = start
			}
			avail := to.Sub(from)
			if avail <= 0 {
				continue
			}
			counted = true
			if remaining <= avail {
				return from.Add(remaining)
			}
			remaining -= avail
		}
		if counted {
			idle = 0
		} else {
			idle++
		}
	}
	y, m, dd := today.date()
	return time.Date(y, m, dd, 0, 0, 0, 0, c.loc)
}

// Between returns the working time from a to b, 0 when b is not after a.
// It is the inverse of Add: Between(a, Add(a, d)) == d for every d >= 0.
// The loop is bounded by the number of days between a and b.
func (c *Calendar) Between(a, b time.Time) time.Duration {
	if !b.After(a) {
		return 0
	}
	var total time.Duration
	last := dayOf(b, c.loc)
	for today := dayOf(a, c.loc); today <= last; today++ {
		if !c.isWorkingDay(today) {
			continue
		}
		y, m, dd := today.date()
		for _, s := range c.shifts {
			from, to := c.bounds(y, m, dd, s)
			if from.Before(a) {
				from = a
			}
			if to.After(b) {
				to = b
			}
			if to.After(from) {
				total += to.Sub(from)
			}
		}
	}
	return total
}
