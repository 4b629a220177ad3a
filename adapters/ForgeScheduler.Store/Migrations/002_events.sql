-- Shop-floor events (operation started/finished, furnace trip, …), append only.
CREATE TABLE events (
    plant_id         text        NOT NULL REFERENCES plants (plant_id),
    seq              bigint      NOT NULL,
    document         jsonb       NOT NULL,
    -- Optional key from the sender: a retried post returns the first append's sequence number.
    idempotency_key  text,
    recorded_at      timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant_id, seq)
);

CREATE UNIQUE INDEX events_idempotency_key ON events (plant_id, idempotency_key)
    WHERE idempotency_key IS NOT NULL;
