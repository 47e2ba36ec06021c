-- Background jobs (runtime/jobs): a durable queue claimed with FOR UPDATE SKIP LOCKED.
-- Numbered 0005 to leave 0002-0004 to other areas' migrations.

CREATE TABLE jobs (
    id           bigserial PRIMARY KEY,
    kind         text NOT NULL,
    key          text UNIQUE,                 -- idempotency key: one job per key, ever
    payload      jsonb NOT NULL,
    status       text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'running', 'done', 'dead')),
    attempts     integer NOT NULL DEFAULT 0,
    max_attempts integer NOT NULL DEFAULT 8,
    run_at       timestamptz NOT NULL DEFAULT now(),
    locked_by    text,
    locked_until timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL DEFAULT now(),
    finished_at  timestamptz
);

-- What a worker looks for: due queued jobs, and running jobs whose lease expired.
CREATE INDEX jobs_due ON jobs (run_at) WHERE status = 'queued';
CREATE INDEX jobs_leased ON jobs (locked_until) WHERE status = 'running';
CREATE INDEX jobs_status_created ON jobs (status, created_at DESC);

-- Rate limits and failed-login counts shared by every worker and node (runtime/limits).
CREATE TABLE rate_counters (
    key        text NOT NULL,
    slot       bigint NOT NULL,            -- time // window
    hits       integer NOT NULL,
    expires_at double precision NOT NULL,  -- epoch seconds after which the row is pruned
    PRIMARY KEY (key, slot)
);
CREATE INDEX rate_counters_expiry ON rate_counters (expires_at);

-- Signed-in sessions shared by every node (runtime/identity/store_sessions.py, MOTCUA_SESSIONS=store).
CREATE TABLE identity_sessions (
    id       text PRIMARY KEY,              -- sha256 of the handle the cookie carries
    account  text NOT NULL,
    expires  double precision NOT NULL,     -- epoch seconds
    identity text                           -- the citizen's identity attributes (JSON), never in the cookie
);
CREATE INDEX identity_sessions_expires ON identity_sessions (expires);
