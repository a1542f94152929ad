package ui

import (
	"encoding/json"
	"fmt"
	"io"
)

// writeJSON writes v to w as indented JSON, the form every --json output
// takes.
func writeJSON(w io.Writer, v any) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	if err := enc.Encode(v); err != nil {
		return fmt.Errorf("write JSON: %w", err)
	}
	return nil
}
