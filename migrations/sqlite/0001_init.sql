-- Instrument library: every version of every questionnaire definition stays, because a
-- response is always scored with the version it was filled in with.
CREATE TABLE instruments (
    id TEXT NOT NULL,
    version TEXT NOT NULL,
    title_nl TEXT NOT NULL,
    title_en TEXT NOT NULL,
    source TEXT NOT NULL,
    licence_nl TEXT NOT NULL,
    licence_en TEXT NOT NULL,
    item_count BIGINT NOT NULL,
    definition TEXT NOT NULL,
    builtin BIGINT NOT NULL DEFAULT 0,
    created_at TEXT NOT NULL,
    PRIMARY KEY (id, version)
);
