-- Colleagues invited by e-mail, and the e-mail domains an organisation allows for new
-- accounts.

-- An organisation may allow new professional accounts only at its own e-mail domains
-- (space-separated, lower case; empty: any address).
ALTER TABLE organisations ADD COLUMN email_domains TEXT NOT NULL DEFAULT '';

-- An invitation to join an organisation at a level. Its link is made when the mail leaves the
-- outbox; only the SHA-256 of the latest link is kept (a new mail replaces the old link). It
-- stays pending until accepted (an account and a membership) or revoked by a manager.
CREATE TABLE invitations (
    id BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    organisation_id TEXT NOT NULL REFERENCES organisations (id),
    email TEXT NOT NULL,
    display_name TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('A', 'C', 'C+', 'E', 'B', 'B+', 'D',
                                         'hoofdzorgverlener', 'zorgverlener')),
    invited_by BIGINT REFERENCES accounts (id),
    token_hash TEXT UNIQUE,
    expires_at TEXT,
    status TEXT NOT NULL DEFAULT 'pending'
        CHECK (status IN ('pending', 'accepted', 'revoked')),
    created_at TEXT NOT NULL,
    closed_at TEXT
);
-- One pending invitation per address and organisation.
CREATE UNIQUE INDEX invitations_pending ON invitations (organisation_id, email)
    WHERE status = 'pending';

-- A mail that brings an invitation gets its link as it leaves, like a request's.
ALTER TABLE outbox ADD COLUMN invitation_id BIGINT REFERENCES invitations (id);
