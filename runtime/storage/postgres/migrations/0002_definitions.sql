-- motcua store, schema version 2: procedure definitions with versions, and the studio's change log.

-- One row per numbered version of a procedure. The document is kept as the exact JSON text
-- (not jsonb) so that key order survives a round trip to files.
CREATE TABLE definition_versions (
    code           text NOT NULL,
    number         integer NOT NULL CHECK (number >= 1),
    status         text NOT NULL CHECK (status IN ('draft', 'review', 'published', 'retired')),
    scope          text NOT NULL,
    author         text NOT NULL,
    revision       integer NOT NULL CHECK (revision >= 1),
    created_at     text NOT NULL,
    updated_at     text NOT NULL,
    effective_from text,
    published_at   text,
    published_by   text,
    based_on       integer,
    document       text NOT NULL,
    PRIMARY KEY (code, number)
);

CREATE INDEX definition_versions_published ON definition_versions (code) WHERE status = 'published';

-- Grows whenever what is published changes; every worker polls this one row.
CREATE TABLE definition_publications (
    id    integer PRIMARY KEY CHECK (id = 1),
    stamp bigint NOT NULL
);
INSERT INTO definition_publications (id, stamp) VALUES (1, 0);

-- The studio's change log: insert-only, hash-chained.
CREATE TABLE definition_changes (
    seq       integer PRIMARY KEY CHECK (seq >= 1),
    at        text NOT NULL,
    actor     text NOT NULL,
    action    text NOT NULL,
    code      text NOT NULL,
    number    integer,
    detail    jsonb NOT NULL,
    prev_hash text NOT NULL,
    hash      text NOT NULL
);

CREATE TRIGGER definition_changes_no_change
    BEFORE UPDATE OR DELETE ON definition_changes
    FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only();
