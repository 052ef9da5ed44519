package bot

// step is where a conversation stands.
type step string

// Steps. A report goes through them in reportSteps order, skipping those
// that do not apply to the draft.
const (
	stepIdle        step = ""
	stepAs          step = "as" // members of an organisation: personal or on its behalf
	stepCategory    step = "category"
	stepDescription step = "description"
	stepPeople      step = "people" // how many people an organisation's concern speaks for
	stepLocation    step = "location"
	stepWard        step = "ward" // no coordinates: which ward
	stepMeToo       step = "metoo"
	stepPhotos      step = "photos"
	stepConfirm     step = "confirm"
	stepInfo        step = "info" // answering an official's request for information
)

var reportSteps = []step{stepAs, stepCategory, stepDescription, stepPeople, stepLocation, stepWard, stepMeToo, stepPhotos, stepConfirm}

// applies reports whether the draft goes through step s.
func (d *draft) applies(s step) bool {
	switch s {
	case stepAs:
		return d.OrgID != ""
	case stepPeople:
		return d.AsOrg
	case stepWard:
		return d.Lat == nil
	case stepMeToo:
		return d.Lat != nil && len(d.Similar) > 0
	}
	return true
}

func stepIndex(s step) int {
	for i, x := range reportSteps {
		if x == s {
			return i
		}
	}
	return -1
}

// first is the first step of a new draft.
func (d *draft) first() step { return d.next(stepIdle) }

// next is the step after s (stepConfirm is last).
func (d *draft) next(s step) step {
	for _, x := range reportSteps[stepIndex(s)+1:] {
		if d.applies(x) {
			return x
		}
	}
	return stepConfirm
}

// prev is the step before s, stepIdle before the first.
func (d *draft) prev(s step) step {
	i := stepIndex(s)
	for j := i - 1; j >= 0; j-- {
		if d.applies(reportSteps[j]) {
			return reportSteps[j]
		}
	}
	return stepIdle
}

// inDraft reports whether s is a step of writing a report.
func inDraft(s step) bool { return stepIndex(s) >= 0 }
