using System.Text;
using DeviceConsole.Services.Common;
using Npgsql;

namespace DeviceConsole.Data.Postgres;

/// <summary>
/// PostgreSQL: a session advisory lock per job name, held on a connection of its own for as long
/// as the work runs, so no two instances run the job at once. If the instance dies, the server
/// ends its session and the lock with it. The connection is not pooled: the console's pool does not
/// reset a connection it takes back (<see cref="PostgresSetup.Tuned"/>), and a session lock must
/// never outlive its job on a connection another operation reuses.
/// </summary>
public sealed class PostgresExclusiveJobs(string connectionString) : IExclusiveJobs
{
    private readonly string _connectionString = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false }.ConnectionString;

    public async Task<bool> TryRunAsync(string job, Func<CancellationToken, Task> work, CancellationToken ct = default)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync(ct);
        var key = KeyOf(job);
        await using (var take = new NpgsqlCommand($"SELECT pg_try_advisory_lock({AdvisoryLocks.JobSpace}, {key})", connection))
        {
            if (await take.ExecuteScalarAsync(ct) is not true)
                return false;
        }
        try
        {
            await work(ct);
            return true;
        }
        finally
        {
            await ReleaseAsync(connection, key);
        }
    }

    private static async Task ReleaseAsync(NpgsqlConnection connection, int key)
    {
        try
        {
            await using var release = new NpgsqlCommand($"SELECT pg_advisory_unlock({AdvisoryLocks.JobSpace}, {key})", connection);
            await release.ExecuteScalarAsync(CancellationToken.None);
        }
        catch (NpgsqlException)
        {
            // The session is gone, and the server released the lock with it.
        }
    }

    // FNV-1a over the name: the same key on every instance and every run (string.GetHashCode is randomized).
    internal static int KeyOf(string job)
    {
        var hash = 2166136261u;
        foreach (var b in Encoding.UTF8.GetBytes(job))
            hash = (hash ^ b) * 16777619u;
        return unchecked((int)hash);
    }
}
