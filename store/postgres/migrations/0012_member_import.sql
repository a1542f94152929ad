-- 0012: an import by a team member (a rep, a lead, the DPO), who cannot
-- read the suppression key, sees only the contacts the policies of 0006
-- allow, and may not move the contacts' id sequence.
--   * The new contacts' ids come from the identity sequence (nextval, in
--     blocks): earlier imports chose MAX(id) + 1 and moved the sequence
--     after them (setval, which needs the sequence's owner). The sequence
--     goes past the largest id once, here.
--   * legit_import_keys: the keys an import looks rows up by, hashed on the
--     server with the key no member reads: the address hash of the
--     suppression list and the 64-bit name and profile keys, the same bytes
--     Go computes (store.importKeyer) for the owner.
--   * legit_import_check: which of these addresses are on the organisation's
--     suppression list, or on a list a rep's database brought when it
--     joined: the answer for those addresses only, never the list.
--   * legit_import_owners: which contacts hold these addresses, profile keys
--     or name keys, and whose they are (the owner's name), with only what
--     the import decides by: whether the contact has an address, a profile,
--     and whether it still may be written to. Never the colleague's data.

DO $$
DECLARE
    seq text := pg_get_serial_sequence('contacts', 'id');
    top bigint;
BEGIN
    SELECT MAX(id) INTO top FROM contacts;
    IF top IS NOT NULL AND top > COALESCE(pg_sequence_last_value(seq::regclass), 0) THEN
        PERFORM setval(seq, top);
    END IF;
END $$;

-- HMAC-SHA-256's inner and outer padded keys, worked out once per call of
-- the functions below instead of once per address (legit_hmac).
CREATE FUNCTION legit_hmac_pads(key bytea, OUT ipad bytea, OUT opad bytea) LANGUAGE plpgsql IMMUTABLE STRICT AS $$
DECLARE
    k bytea := key;
BEGIN
    IF length(k) > 64 THEN
        k := sha256(k);
    END IF;
    k := k || decode(repeat('00', 64 - length(k)), 'hex');
    ipad := k;
    opad := k;
    FOR i IN 0..63 LOOP
        ipad := set_byte(ipad, i, get_byte(k, i) # 54);
        opad := set_byte(opad, i, get_byte(k, i) # 92);
    END LOOP;
END $$;

-- A 64-bit key from a MAC: its first 8 bytes, big-endian, signed; never 0,
-- which means no key (store.importKeyer.key64).
CREATE FUNCTION legit_key64(mac bytea) RETURNS bigint LANGUAGE sql IMMUTABLE STRICT AS $$
    SELECT CASE WHEN v = 0 THEN 1 ELSE v END
    FROM (SELECT ('x' || encode(substr(mac, 1, 8), 'hex'))::bit(64)::bigint AS v) k
$$;

-- The keys of one chunk of a file: for each address (its match key) the
-- suppression hash, for each name key (the bytes of contacts.NameKey: name
-- and company apart by a zero byte) and profile address its 64-bit key; ord
-- is the position in the array asked.
CREATE FUNCTION legit_import_keys(p_addresses text[], p_names bytea[], p_profiles bytea[])
RETURNS TABLE (kind text, ord bigint, hash text, key bigint)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    WITH p AS (SELECT h.ipad, h.opad FROM meta m CROSS JOIN LATERAL legit_hmac_pads(m.value) h
               WHERE m.key = 'suppression_key')
    SELECT 'address', u.i, encode(sha256(p.opad || sha256(p.ipad || convert_to(u.v, 'UTF8'))), 'hex'), NULL::bigint
    FROM p, unnest(p_addresses) WITH ORDINALITY AS u(v, i)
    UNION ALL
    SELECT 'name', u.i, NULL,
        legit_key64(sha256(p.opad || sha256(p.ipad || convert_to('name', 'UTF8') || '\x00'::bytea || u.v)))
    FROM p, unnest(p_names) WITH ORDINALITY AS u(v, i)
    UNION ALL
    SELECT 'profile', u.i, NULL,
        legit_key64(sha256(p.opad || sha256(p.ipad || convert_to('profile', 'UTF8') || '\x00'::bytea || u.v)))
    FROM p, unnest(p_profiles) WITH ORDINALITY AS u(v, i)
$$;

-- Which of the addresses (match keys) may not be imported: on the
-- organisation's suppression list, or on a list a rep's database brought
-- when it joined the team (hashed under that database's key).
CREATE FUNCTION legit_import_check(p_addresses text[]) RETURNS SETOF text
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    WITH p AS (SELECT h.ipad, h.opad FROM meta m CROSS JOIN LATERAL legit_hmac_pads(m.value) h
               WHERE m.key = 'suppression_key'),
    a AS (SELECT DISTINCT u.v FROM unnest(p_addresses) AS u(v))
    SELECT a.v FROM a, p
    WHERE EXISTS (SELECT 1 FROM suppressions s
                  WHERE s.hash = encode(sha256(p.opad || sha256(p.ipad || convert_to(a.v, 'UTF8'))), 'hex'))
    UNION
    SELECT a.v FROM a, joined_keys j CROSS JOIN LATERAL legit_hmac_pads(j.key) jp
    WHERE EXISTS (SELECT 1 FROM joined_suppressions s
                  WHERE s.hash = encode(sha256(jp.opad || sha256(jp.ipad || convert_to(a.v, 'UTF8'))), 'hex'))
$$;

-- The contacts that hold any of these addresses (match keys), profile keys
-- or name keys, the caller's own and their colleagues' alike: the key that
-- found each, its id, its owner's name, whether it has an address and a
-- profile, and whether it opted out, objected or bounced.
CREATE FUNCTION legit_import_owners(p_addresses text[], p_profiles bigint[], p_names bigint[])
RETURNS TABLE (kind text, key text, contact_id bigint, owner_name text, has_address boolean, has_profile boolean,
    inactive boolean)
LANGUAGE sql STABLE SECURITY DEFINER AS $$
    SELECT 'address', c.email_key, c.id, COALESCE(r.name, ''), true, c.profile_key IS NOT NULL, c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_addresses) AS u(v)) k
    JOIN contacts c ON c.email_key = k.v LEFT JOIN reps r ON r.id = c.owner_id
    UNION ALL
    SELECT 'profile', c.profile_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, true, c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_profiles) AS u(v)) k
    JOIN contacts c ON c.profile_key = k.v LEFT JOIN reps r ON r.id = c.owner_id
    UNION ALL
    SELECT 'name', c.name_key::text, c.id, COALESCE(r.name, ''), c.email IS NOT NULL, c.profile_key IS NOT NULL,
        c.status <> 'active'
    FROM (SELECT DISTINCT v FROM unnest(p_names) AS u(v)) k
    JOIN contacts c ON c.name_key = k.v LEFT JOIN reps r ON r.id = c.owner_id
$$;

DO $$
DECLARE
    f text;
    r text;
BEGIN
    FOREACH f IN ARRAY ARRAY['legit_import_keys(text[], bytea[], bytea[])', 'legit_import_check(text[])',
            'legit_import_owners(text[], bigint[], bigint[])'] LOOP
        EXECUTE format('ALTER FUNCTION %s SET search_path = %I, pg_catalog, pg_temp', f, current_schema());
        EXECUTE format('REVOKE ALL ON FUNCTION %s FROM PUBLIC', f);
        -- A database whose team was set up before this step: its members
        -- may call them now (team.sql grants them on a new team).
        FOREACH r IN ARRAY ARRAY['legit_rep', 'legit_lead', 'legit_dpo'] LOOP
            IF EXISTS (SELECT 1 FROM pg_roles WHERE rolname = r) THEN
                EXECUTE format('GRANT EXECUTE ON FUNCTION %s TO %I', f, r);
            END IF;
        END LOOP;
    END LOOP;
END $$;
