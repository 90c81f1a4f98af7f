-- Carers (mantelzorgers) act for a patient under a mandate the patient gives (or a
-- professional records after a conversation with the patient). A mandate names what the
-- carer may do (`scope`: a comma-separated set of questionnaires, measurements, results),
-- runs until `expires_at` and ends at once when revoked. It is never deleted, so entries made
-- under it keep saying who made them.
CREATE TABLE mandates (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id BIGINT NOT NULL REFERENCES patients (id) ON DELETE CASCADE,
    carer_account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    granted_by BIGINT NOT NULL REFERENCES accounts (id),
    granted_via TEXT NOT NULL CHECK (granted_via IN ('patient', 'professional')),
    created_at TEXT NOT NULL,
    expires_at TEXT NOT NULL,
    revoked_at TEXT,
    revoked_by BIGINT REFERENCES accounts (id)
);
CREATE INDEX mandates_by_carer ON mandates (carer_account_id, expires_at);
CREATE INDEX mandates_by_patient ON mandates (patient_id);

-- The patient a carer's session acts for (a carer may act for several); checked against a
-- live mandate on every request.
ALTER TABLE sessions ADD COLUMN acting_for BIGINT;
