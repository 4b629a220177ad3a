-- Plants and their order books. Documents are the JSON the MES sent (plant.json / one order of
-- orders.json), kept as jsonb so equality ignores key order and whitespace.
CREATE TABLE plants (
    plant_id        text        PRIMARY KEY,
    document        jsonb       NOT NULL,
    -- 1 when first inserted, +1 on every real change.
    revision        integer     NOT NULL DEFAULT 1,
    -- Last event sequence handed out for this plant. Appending an event locks this row, so sequence
    -- numbers per plant are gapless and increase in commit order (a reader never skips one).
    last_event_seq  bigint      NOT NULL DEFAULT 0,
    created_at      timestamptz NOT NULL DEFAULT now(),
    updated_at      timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orders (
    plant_id      text        NOT NULL REFERENCES plants (plant_id),
    order_id      text        NOT NULL,
    document      jsonb       NOT NULL,
    -- Hash of the order's content as the caller computed it: equal hash = same order = no-op.
    content_hash  text        NOT NULL,
    -- 1 when first inserted, +1 on every real change (update or re-activation).
    revision      integer     NOT NULL DEFAULT 1,
    active        boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL DEFAULT now(),
    updated_at    timestamptz NOT NULL DEFAULT now(),
    cancelled_at  timestamptz,
    PRIMARY KEY (plant_id, order_id)
);

-- The order book the planner schedules is the active orders of one plant.
CREATE INDEX orders_active ON orders (plant_id, order_id) WHERE active;
