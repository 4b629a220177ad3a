-- ForgeScheduler: the plant grain's event rows and the Idempotency-Keys of its write requests, written in
-- the same transaction as the order rows (IPlantStorage.CommitAsync). Idempotent.

-- Every shop-floor event a plant accepted, numbered by the plant grain. The grain's Orleans state holds
-- the downs and progress derived from them and the sequence it has absorbed; on activation it replays the
-- rows after that sequence (a crash between this commit and the state write loses nothing).
CREATE TABLE IF NOT EXISTS forge_plant_event
(
    plant_id    text        NOT NULL,
    sequence    bigint      NOT NULL,
    received_at timestamptz NOT NULL,
    event_json  text        NOT NULL,
    PRIMARY KEY (plant_id, sequence)
);

-- Idempotency-Key of a write request: inserted first in the write's transaction (ON CONFLICT DO NOTHING),
-- so of concurrent requests with one key exactly one commits its write; the others read this row.
CREATE TABLE IF NOT EXISTS forge_plant_request
(
    plant_id      text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    response_json text        NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (plant_id, key)
);

CREATE INDEX IF NOT EXISTS forge_plant_request_created_at ON forge_plant_request (plant_id, created_at);
