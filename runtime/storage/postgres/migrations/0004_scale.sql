-- motcua store, schema version 4: the officials' inbox from indexes only (keyset pages),
-- KPI aggregates kept by the worker, and once-only keys (deadline reminders).

-- A dossier's urgency: the nearer of its two deadlines ('infinity' without any), and its
-- filing time ('infinity' for drafts): non-null keys, so a keyset row comparison uses the index.
ALTER TABLE dossiers
    ADD COLUMN urgent_key timestamptz NOT NULL
        GENERATED ALWAYS AS (COALESCE(LEAST(due_at, step_deadline), 'infinity'::timestamptz)) STORED,
    ADD COLUMN submitted_key timestamptz NOT NULL
        GENERATED ALWAYS AS (COALESCE(submitted_at, 'infinity'::timestamptz)) STORED;

-- The inbox: one ordered range per (agency, procedure, step) an official acts at. The included
-- columns let the counts per deadline mark and the name/code search run as index-only scans.
CREATE INDEX dossiers_inbox ON dossiers
    (agency_code, procedure_code, step, urgent_key, submitted_key, id COLLATE "C")
    INCLUDE (due_at, step_deadline, search_text)
    WHERE NOT is_draft;

-- Dossiers waiting for the applicant, most recently changed first.
CREATE INDEX dossiers_agency_step_updated ON dossiers (agency_code, step, updated_at);

-- What changed since the KPI aggregates were last refreshed.
CREATE INDEX dossiers_updated ON dossiers (updated_at);

-- KPI aggregates (runtime/kpi_aggregates.py): what each dossier last added to the counts...
CREATE TABLE kpi_records (
    dossier_id    text PRIMARY KEY,
    version       integer NOT NULL,
    contributions jsonb NOT NULL          -- [[agency, procedure, bucket, step, figure, value], ...]
);

-- ...and the counts: per agency, procedure and local month ('YYYY-MM', step '') for the figures
-- of a period, per agency, procedure and step (bucket 'open') for the open dossiers now.
CREATE TABLE kpi_counts (
    agency_code    text NOT NULL,
    procedure_code text NOT NULL,
    bucket         text NOT NULL,
    step           text NOT NULL,
    received       integer NOT NULL DEFAULT 0,
    online         integer NOT NULL DEFAULT 0,
    in_progress    integer NOT NULL DEFAULT 0,
    paused         integer NOT NULL DEFAULT 0,
    done           integer NOT NULL DEFAULT 0,
    early          integer NOT NULL DEFAULT 0,
    on_time        integer NOT NULL DEFAULT 0,
    late           integer NOT NULL DEFAULT 0,
    closed         integer NOT NULL DEFAULT 0,
    working_days   double precision NOT NULL DEFAULT 0,
    timed          integer NOT NULL DEFAULT 0,
    rating_sum     integer NOT NULL DEFAULT 0,
    ratings        integer NOT NULL DEFAULT 0,
    PRIMARY KEY (agency_code, bucket, procedure_code, step)
);

-- One row: when the aggregates were last refreshed, and up to which change.
CREATE TABLE kpi_state (
    id           integer PRIMARY KEY CHECK (id = 1),
    refreshed_at timestamptz,
    watermark    timestamptz
);
INSERT INTO kpi_state (id) VALUES (1);

-- Keys taken once, ever (a deadline reminder per dossier, kind and step).
CREATE TABLE once_keys (
    key     text PRIMARY KEY,
    done_at timestamptz NOT NULL DEFAULT now()
);
