using ForgeScheduler.Cluster.Contracts;
using ForgeScheduler.Cluster.Grains;
using ForgeScheduler.Solver.Domain;
using Npgsql;

namespace ForgeScheduler.Cluster.Hosting;

/// <summary>The plant grain's order book in PostgreSQL (table forge_plant_order, script 0003): an upsert
/// is one statement per order, batched in one round trip and one transaction; a row whose content hash is
/// the same is left alone ("unchanged").</summary>
public sealed class PostgresPlantStorage(NpgsqlDataSource dataSource) : IPlantStorage
{
    private const string Upsert = """
        INSERT INTO forge_plant_order AS o (plant_id, order_id, order_json, content_hash)
        VALUES (@plant, @order, @json, @hash)
        ON CONFLICT (plant_id, order_id) DO UPDATE
            SET order_json = EXCLUDED.order_json, content_hash = EXCLUDED.content_hash, updated_at = now()
            WHERE o.content_hash <> EXCLUDED.content_hash
        RETURNING (xmax = 0) AS inserted
        """;

    public async Task<IReadOnlyList<Order>> LoadOrdersAsync(string plantId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand(
            "SELECT order_json FROM forge_plant_order WHERE plant_id = @plant ORDER BY position");
        command.Parameters.AddWithValue("plant", plantId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken);
        var orders = new List<Order>();
        while (await reader.ReadAsync(cancellationToken)) orders.Add(DomainJson.Read<Order>(reader.GetString(0)));
        return orders;
    }

    public async Task<IReadOnlyList<string>> UpsertOrdersAsync(string plantId, IReadOnlyList<Order> orders, CancellationToken cancellationToken)
    {
        if (orders.Count == 0) return [];
        await using var connection = await dataSource.OpenConnectionAsync(cancellationToken);
        // One order is one statement (atomic by itself); a batch of several is one transaction.
        await using var transaction = orders.Count > 1 ? await connection.BeginTransactionAsync(cancellationToken) : null;
        await using var batch = new NpgsqlBatch(connection, transaction);
        foreach (var order in orders)
        {
            var json = OrderRow.Json(order);
            var command = new NpgsqlBatchCommand(Upsert);
            command.Parameters.AddWithValue("plant", plantId);
            command.Parameters.AddWithValue("order", order.Id);
            command.Parameters.AddWithValue("json", json);
            command.Parameters.AddWithValue("hash", OrderRow.Hash(json));
            batch.BatchCommands.Add(command);
        }
        var outcomes = new List<string>(orders.Count);
        await using (var reader = await batch.ExecuteReaderAsync(cancellationToken))
        {
            for (var i = 0; i < orders.Count; i++)
            {
                outcomes.Add(await reader.ReadAsync(cancellationToken) ? (reader.GetBoolean(0) ? "inserted" : "updated") : "unchanged");
                if (i < orders.Count - 1) await reader.NextResultAsync(cancellationToken);
            }
        }
        if (transaction is not null) await transaction.CommitAsync(cancellationToken);
        return outcomes;
    }

    public async Task<bool> RemoveOrderAsync(string plantId, string orderId, CancellationToken cancellationToken)
    {
        await using var command = dataSource.CreateCommand("DELETE FROM forge_plant_order WHERE plant_id = @plant AND order_id = @order");
        command.Parameters.AddWithValue("plant", plantId);
        command.Parameters.AddWithValue("order", orderId);
        return await command.ExecuteNonQueryAsync(cancellationToken) > 0;
    }
}
