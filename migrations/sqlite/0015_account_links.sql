-- Links sent by e-mail that let the owner of an address set their account's password: a
-- password reset ('reset'), and later an account's activation ('activation'). The link is
-- made when the mail leaves the outbox; only its SHA-256 is kept. It works once, until
-- expires_at; using one link of an account closes its other open links.
CREATE TABLE account_links (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    purpose TEXT NOT NULL CHECK (purpose IN ('reset', 'activation')),
    account_id BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    token_hash TEXT UNIQUE,
    expires_at TEXT,
    used_at TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX account_links_by_account ON account_links (account_id, created_at);

-- A mail that brings such a link gets it as it leaves, like a request's.
ALTER TABLE outbox ADD COLUMN account_link_id BIGINT REFERENCES account_links (id);
