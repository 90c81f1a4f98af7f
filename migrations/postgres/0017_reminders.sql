-- Reminders sent for a request with reminders on: at most one of each kind ever (the
-- primary key), claimed in the transaction that queues its mail, so each reminder goes out
-- once, also with several server instances. 'before': a few days before the due date;
-- 'due': on the due date (or the first check after it) while the request is still open.
CREATE TABLE reminders (
    request_id BIGINT NOT NULL REFERENCES requests (id) ON DELETE CASCADE,
    kind TEXT NOT NULL CHECK (kind IN ('before', 'due')),
    sent_at TEXT NOT NULL,
    PRIMARY KEY (request_id, kind)
);
