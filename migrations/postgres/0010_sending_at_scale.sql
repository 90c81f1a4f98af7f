-- Sending to many patients at once, saved selections, and requests that repeat.

-- An organisation's saved selection: the patients of at least an age, optionally only those
-- who gave consent; the patients are found again each time it is used.
CREATE TABLE selections (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    name TEXT NOT NULL,
    min_age BIGINT NOT NULL,
    consent_only BIGINT NOT NULL DEFAULT 0,
    created_by BIGINT REFERENCES accounts (id),
    created_at TEXT NOT NULL,
    UNIQUE (organisation_id, name)
);

-- One request sent to a list: what, by when, to whom (in words), and per patient whether it
-- was sent (with the request) or skipped and why. The form's key makes a form sent twice one
-- batch.
CREATE TABLE batches (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    requested_by BIGINT REFERENCES accounts (id),
    form_key TEXT NOT NULL UNIQUE,
    what TEXT NOT NULL,
    due_on TEXT NOT NULL,
    selection TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE TABLE batch_outcomes (
    batch_id BIGINT NOT NULL REFERENCES batches (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    request_id BIGINT REFERENCES requests (id),
    outcome TEXT NOT NULL
        CHECK (outcome IN ('sent', 'no_email', 'no_consent', 'already_open', 'not_allowed')),
    PRIMARY KEY (batch_id, patient_id)
);

-- A request may repeat every so many months: the next one is made (and its mail sent) two
-- weeks before its due date, once, by whichever server instance gets there first.
ALTER TABLE requests ADD COLUMN repeat_months BIGINT;
ALTER TABLE requests ADD COLUMN successor_id BIGINT REFERENCES requests (id);
CREATE INDEX requests_repeating ON requests (due_on) WHERE repeat_months IS NOT NULL AND successor_id IS NULL;

-- At most one organisation manages a patient's care network.
CREATE UNIQUE INDEX care_network_one_manager ON care_network (patient_id) WHERE role = 'manager';
