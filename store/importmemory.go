package store

import (
	"fmt"
	"runtime/debug"
)

// importMemory answers an import's lookups while every contact held is one
// the import wrote itself (it began with no contacts): the contacts by
// address, profile and name, and the sources it gave them, kept as it
// writes them instead of read back by index (the indexes are set aside:
// lookupObjects). The chunks share its maps, so what one chunk changes (an
// address or profile added, an opt-out) the next finds, as it would in the
// database.
type importMemory struct {
	byKey     map[string]*heldContact
	byProfile map[int64]*heldContact
	byName    map[int64][]*heldContact
	sources   map[int64]*batchSource
	// deferred are the lookup indexes set aside.
	deferred []deferredObject
	// gcPercent is the garbage collector's setting before the import
	// raised it (importGCPercent).
	gcPercent int
}

// importGCPercent is the garbage collector's setting while an import keeps
// its contacts in memory: an import allocates a few hundred bytes a row
// that live until it ends, and collecting at 100% growth spent a tenth of
// its time; the memory this adds is bounded by maxMemoryContacts.
const importGCPercent = 400

// maxMemoryContacts is the most contacts an import keeps in memory (a few
// hundred bytes each): past them it makes the lookup indexes and reads
// from the database, whose memory is bounded by a few chunks.
const maxMemoryContacts = 64 * importLookup

// startMemory sets the lookup indexes aside and keeps the import's
// contacts in memory when the database holds no contacts (SQLite only).
func (im *importer) startMemory(text map[string]string) error {
	objs, err := im.t.deferObjects(text, lookupObjects)
	if err != nil || len(objs) == 0 {
		return err
	}
	im.mem = &importMemory{deferred: objs, gcPercent: debug.SetGCPercent(importGCPercent)}
	if im.mem.gcPercent < 0 || im.mem.gcPercent > importGCPercent {
		debug.SetGCPercent(im.mem.gcPercent) // collection off, or rarer already
	}
	return nil
}

// memoryLookup is the chunk's lookup from memory: every contact the import
// wrote, and no suppressed address but those suppressedAmong finds.
func (im *importer) memoryLookup(keys, hashes []string) (*chunkLookup, error) {
	m := im.mem
	if m.byKey == nil {
		// The first chunk makes the maps: the file's size says how many
		// rows to expect, so they are made that big at once rather than
		// grown row by row.
		n := min(im.expect, maxMemoryContacts)
		m.byKey, m.byProfile = make(map[string]*heldContact, n), make(map[int64]*heldContact, n)
		m.byName, m.sources = make(map[int64][]*heldContact, n), make(map[int64]*batchSource, n)
		if len(im.persons) == 0 {
			im.persons = make(map[int64]int64, n)
		}
	}
	lk := &chunkLookup{suppressed: map[string]bool{}, byKey: m.byKey, byProfile: m.byProfile, byName: m.byName,
		namesHeld: map[int64]bool{}, sources: m.sources}
	if len(hashes) > 0 && im.listed {
		if err := im.suppressedAmong(keys, hashes, lk.suppressed); err != nil {
			return nil, err
		}
	}
	return lk, nil
}

// endMemory makes the lookup indexes again: the import reads from the
// database from now on (too many contacts to keep, or the rows are in).
func (im *importer) endMemory() error {
	if im.mem == nil {
		return nil
	}
	objs := im.mem.deferred
	im.forgetMemory()
	return im.t.restoreObjects(objs)
}

// forgetMemory drops what the import kept in memory and gives the garbage
// collector its setting back.
func (im *importer) forgetMemory() {
	if im.mem == nil {
		return
	}
	if im.mem.gcPercent >= 0 && im.mem.gcPercent < importGCPercent {
		debug.SetGCPercent(im.mem.gcPercent)
	}
	im.mem = nil
}

// suppressionsHeld reports whether the suppression list may hold an
// address of the file: on SQLite, whether it holds anything at all (on
// PostgreSQL, always: a team's list is asked chunk by chunk).
func (t *Tx) suppressionsHeld(text map[string]string) (bool, error) {
	if t.s.Postgres() {
		return true, nil
	}
	var held bool
	if err := t.tx.QueryRowContext(t.ctx, text["import-suppressions-held"]).Scan(&held); err != nil {
		return false, fmt.Errorf("read the suppression list: %w", err)
	}
	return held, nil
}
