-- Home measurements, append only. A correction or a withdrawal is a new row naming the row it
-- replaces; the original stays. Readings belong to the patient record; the request they were
-- entered for is kept. `reading_id` comes from the entry form (a random key), so a form sent
-- twice stores one reading.
CREATE TABLE readings (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    reading_id TEXT NOT NULL,
    request_id BIGINT REFERENCES requests (id),
    kind TEXT NOT NULL,
    value TEXT NOT NULL,
    measured_at TEXT NOT NULL,
    entered_at TEXT NOT NULL,
    entered_by TEXT NOT NULL CHECK (entered_by IN ('patient', 'carer', 'professional')),
    entered_by_account BIGINT REFERENCES accounts (id),
    entered_via TEXT NOT NULL CHECK (entered_via IN ('link', 'account', 'visit')),
    status TEXT NOT NULL CHECK (status IN ('final', 'corrected', 'entered-in-error')),
    replaces TEXT,
    reason TEXT,
    UNIQUE (patient_id, reading_id),
    -- A version is replaced at most once, also when two corrections race.
    UNIQUE (patient_id, replaces)
);
CREATE INDEX readings_by_request ON readings (request_id, id);
CREATE INDEX readings_by_patient ON readings (patient_id, kind, id);
