-- A questionnaire filled in together with the patient at a visit: a short-lived link made
-- for the professional there (via = 'visit', naming them), and a response entered by them
-- (entered_via = 'visit'). SQLite cannot change a CHECK, so both tables are rebuilt; nothing
-- refers to them.
CREATE TABLE link_tokens_rebuilt (
    token_hash TEXT PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    via TEXT NOT NULL DEFAULT 'mail' CHECK (via IN ('mail', 'account', 'visit')),
    entered_by_account BIGINT REFERENCES accounts (id),
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
INSERT INTO link_tokens_rebuilt (token_hash, request_id, via, expires_at, created_at)
    SELECT token_hash, request_id, via, expires_at, created_at FROM link_tokens;
DROP TABLE link_tokens;
ALTER TABLE link_tokens_rebuilt RENAME TO link_tokens;
CREATE INDEX link_tokens_by_request ON link_tokens (request_id);

CREATE TABLE responses_rebuilt (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    instrument_id TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    scores TEXT NOT NULL,
    entered_by TEXT NOT NULL CHECK (entered_by IN ('patient', 'carer', 'professional')),
    entered_by_account BIGINT REFERENCES accounts (id),
    entered_via TEXT NOT NULL CHECK (entered_via IN ('link', 'account', 'visit')),
    submitted_at TEXT NOT NULL
);
INSERT INTO responses_rebuilt (id, request_id, patient_id, instrument_id, instrument_version,
                               answers, scores, entered_by, entered_by_account, entered_via,
                               submitted_at)
    SELECT id, request_id, patient_id, instrument_id, instrument_version, answers, scores,
           entered_by, entered_by_account, entered_via, submitted_at
    FROM responses;
DROP TABLE responses;
ALTER TABLE responses_rebuilt RENAME TO responses;
CREATE INDEX responses_by_patient ON responses (patient_id, submitted_at);
