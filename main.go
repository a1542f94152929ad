// Command legit is a terminal app for B2B sales reps who email people in the
// EU one at a time: every contact carries its source and lawful basis, every
// email carries the privacy notice and is logged, and opt-outs stick. The
// commands live in legit/ui/cli; main only wires the signals to them.
package main

import (
	"context"
	"os"
	"os/signal"
	"syscall"

	"legit/ui/cli"
)

func main() {
	// Closing the terminal (SIGHUP) or a kill (SIGTERM) ends legit the way
	// ctrl+c does: an import rolls back, the demo deletes its database.
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGHUP, syscall.SIGTERM)
	code := cli.Main(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}
