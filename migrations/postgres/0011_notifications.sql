-- What each professional wants to hear about: new results, those outside a limit, overdue
-- requests, of their own requests or of the organisation's, and whether a daily e-mail with
-- the numbers comes (the day it last came, so it comes once a day).
CREATE TABLE notification_settings (
    account_id BIGINT PRIMARY KEY REFERENCES accounts (id) ON DELETE CASCADE,
    mine_only BIGINT NOT NULL DEFAULT 1,
    completed BIGINT NOT NULL DEFAULT 1,
    flagged BIGINT NOT NULL DEFAULT 1,
    overdue BIGINT NOT NULL DEFAULT 1,
    digest BIGINT NOT NULL DEFAULT 0,
    last_digest_on TEXT,
    updated_at TEXT NOT NULL
);
CREATE INDEX notification_settings_digest ON notification_settings (last_digest_on) WHERE digest <> 0;
