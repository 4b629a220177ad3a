-- ForgeScheduler: Orleans ADO.NET grain persistence on PostgreSQL (our own schema; `forge db init`).
-- Idempotent. The provider binds @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1,
-- @GrainIdExtensionString (NULL for integer/guid keys without extension), @GrainIdHash, @GrainTypeHash,
-- @GrainStateVersion (the ETag it holds, NULL before the first write) and @PayloadBinary; it reads
-- "PayloadBinary" + "Version", "NewGrainStateVersion", and the first column of ClearStorage.
-- A write or clear whose ETag does not match returns the caller's own ETag (or NULL), which the
-- provider reports as an InconsistentStateException.

CREATE TABLE IF NOT EXISTS forge_orleans_grain_state
(
    service_id      text        NOT NULL,
    grain_type      text        NOT NULL,
    grain_id_n0     bigint      NOT NULL,
    grain_id_n1     bigint      NOT NULL,
    grain_id_ext    text        NOT NULL DEFAULT '',
    grain_type_hash integer     NOT NULL,
    grain_id_hash   integer     NOT NULL,
    payload         bytea,
    version         integer     NOT NULL,
    modified_at     timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext)
);

INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM forge_orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
$q$),

-- Update when the caller holds the current version; insert when it holds none and no row exists.
('WriteToStorageKey', $q$
WITH updated AS (
    UPDATE forge_orleans_grain_state
    SET payload = @PayloadBinary, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version),
inserted AS (
    INSERT INTO forge_orleans_grain_state
        (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext, grain_type_hash, grain_id_hash, payload, version)
    SELECT @ServiceId, @GrainTypeString, @GrainIdN0, @GrainIdN1, coalesce(@GrainIdExtensionString::text, ''),
           @GrainTypeHash, @GrainIdHash, @PayloadBinary, 1
    WHERE @GrainStateVersion::integer IS NULL
    ON CONFLICT (service_id, grain_type, grain_id_n0, grain_id_n1, grain_id_ext) DO NOTHING
    RETURNING version)
SELECT coalesce((SELECT version FROM updated), (SELECT version FROM inserted), @GrainStateVersion::integer) AS "NewGrainStateVersion"
$q$),

-- Clearing keeps the row (payload NULL) and bumps the version, so a stale writer still conflicts.
('ClearStorageKey', $q$
WITH cleared AS (
    UPDATE forge_orleans_grain_state
    SET payload = NULL, version = version + 1, modified_at = now()
    WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
      AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
      AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
      AND version = @GrainStateVersion::integer
    RETURNING version)
SELECT coalesce((SELECT version FROM cleared), @GrainStateVersion::integer) AS "Version"
$q$),

('DeleteStorageKey', $q$
DELETE FROM forge_orleans_grain_state
WHERE service_id = @ServiceId AND grain_type = @GrainTypeString
  AND grain_id_n0 = @GrainIdN0 AND grain_id_n1 = @GrainIdN1
  AND grain_id_ext = coalesce(@GrainIdExtensionString::text, '')
$q$)

ON CONFLICT (QueryKey) DO UPDATE SET QueryText = EXCLUDED.QueryText;
