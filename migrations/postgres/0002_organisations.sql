-- Organisations (a GP practice, a home-care team) and the settings they choose: cut-offs of
-- instruments that vary locally, and measurement thresholds. Unset settings keep their
-- documented defaults, so only what an organisation changed is stored.
CREATE TABLE organisations (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    created_at TEXT NOT NULL
);

-- scope is "instrument:<id>" or "thresholds"; key is the setting's name.
CREATE TABLE organisation_settings (
    organisation_id TEXT NOT NULL REFERENCES organisations (id) ON DELETE CASCADE,
    scope TEXT NOT NULL,
    key TEXT NOT NULL,
    value DOUBLE PRECISION NOT NULL,
    updated_at TEXT NOT NULL,
    PRIMARY KEY (organisation_id, scope, key)
);
