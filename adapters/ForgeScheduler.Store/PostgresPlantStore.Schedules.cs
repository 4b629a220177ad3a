using Npgsql;
using NpgsqlTypes;

namespace ForgeScheduler.Store;

// Schedule versions, KPI history and idempotency keys.
public sealed partial class PostgresPlantStore
{
    public async Task SaveScheduleVersionAsync(string plantId, int version, string method, string scheduleJson, string kpisJson,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Positive(version, nameof(version));
        StoreArgs.Id(method, nameof(method));
        StoreArgs.Json(scheduleJson, nameof(scheduleJson));
        StoreArgs.Json(kpisJson, nameof(kpisJson));
        // The primary key (plant_id, version) is the concurrency check: the second writer of a version fails.
        const string sql = """
            INSERT INTO schedule_versions (plant_id, version, method, schedule, kpis) VALUES ($1, $2, $3, $4, $5)
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = version });
        cmd.Parameters.Add(Text(method));
        cmd.Parameters.Add(Jsonb(scheduleJson));
        cmd.Parameters.Add(Jsonb(kpisJson));
        try
        {
            await cmd.ExecuteNonQueryAsync(cancellationToken);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            throw new ScheduleVersionConflictException(plantId, version, e);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new UnknownPlantException(plantId, e);
        }
    }

    public async Task<StoredSchedule?> GetScheduleAsync(string plantId, int? version = null, CancellationToken cancellationToken = default)
    {
        const string latest = """
            SELECT plant_id, version, method, schedule, kpis, saved_at
            FROM schedule_versions WHERE plant_id = $1
            ORDER BY version DESC LIMIT 1
            """;
        const string exact = """
            SELECT plant_id, version, method, schedule, kpis, saved_at
            FROM schedule_versions WHERE plant_id = $1 AND version = $2
            """;
        await using var cmd = _dataSource.CreateCommand(version is null ? latest : exact);
        cmd.Parameters.Add(Text(plantId));
        if (version is { } v)
            cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = v });
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredSchedule(reader.GetString(0), reader.GetInt32(1), reader.GetString(2), reader.GetString(3),
                reader.GetString(4), reader.GetFieldValue<DateTimeOffset>(5))
            : null;
    }

    public async Task<IReadOnlyList<ScheduleVersionSummary>> ListScheduleVersionsAsync(string plantId, int limit = 100,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        const string sql = """
            SELECT plant_id, version, method, kpis, saved_at
            FROM schedule_versions WHERE plant_id = $1
            ORDER BY version DESC LIMIT $2
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(cmd, r => new ScheduleVersionSummary(r.GetString(0), r.GetInt32(1), r.GetString(2),
            r.GetString(3), r.GetFieldValue<DateTimeOffset>(4)), cancellationToken);
    }

    public async Task<long> AppendKpiHistoryAsync(string plantId, int? scheduleVersion, string source, string kpisJson,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Id(source, nameof(source));
        StoreArgs.Json(kpisJson, nameof(kpisJson));
        const string sql = """
            INSERT INTO kpi_history (plant_id, schedule_version, source, kpis) VALUES ($1, $2, $3, $4)
            RETURNING seq
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(new NpgsqlParameter { Value = (object?)scheduleVersion ?? DBNull.Value, NpgsqlDbType = NpgsqlDbType.Integer });
        cmd.Parameters.Add(Text(source));
        cmd.Parameters.Add(Jsonb(kpisJson));
        try
        {
            return (long)(await cmd.ExecuteScalarAsync(cancellationToken))!;
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.ForeignKeyViolation)
        {
            throw new UnknownPlantException(plantId, e);
        }
    }

    public async Task<IReadOnlyList<KpiHistoryEntry>> ListKpiHistoryAsync(string plantId, long afterSequence = 0, int limit = 1_000,
        CancellationToken cancellationToken = default)
    {
        StoreArgs.Positive(limit, nameof(limit));
        const string sql = """
            SELECT plant_id, seq, schedule_version, source, kpis, recorded_at
            FROM kpi_history WHERE plant_id = $1 AND seq > $2
            ORDER BY seq LIMIT $3
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(new NpgsqlParameter<long> { TypedValue = afterSequence });
        cmd.Parameters.Add(new NpgsqlParameter<int> { TypedValue = limit });
        return await ReadAllAsync(cmd, r => new KpiHistoryEntry(r.GetString(0), r.GetInt64(1),
            r.IsDBNull(2) ? null : r.GetInt32(2), r.GetString(3), r.GetString(4), r.GetFieldValue<DateTimeOffset>(5)),
            cancellationToken);
    }

