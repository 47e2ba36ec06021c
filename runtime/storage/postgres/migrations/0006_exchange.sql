-- Inter-system exchange (runtime/exchange): nonces of received messages (replay protection)
-- and links from partners' dossiers to the dossiers filed for them.

CREATE TABLE exchange_nonces (
    partner    text NOT NULL,
    nonce      text NOT NULL,
    expires_at double precision NOT NULL,   -- epoch seconds after which the row is pruned
    PRIMARY KEY (partner, nonce)
);
CREATE INDEX exchange_nonces_expiry ON exchange_nonces (expires_at);

CREATE TABLE exchange_links (
    partner    text NOT NULL,
    remote_id  text NOT NULL,               -- the partner's dossier id
    dossier_id text NOT NULL,               -- ours
    created_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (partner, remote_id)
);
