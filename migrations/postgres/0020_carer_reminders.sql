-- Reminders escalated to a carer: when a request with reminders on is still open some days
-- after its due date, each carer who acts for the patient under a running mandate that covers
-- it is told once (the primary key), claimed in the transaction that queues the mail, so each
-- goes out once, also with several server instances.
CREATE TABLE carer_reminders (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    mandate_id BIGINT NOT NULL REFERENCES mandates (id) ON DELETE CASCADE,
    sent_at TEXT NOT NULL,
    PRIMARY KEY (request_id, mandate_id)
);
