// Package usecase holds the work that combines several steps below the user
// interface, so that the app's screens and its command line run the same
// code: erasing a person (database, outbox and mailbox), seeding the demo.
// The rules these steps follow live in contacts, notice and outreach; the
// store persists what they decide.
package usecase
