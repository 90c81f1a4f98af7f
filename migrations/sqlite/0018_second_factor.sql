-- The second step of signing in: a time-based one-time code (TOTP, RFC 6238) from an app.
-- `secret` is the shared key in base32, needed to check codes (so it cannot be hashed);
-- `created_at` is when it was turned on; `last_step` is the 30-second step of the last code
-- accepted, so a code is never accepted twice.
CREATE TABLE second_factors (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL,
    last_step BIGINT NOT NULL DEFAULT 0
);

-- Secrets being set up, one for each session or waiting sign-in that asked (`holder_hash`:
-- its token's SHA-256): only that one is shown the secret and may turn it on with its first
-- code, so nobody who knows only the password plants a secret for the owner to scan. Removed
-- when the second step is turned on, and after a day.
CREATE TABLE second_factor_setups (
    holder_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- Recovery codes for when the app is lost: only their SHA-256 is kept; each works once.
CREATE TABLE recovery_codes (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    used_at TEXT,
    PRIMARY KEY (account_id, code_hash)
);

-- A sign-in whose password was right and that waits for its code ('code') or, for a
-- professional without a second step yet, for setting one up ('enrol'). Only the token's
-- SHA-256 is kept; it lives a few minutes. `throttle_key` is where wrong codes are counted
-- (the address's or the known device's count of wrong passwords); `device_hash` a known
-- device the sign-in came from.
CREATE TABLE pending_sign_ins (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    stage TEXT NOT NULL CHECK (stage IN ('code', 'enrol')),
    throttle_key TEXT NOT NULL,
    device_hash TEXT,
    next_path TEXT NOT NULL,
    client_address TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX pending_sign_ins_account ON pending_sign_ins (account_id);
