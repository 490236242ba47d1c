using DeviceConsole.Data;
using DeviceConsole.Services.Access;
using DeviceConsole.Domain;
using DeviceConsole.Services.Common;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using Npgsql;

namespace DeviceConsole.Tests.Services.Common;

/// <summary>
/// A3 on PostgreSQL: writers of one customer tree wait for each other, writers of another tree do
/// not; a lost connection reports "nothing was changed" and the next call works; a job runs on one
/// instance at a time. Waits are observed in pg_stat_activity, never by timing.
/// </summary>
public sealed class PostgresWriteLockTests : IAsyncLifetime
{
    private const int FleetSpace = 0x44430000;
    private const int TreeSpace = 0x44430001;
    private ServiceHarness H = null!;

    public async ValueTask InitializeAsync()
    {
        Assert.SkipUnless(TestProvider.IsPostgres, "PostgreSQL only: runs on the PostgreSQL test axis.");
        H = await ServiceHarness.CreateFileAsync();
        await H.ActAsync("admin@acme.example");
    }

    public async ValueTask DisposeAsync()
    {
        if (H is not null)
            await H.DisposeAsync();
    }

    private async Task<NpgsqlConnection> HoldAsync(string sql)
    {
        var connection = new NpgsqlConnection(H.ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"BEGIN; {sql}", connection);
        await command.ExecuteNonQueryAsync();
        return connection;
    }

    /// <summary>The backend of another session of this database once it waits for a lock.</summary>
    private async Task<int> WaitingBackendAsync(NpgsqlConnection holder, Task operation)
    {
        var database = new NpgsqlConnectionStringBuilder(H.ConnectionString).Database;
        using var giveUp = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        while (true)
        {
            Assert.False(operation.IsCompleted, "The operation finished instead of waiting for the lock.");
            // A connection of its own: inside the holder's transaction pg_stat_activity would be a frozen snapshot.
            await using var monitor = new NpgsqlConnection(PostgresTestServer.ConnectionStringFor("postgres"));
            await monitor.OpenAsync();
            await using var command = new NpgsqlCommand(
                "SELECT pid FROM pg_stat_activity WHERE datname = @db AND wait_event_type = 'Lock' AND pid <> @holder LIMIT 1", monitor);
            command.Parameters.AddWithValue("db", database!);
            command.Parameters.AddWithValue("holder", holder.ProcessID);
            if (await command.ExecuteScalarAsync() is int pid)
                return pid;
            await Task.Delay(50, giveUp.Token);
        }
    }

    private Task<OrganizationRef> RenameAsync(string organization, string name, ServiceHarness? client = null) => Task.Run(async () =>
    {
        var harness = client ?? H;
        await using var scope = harness.NewScope();
        return (await scope.ServiceProvider.GetRequiredService<OrganizationCommands>()
            .RenameAsync(new RenameOrganizationRequest(await harness.OrganizationIdAsync(organization), name))).Organization;
    });

    [Fact, Trait("Rule", "A3")]
    public async Task AWriterOfOneTree_WaitsForThatTreesLock_WhileAnotherTreesWriterDoesNot()
    {
        var acme = await H.OrganizationIdAsync("Acme IoT");
        await using var holder = await HoldAsync($"SELECT pg_advisory_xact_lock({TreeSpace}, {acme});");

        var inAcme = RenameAsync("Client B", "Client B (north)");
        await WaitingBackendAsync(holder, inAcme);
        await using var globex = H.SecondClient();
        await globex.ActAsync("globex.admin@globex.example");
        // Finishes while Acme's writer still waits: different trees never wait for each other.
        await RenameAsync("Globex", "Globex Corp", globex);
        Assert.False(inAcme.IsCompleted);

        await using (var commit = new NpgsqlCommand("COMMIT", holder))
            await commit.ExecuteNonQueryAsync();
        Assert.Equal("Client B (north)", (await inAcme).Name);
    }

    [Fact, Trait("Rule", "A3")]
    public async Task LosingTheConnectionMidOperation_SaysNothingWasChanged_AndTheNextCallWorks()
    {
        var clientB = await H.OrganizationIdAsync("Client B");
        // A row lock held elsewhere stops the rename at its UPDATE, after its checks have run.
        await using var holder = await HoldAsync($"SELECT 1 FROM \"Organizations\" WHERE \"Id\" = {clientB} FOR UPDATE;");
        var rename = RenameAsync("Client B", "Client B (lost)");
        var backend = await WaitingBackendAsync(holder, rename);

        await using (var terminate = new NpgsqlCommand($"SELECT pg_terminate_backend({backend})", holder))
            await terminate.ExecuteNonQueryAsync();
        var failure = await Assert.ThrowsAsync<StorageFailureException>(() => rename);
        await using (var rollback = new NpgsqlCommand("ROLLBACK", holder))
            await rollback.ExecuteNonQueryAsync();

        Assert.StartsWith("The change could not be saved; nothing was changed.", failure.Message);
        Assert.Equal(clientB, await H.OrganizationIdAsync("Client B"));
        Assert.Equal("Client B (again)", (await RenameAsync("Client B", "Client B (again)")).Name);
    }

    /// <summary>The advisory locks this operation's session holds in one key space, as "mode" strings.</summary>
    private static Task<List<string>> LocksHeldAsync(WriteOperation op, int space) =>
        op.Db.Database.SqlQuery<string>($"""
            SELECT mode AS "Value" FROM pg_locks
            WHERE locktype = 'advisory' AND pid = pg_backend_pid() AND classid::bigint = {space}
            """).ToListAsync();

    [Fact, Trait("Rule", "A3")]
    public async Task APooledContext_ReusedAfterATreeWrite_LocksTheWholeFleetForItsNextWrite()
    {
        var operations = H.Get<Operations>();
        var acme = await H.OrganizationIdAsync("Acme IoT");
        AppDbContext used;
        await using (var inAcme = await operations.BeginAnonymousWriteAsync(WriteScope.Organization(acme)))
        {
            Assert.Equal(["ShareLock"], await LocksHeldAsync(inAcme, FleetSpace));
            Assert.Equal(["ExclusiveLock"], await LocksHeldAsync(inAcme, TreeSpace));
            used = inAcme.Db;
        }

        // The pool hands its contexts out in turn: take them until that one comes back.
        for (var i = 0; i < 200; i++)
        {
            await using var next = await operations.BeginAnonymousWriteAsync();
            if (!ReferenceEquals(next.Db, used))
                continue;
            Assert.Equal(["ExclusiveLock"], await LocksHeldAsync(next, FleetSpace));
            Assert.Empty(await LocksHeldAsync(next, TreeSpace));
            return;
        }
        Assert.Fail("The pool never handed the same context out again.");
    }

    [Fact]
    public async Task AnExclusiveJob_RunsOnOneInstanceAtATime()
    {
        var first = H.Get<IExclusiveJobs>();
        await using var otherInstance = H.SecondClient();
        var second = otherInstance.Get<IExclusiveJobs>();
        var running = new TaskCompletionSource();
        var finish = new TaskCompletionSource();

        var onFirst = first.TryRunAsync("invitation-expiry", async _ => { running.SetResult(); await finish.Task; });
        await running.Task;
        var onSecond = await second.TryRunAsync("invitation-expiry", _ => throw new InvalidOperationException("ran twice"));
        finish.SetResult();

        Assert.True(await onFirst);
        Assert.False(onSecond);
        Assert.True(await second.TryRunAsync("invitation-expiry", _ => Task.CompletedTask));
    }
}
