-- An invitation to an address that belongs to a patient or a professional gives nothing, but
-- it stays in the inviting patient's list as an invitation (with the typed name and address)
-- like any other, so the list never tells what kind of account an address has. Such a
-- mandate has no carer account (`carer_account_id` is NULL) and names the address in
-- `invited_email`; it can be revoked, it expires, and it never lets anyone act.
--
-- SQLite cannot drop a NOT NULL constraint: both tables are rebuilt (carer_reminders refers
-- to mandates), then renamed, which rewrites the reference to the new mandates table.
CREATE TABLE mandates_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    carer_account_id BIGINT REFERENCES accounts (id) ON DELETE CASCADE,
    invited_name TEXT,
    invited_email TEXT,
    scope TEXT NOT NULL,
    granted_by BIGINT NOT NULL REFERENCES accounts (id),
    granted_via TEXT NOT NULL CHECK (granted_via IN ('patient', 'professional')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by BIGINT REFERENCES accounts (id),
    CHECK ((carer_account_id IS NULL) = (invited_email IS NOT NULL))
);
INSERT INTO mandates_rebuilt (id, patient_id, carer_account_id, scope, granted_by, granted_via,
                              created_at, expires_at, revoked_at, revoked_by)
    SELECT id, patient_id, carer_account_id, scope, granted_by, granted_via, created_at,
           expires_at, revoked_at, revoked_by
    FROM mandates;

CREATE TABLE carer_reminders_rebuilt (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    mandate_id BIGINT NOT NULL REFERENCES mandates_rebuilt (id) ON DELETE CASCADE,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (request_id, mandate_id)
);
INSERT INTO carer_reminders_rebuilt (request_id, mandate_id, sent_at)
    SELECT request_id, mandate_id, sent_at FROM carer_reminders;

DROP TABLE carer_reminders;
DROP TABLE mandates;
ALTER TABLE mandates_rebuilt RENAME TO mandates;
ALTER TABLE carer_reminders_rebuilt RENAME TO carer_reminders;
CREATE INDEX mandates_by_carer ON mandates (carer_account_id, expires_at);
CREATE INDEX mandates_by_patient ON mandates (patient_id);
