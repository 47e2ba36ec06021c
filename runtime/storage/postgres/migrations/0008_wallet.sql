-- The citizens' document wallets (runtime/wallet): each file filed and each result issued, with the
-- verification report made when it was accepted. One row per account and file content.

CREATE TABLE wallet_documents (
    account_id     text NOT NULL,
    sha256         text NOT NULL,
    kind           text NOT NULL CHECK (kind IN ('result', 'attachment')),
    name           text NOT NULL,
    media_type     text NOT NULL,
    size           bigint NOT NULL,
    pages          integer,
    verification   text,               -- the report as JSON text (read back as it was written)
    dossier_id     text NOT NULL,
    reference      text,
    procedure_code text NOT NULL,
    component_id   text,
    added_at       text NOT NULL,      -- ISO 8601 with its offset
    PRIMARY KEY (account_id, sha256)
);

CREATE INDEX wallet_documents_newest ON wallet_documents (account_id, added_at DESC);
