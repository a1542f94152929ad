package store

// suppressionAsk is what an import asks the suppression list about one
// chunk: the rows' addresses and the domains they are at, since a domain
// on the list ("never email anyone at example.com", set by a lead)
// suppresses every address at it.
type suppressionAsk struct {
	keys, hashes []string            // addresses, then domains ("@example.com"), with their hashes
	byHash       map[string]string   // the key of each hash
	hashOf       map[string]string   // the hash of each key
	rowsAt       map[string][]string // a domain's key: the hashes of the rows' addresses at it
}

// askSuppression adds to the rows' match keys and hashes the domains of
// those addresses; hash is the list's keyed hash (nil where the server
// hashes: the domains' hashes are then left empty).
func askSuppression(keys, hashes []string, hash func(string) string) suppressionAsk {
	a := suppressionAsk{keys: append([]string(nil), keys...), hashes: append([]string(nil), hashes...),
		byHash: make(map[string]string, 2*len(keys)), hashOf: make(map[string]string, 2*len(keys)), rowsAt: map[string][]string{}}
	for i, k := range keys {
		a.byHash[hashes[i]], a.hashOf[k] = k, hashes[i]
		d := domainKey(k)
		if d == "" {
			continue
		}
		if _, ok := a.rowsAt[d]; !ok {
			h := ""
			if hash != nil {
				h = hash(d)
			}
			a.keys, a.hashes, a.byHash[h], a.hashOf[d] = append(a.keys, d), append(a.hashes, h), d, h
		}
		a.rowsAt[d] = append(a.rowsAt[d], hashes[i])
	}
	return a
}

// suppressed marks in into the hashes of the rows' addresses that the list
// holds key for: the address itself, or every address at a domain.
func (a suppressionAsk) suppressed(key string, into map[string]bool) {
	if rows, ok := a.rowsAt[key]; ok {
		for _, h := range rows {
			into[h] = true
		}
		return
	}
	if h, ok := a.hashOf[key]; ok {
		into[h] = true
	}
}
