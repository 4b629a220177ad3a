-- Idempotency-Key of write requests: the first request's hash and response are kept, a retry with the
-- same hash gets the same response, a different request under the same key is a conflict.
CREATE TABLE idempotency_keys (
    plant_id      text        NOT NULL,
    key           text        NOT NULL,
    request_hash  text        NOT NULL,
    response      jsonb       NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (plant_id, key)
);

-- Old keys are purged by age.
CREATE INDEX idempotency_keys_created_at ON idempotency_keys (created_at);
