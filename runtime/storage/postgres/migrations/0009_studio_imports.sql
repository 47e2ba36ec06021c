-- Drafts made in the studio from national catalogue records (builder/studio/imports.py): the record,
-- the import report, the definition as last imported and a re-import waiting for the administrator.

CREATE TABLE studio_imports (
    code           text NOT NULL,
    number         integer NOT NULL,
    record_id      text NOT NULL,
    report         text NOT NULL,   -- JSON, as the embedded store's SQLite file keeps it
    baseline       text NOT NULL,
    previous       text,
    pending        text,
    pending_report text,
    updated_at     text NOT NULL,
    PRIMARY KEY (code, number)
);
