-- Accounts, sessions and the access log.
--
-- Passwords are stored only as Argon2id hashes; session tokens only as SHA-256 hashes, so a
-- copy of the database does not let anyone sign in. E-mail addresses are stored lower-case.
CREATE TABLE accounts (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('professional', 'patient', 'carer')),
    organisation_id TEXT REFERENCES organisations (id),
    password_hash TEXT,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);

CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    last_seen_at TEXT NOT NULL
);
CREATE INDEX sessions_by_account ON sessions (account_id);

-- NEN 7513 fields: who (account, role, organisation), whose data (patient), what (action,
-- object), when, and the outcome. Rows are only ever added.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    at TEXT NOT NULL,
    actor_account_id BIGINT,
    actor_role TEXT,
    organisation_id TEXT,
    patient_account_id BIGINT,
    action TEXT NOT NULL,
    object TEXT,
    outcome TEXT NOT NULL CHECK (outcome IN ('success', 'refused')),
    reason TEXT
);
CREATE INDEX audit_log_by_patient ON audit_log (patient_account_id, at);
