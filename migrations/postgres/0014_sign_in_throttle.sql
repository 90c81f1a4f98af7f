-- Sign-in that holds against guessing. Failed attempts are counted per key instead of per
-- account: per normalised e-mail address (hashed, whether or not an account exists), per
-- client address, and per known device. An attempt is reserved (counted) before its
-- password is checked, and a key that failed too often waits a growing delay.
CREATE TABLE sign_in_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    -- Seconds since the Unix epoch: no attempt under this key is checked before then.
    blocked_until BIGINT,
    updated_at BIGINT NOT NULL
);

-- A browser where an account signed in before. It keeps a count of its own, so someone
-- guessing an address elsewhere cannot keep its owner out. Only the token's hash is kept.
CREATE TABLE known_devices (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_used_at TEXT NOT NULL
);
CREATE INDEX known_devices_by_account ON known_devices (account_id);

-- Sessions say where they started, for the person's own list of sessions.
ALTER TABLE sessions ADD COLUMN client_address TEXT;

-- The per-account counter and lock are replaced by the table above.
ALTER TABLE accounts DROP COLUMN failed_attempts;
ALTER TABLE accounts DROP COLUMN locked_until;