    public async Task<IdempotencyResult> TryRecordIdempotencyKeyAsync(string plantId, string key, string requestHash,
        string responseJson, CancellationToken cancellationToken = default)
    {
        StoreArgs.Id(plantId, nameof(plantId));
        StoreArgs.Id(key, nameof(key));
        StoreArgs.Id(requestHash, nameof(requestHash));
        StoreArgs.Json(responseJson, nameof(responseJson));
        // Insert-or-read in one statement. The read half sees the snapshot from before the statement, so
        // when a concurrent request inserted the key and committed while we waited on the conflict, neither
        // half returns a row; running the statement again then reads that request's row.
        const string sql = """
            WITH inserted AS (
                INSERT INTO idempotency_keys (plant_id, key, request_hash, response) VALUES ($1, $2, $3, $4)
                ON CONFLICT (plant_id, key) DO NOTHING
                RETURNING request_hash, response)
            SELECT true, request_hash, response FROM inserted
            UNION ALL
            SELECT false, request_hash, response FROM idempotency_keys WHERE plant_id = $1 AND key = $2
            """;
        for (var attempt = 1; ; attempt++)
        {
            await using var cmd = _dataSource.CreateCommand(sql);
            cmd.Parameters.Add(Text(plantId));
            cmd.Parameters.Add(Text(key));
            cmd.Parameters.Add(Text(requestHash));
            cmd.Parameters.Add(Jsonb(responseJson));
            await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
            if (await reader.ReadAsync(cancellationToken))
            {
                var inserted = reader.GetBoolean(0);
                var storedHash = reader.GetString(1);
                var storedResponse = reader.GetString(2);
                if (inserted)
                    return new IdempotencyResult(IdempotencyOutcome.Recorded, storedResponse);
                return storedHash == requestHash
                    ? new IdempotencyResult(IdempotencyOutcome.Replayed, storedResponse)
                    : new IdempotencyResult(IdempotencyOutcome.Conflict, null);
            }

            if (attempt == 3)
                throw new InvalidOperationException($"Idempotency key '{key}' of plant '{plantId}' could be neither recorded nor read.");
        }
    }

    public async Task<StoredIdempotencyKey?> GetIdempotencyKeyAsync(string plantId, string key, CancellationToken cancellationToken = default)
    {
        const string sql = """
            SELECT plant_id, key, request_hash, response, created_at
            FROM idempotency_keys WHERE plant_id = $1 AND key = $2
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(Text(plantId));
        cmd.Parameters.Add(Text(key));
        await using var reader = await cmd.ExecuteReaderAsync(cancellationToken);
        return await reader.ReadAsync(cancellationToken)
            ? new StoredIdempotencyKey(reader.GetString(0), reader.GetString(1), reader.GetString(2), reader.GetString(3),
                reader.GetFieldValue<DateTimeOffset>(4))
            : null;
    }

    public async Task<int> PurgeIdempotencyKeysAsync(DateTimeOffset cutoff, CancellationToken cancellationToken = default)
    {
        const string sql = """
            DELETE FROM idempotency_keys WHERE created_at < $1
            """;
        await using var cmd = _dataSource.CreateCommand(sql);
        cmd.Parameters.Add(new NpgsqlParameter<DateTimeOffset> { TypedValue = cutoff.ToUniversalTime() });
        return await cmd.ExecuteNonQueryAsync(cancellationToken);
    }
}
