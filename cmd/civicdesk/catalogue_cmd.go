package main

import (
	"fmt"
	"io"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
)

const catalogueUsage = `Usage: civicdesk catalogue check FILE

Validates a catalogue file (YAML or JSON: wards, departments, categories,
routing rules, deadlines and holidays) without touching any database, and
prints what it holds. Load it with "civicdesk serve --catalogue FILE" or
PUT /api/v1/catalogue. The built-in catalogue is catalogue/default.yaml.
`

// catalogueCmd validates a catalogue file: "civicdesk catalogue check FILE".
func catalogueCmd(args []string, stdout, stderr io.Writer) error {
	for _, a := range args {
		if isHelp(a) {
			fmt.Fprint(stdout, catalogueUsage)
			return nil
		}
	}
	if len(args) != 2 || args[0] != "check" {
		fmt.Fprint(stderr, catalogueUsage)
		return errUsage
	}
	c, err := catalogue.Load(args[1])
	if err != nil {
		return fmt.Errorf("%s", models.ErrorMessageOf(err))
	}
	fmt.Fprintf(stdout, "%s is valid: %d wards, %d departments, %d categories, %d rules, %d holidays\n",
		args[1], len(c.Wards), len(c.Departments), len(c.Categories), len(c.Rules), len(c.Calendar.Holidays))
	return nil
}
