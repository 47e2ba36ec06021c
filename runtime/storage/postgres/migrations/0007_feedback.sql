-- Citizens' feedback (phản ánh, kiến nghị) and the agencies' answers (runtime/storage/feedback.py).

CREATE TABLE feedback (
    id             text PRIMARY KEY,
    agency_code    text NOT NULL,
    province_code  text NOT NULL,
    procedure_code text NOT NULL,
    dossier_id     text,
    account_id     text,                   -- the citizen's account; NULL when sent without logging in
    status         text NOT NULL CHECK (status IN ('open', 'answered')),
    published      boolean NOT NULL,
    created_at     timestamptz NOT NULL,
    due_at         timestamptz NOT NULL,
    answered_at    timestamptz,
    revision       integer NOT NULL CHECK (revision >= 1),
    doc            jsonb NOT NULL          -- the whole record (Feedback.to_row)
);

-- An agency's inbox (open first by deadline), the public page, the leaders' overdue list, the scorecard.
CREATE INDEX feedback_agency_created ON feedback (agency_code, created_at DESC);
CREATE INDEX feedback_open_due ON feedback (due_at) WHERE status = 'open';
CREATE INDEX feedback_published ON feedback (province_code, created_at DESC) WHERE published;
CREATE INDEX feedback_agency_due ON feedback (agency_code, due_at);
CREATE INDEX feedback_account ON feedback (account_id, created_at DESC) WHERE account_id IS NOT NULL;

-- The public scorecard (runtime/scorecard/counts.py) reads an agency's dossiers touched since a period began.
CREATE INDEX dossiers_agency_updated ON dossiers (agency_code, updated_at) WHERE NOT is_draft;
-- ... and only the events that tell when a result was issued or an apology slip (04) given.
CREATE INDEX dossier_events_results ON dossier_events (dossier_id)
    WHERE body->'data'->>'kind' = 'issue-result' OR body->'data' ? 'slips';
