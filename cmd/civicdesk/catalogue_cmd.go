package main

import (
	"fmt"
	"io"

	"github.com/civicdesk/civicdesk/catalogue"
	"github.com/civicdesk/civicdesk/models"
)

// catalogueCmd validates a catalogue file: "civicdesk catalogue check FILE".
func catalogueCmd(args []string, stdout io.Writer) error {
	if len(args) != 2 || args[0] != "check" {
		return fmt.Errorf("usage: civicdesk catalogue check FILE")
	}
	c, err := catalogue.Load(args[1])
	if err != nil {
		return fmt.Errorf("%s", models.ErrorMessageOf(err))
	}
	fmt.Fprintf(stdout, "%s is valid: %d wards, %d departments, %d categories, %d rules, %d holidays\n",
		args[1], len(c.Wards), len(c.Departments), len(c.Categories), len(c.Rules), len(c.Calendar.Holidays))
	return nil
}
