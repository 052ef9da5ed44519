package store

// SetTextWalkBudget lowers the read model's text-search walk for a test,
// so both of its plans (the walk and the trigram index) are exercised on
// small data; it returns the function that restores it.
func SetTextWalkBudget(n int) (restore func()) {
	old := textWalkBudget
	textWalkBudget = n
	return func() { textWalkBudget = old }
}
