-- motcua dossier store, schema version 1.
-- Runs with search_path set to the target schema; statements are unqualified.

CREATE TABLE dossiers (
    id              text PRIMARY KEY,
    reference       text UNIQUE,
    procedure_code  text NOT NULL,
    agency_code     text,
    step            text NOT NULL,
    national_code   integer NOT NULL,
    account_id      text,
    is_draft        boolean NOT NULL,
    applicant_name  text NOT NULL,
    search_text     text NOT NULL,          -- folded code + applicant name (no case, no diacritics)
    due_at          timestamptz,
    step_deadline   timestamptz,
    submitted_at    timestamptz,
    created_at      timestamptz NOT NULL,
    updated_at      timestamptz NOT NULL,
    version         integer NOT NULL CHECK (version >= 1),
    event_count     integer NOT NULL DEFAULT 0 CHECK (event_count >= 0),
    last_event_hash text,
    doc             jsonb NOT NULL           -- the dossier without its events and version
);

CREATE INDEX dossiers_agency_step_due ON dossiers (agency_code, step, due_at);
CREATE INDEX dossiers_agency_national_due ON dossiers (agency_code, national_code, due_at);
CREATE INDEX dossiers_account_updated ON dossiers (account_id, updated_at) WHERE account_id IS NOT NULL;
CREATE INDEX dossiers_due ON dossiers (due_at);
CREATE INDEX dossiers_procedure ON dossiers (procedure_code);
CREATE INDEX dossiers_drafts ON dossiers (account_id) WHERE is_draft;

-- The event log: one row per event, insert-only (enforced by the triggers below).
CREATE TABLE dossier_events (
    dossier_id  text NOT NULL REFERENCES dossiers (id),
    seq         integer NOT NULL CHECK (seq >= 1),
    at          timestamptz NOT NULL,
    actor       text NOT NULL,
    action      text NOT NULL,
    prev_hash   text NOT NULL,
    hash        text NOT NULL,
    body        jsonb NOT NULL,
    PRIMARY KEY (dossier_id, seq)
);

CREATE FUNCTION dossier_events_append_only() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'dossier events are append-only: % refused', TG_OP
        USING ERRCODE = 'restrict_violation';
END
$$;

CREATE TRIGGER dossier_events_no_change
    BEFORE UPDATE OR DELETE ON dossier_events
    FOR EACH ROW EXECUTE FUNCTION dossier_events_append_only();

CREATE TRIGGER dossier_events_no_truncate
    BEFORE TRUNCATE ON dossier_events
    FOR EACH STATEMENT EXECUTE FUNCTION dossier_events_append_only();

-- Dossier code numbers: one row per agency and day, locked by the taker until commit.
CREATE TABLE dossier_sequences (
    agency_code text NOT NULL,
    day         date NOT NULL,
    last_value  integer NOT NULL CHECK (last_value >= 1),
    PRIMARY KEY (agency_code, day)
);
