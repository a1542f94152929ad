package ui

// Store is what the app asks of the database: each screen's and use case's
// own small interface, declared beside it (logData beside the log screen,
// rightsData beside the rights use cases), and nothing more. No screen holds
// a transaction: a save of several steps is one store method, all or
// nothing. *store.Store satisfies it (ui/cli wires it in); a screen test can
// stand a fake of that screen's interface in for it.
type Store interface {
	writeWaiter
	listData
	contactData
	composeData
	basisData
	editData
	historyData
	mergeData
	optOutData
	accessData
	rightsData
	deadlinesData
	inboxData
	assignData
	logData
	teamData
	importData
	toEraseData
}
