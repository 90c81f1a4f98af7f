-- What professionals ask of patients, the links that open a request, and the mail outbox.

-- A request: a questionnaire (instrument and version) or a measurement protocol (as JSON),
-- by a due date, with its status (see app/src/requests/status.rs).
CREATE TABLE requests (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    requested_by BIGINT REFERENCES accounts (id),
    kind TEXT NOT NULL CHECK (kind IN ('questionnaire', 'protocol')),
    instrument_id TEXT,
    instrument_version TEXT,
    protocol TEXT,
    due_on TEXT NOT NULL,
    reminders BIGINT NOT NULL DEFAULT 0,
    status TEXT NOT NULL
        CHECK (status IN ('sent', 'opened', 'in_progress', 'completed', 'expired', 'cancelled')),
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
);
CREATE INDEX requests_by_patient ON requests (patient_id, created_at);
CREATE INDEX requests_by_organisation ON requests (organisation_id, status, due_on);

-- Links: only the SHA-256 of the token is stored. A token is made when its mail leaves the
-- outbox, so no usable link is ever at rest in the database.
-- A token is made for the mail (via = 'mail') or for a signed-in patient who opens the request
-- from their own page (via = 'account').
CREATE TABLE link_tokens (
    token_hash TEXT PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    via TEXT NOT NULL DEFAULT 'mail' CHECK (via IN ('mail', 'account')),
    expires_at TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX link_tokens_by_request ON link_tokens (request_id);

-- Mail waiting to be sent, written in the transaction of the change that causes it. A row
-- goes pending -> sending -> sent; a refusal by the mail server makes it failed; a row found
-- sending after its claim ran out (the server stopped mid-delivery) becomes unknown and is
-- never sent again, so nobody gets a mail twice.
CREATE TABLE outbox (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    recipient TEXT NOT NULL,
    subject TEXT NOT NULL,
    body_text TEXT NOT NULL,
    body_html TEXT NOT NULL,
    request_id BIGINT REFERENCES requests (id),
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'sending', 'sent', 'failed', 'unknown')),
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at TEXT NOT NULL,
    claimed_by TEXT,
    claimed_until TEXT,
    last_error TEXT,
    sent_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX outbox_due ON outbox (status, next_attempt_at);

-- Answers saved along the way (on every page), one draft per request: resumed from any
-- device through the link.
CREATE TABLE drafts (
    request_id BIGINT PRIMARY KEY REFERENCES requests (id) ON DELETE CASCADE,
    answers TEXT NOT NULL,
    page BIGINT NOT NULL DEFAULT 0,
    updated_at TEXT NOT NULL
);

-- A submitted questionnaire: one per request (a repeated submit finds it and adds nothing).
-- It belongs to the patient record, keeps the instrument version, who entered it and how,
-- and the scores the engine computed with the organisation's settings.
CREATE TABLE responses (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    request_id BIGINT NOT NULL UNIQUE REFERENCES requests (id),
    patient_id BIGINT NOT NULL REFERENCES patients (id),
    instrument_id TEXT NOT NULL,
    instrument_version TEXT NOT NULL,
    answers TEXT NOT NULL,
    scores TEXT NOT NULL,
    entered_by TEXT NOT NULL CHECK (entered_by IN ('patient', 'carer', 'professional')),
    entered_by_account BIGINT REFERENCES accounts (id),
    entered_via TEXT NOT NULL CHECK (entered_via IN ('link', 'account')),
    submitted_at TEXT NOT NULL
);
CREATE INDEX responses_by_patient ON responses (patient_id, submitted_at);
