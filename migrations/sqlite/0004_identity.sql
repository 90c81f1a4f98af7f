-- The identity model: patient records of their own, memberships with levels, organisation
-- types, care networks, worker leases, and an access log that names the patient record and
-- the client address.

-- What kind of organisation it is decides what its members may do (the capability matrix).
ALTER TABLE organisations ADD COLUMN kind TEXT NOT NULL DEFAULT 'hap'
    CHECK (kind IN ('hap', 'vvt', 'thuiszorg', 'netwerkpartner'));

-- Professionals belong to organisations through memberships; the column on accounts goes.
-- SQLite cannot drop a column that takes part in a foreign key, so the table is rebuilt.
-- Sessions reference accounts and end with the rebuild: everyone signs in again once.
CREATE TABLE membership_seed AS
    SELECT id AS account_id, organisation_id, created_at FROM accounts
    WHERE organisation_id IS NOT NULL;

CREATE TABLE accounts_rebuilt (
    id INTEGER PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    role TEXT NOT NULL CHECK (role IN ('professional', 'patient', 'carer')),
    password_hash TEXT,
    failed_attempts BIGINT NOT NULL DEFAULT 0,
    locked_until TEXT,
    created_at TEXT NOT NULL
);
INSERT INTO accounts_rebuilt
    (id, email, display_name, role, password_hash, failed_attempts, locked_until, created_at)
    SELECT id, email, display_name, role, password_hash, failed_attempts, locked_until, created_at
    FROM accounts;
DROP TABLE accounts;
ALTER TABLE accounts_rebuilt RENAME TO accounts;

-- Levels: HAP A, C, C+, E, B, B+, D; other organisations hoofdzorgverlener, zorgverlener.
-- A membership ends (ended_at) instead of being deleted, so past entries keep their author.
CREATE TABLE memberships (
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    level TEXT NOT NULL CHECK (level IN ('A', 'C', 'C+', 'E', 'B', 'B+', 'D',
                                         'hoofdzorgverlener', 'zorgverlener')),
    created_at TEXT NOT NULL,
    ended_at TEXT,
    PRIMARY KEY (account_id, organisation_id)
);
CREATE INDEX memberships_by_organisation ON memberships (organisation_id);
INSERT INTO memberships (account_id, organisation_id, level, created_at)
    SELECT account_id, organisation_id, 'C', created_at FROM membership_seed;
DROP TABLE membership_seed;

-- A patient is a record of its own: it can receive requests and answer through links
-- without an account; an account may be linked later. The BSN is optional and unique.
CREATE TABLE patients (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    email TEXT,
    bsn TEXT UNIQUE,
    consent TEXT NOT NULL DEFAULT 'unknown'
        CHECK (consent IN ('unknown', 'given', 'refused', 'withdrawn')),
    consent_at TEXT,
    account_id BIGINT UNIQUE REFERENCES accounts (id) ON DELETE SET NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX patients_by_email ON patients (email);

-- The organisations involved in a patient's care; one of them may manage the network.
CREATE TABLE care_network (
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    role TEXT NOT NULL DEFAULT 'member' CHECK (role IN ('member', 'manager')),
    created_at TEXT NOT NULL,
    PRIMARY KEY (patient_id, organisation_id)
);
CREATE INDEX care_network_by_organisation ON care_network (organisation_id);

-- The access log names the patient record and where the request came from. Rows written
-- before patient records existed keep the patient's account in patient_account_id; patient
-- ids are never reused, so a row never comes to name another patient.
ALTER TABLE audit_log ADD COLUMN patient_id BIGINT;
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
CREATE INDEX audit_log_by_patient_record ON audit_log (patient_id, at);

-- Periodic background work runs in one server instance at a time: an instance claims a job
-- by moving leased_until forward in one UPDATE that only succeeds once the lease has run out.
CREATE TABLE worker_leases (
    name TEXT PRIMARY KEY,
    holder TEXT,
    leased_until TEXT NOT NULL,
    last_run_at TEXT
);
