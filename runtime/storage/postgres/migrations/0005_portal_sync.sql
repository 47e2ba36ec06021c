-- National portal sync (runtime/portal/synclog.py): one row per status change of a dossier.
CREATE TABLE portal_sync (
    dossier_id   text NOT NULL,
    sequence     integer NOT NULL,                 -- the dossier's n-th status change
    idem_key     text NOT NULL,                    -- <dossier code>:<sequence>, the portal's idempotency key
    dossier_code text NOT NULL,
    status_code  integer NOT NULL,
    state        text NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'accepted', 'refused')),
    reason       text,                             -- the portal's reason (refused) or the last error (pending/sent)
    attempts     integer NOT NULL DEFAULT 0,
    body         text NOT NULL,                    -- the update as sent (JSON)
    created_at   double precision NOT NULL,        -- epoch seconds
    updated_at   double precision NOT NULL,
    PRIMARY KEY (dossier_id, sequence)
);
CREATE INDEX portal_sync_open ON portal_sync (state) WHERE state <> 'accepted';

-- Dossiers handed over by the portal: one dossier per portal id, however often the portal sends it.
CREATE TABLE portal_incoming (
    portal_id    text PRIMARY KEY,
    dossier_id   text NOT NULL,
    dossier_code text NOT NULL,
    created_at   double precision NOT NULL
);

-- Citizens' choice of progress messages (runtime/notifications/preferences.py).
CREATE TABLE notification_preferences (
    account_id text PRIMARY KEY,
    email      integer NOT NULL DEFAULT 1,
    sms        integer NOT NULL DEFAULT 1,
    updated_at double precision NOT NULL
);
