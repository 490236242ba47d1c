using System.Diagnostics;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

/// <summary>D8 at scale, and A3/D9 with two clients of one database file.</summary>
public sealed class TransferScaleTests
{
    private static int CommandsLogged(ServiceHarness h) =>
        h.Logs.Entries.Count(e => e.Category == "Microsoft.EntityFrameworkCore.Database.Command" && e.Message.StartsWith("Executed DbCommand", StringComparison.Ordinal));

    private static async Task<int> CommandsForBulkAsync(int devices)
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.ActAsync("admin@acme.example");
        var tokens = await TransferTestData.AddDevicesAsync(h, "Client A", "admin@acme.example", devices, "SCALE");
        var clientB = await h.OrganizationIdAsync("Client B");

        var before = CommandsLogged(h);
        var result = await h.Get<TransferService>().TransferAsync(new TransferRequest(tokens, clientB, null));
        Assert.Equal(devices, result.Moved);
        return CommandsLogged(h) - before;
    }

    [Fact, Trait("Rule", "D8")]
    public async Task ABulkTransfer_IssuesTheSameNumberOfSqlCommands_WhateverTheNumberOfDevices()
    {
        var few = await CommandsForBulkAsync(5);
        var many = await CommandsForBulkAsync(400);
        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands per bulk transfer: {few} for 5 devices, {many} for 400");

        // The audit entries are three statements and the update one, whatever the batch (SQLite; PostgreSQL needs fewer).
        Assert.InRange(few, 5, 10);
        Assert.Equal(few, many);
    }

    [Fact, Trait("Rule", "D8"), Trait("Rule", "L1")]
    public async Task AThousandDevices_MoveInOneTransfer_WithOneAuditEntryEach()
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.ActAsync("admin@acme.example");
        var tokens = await TransferTestData.AddDevicesAsync(h, "Client A", "admin@acme.example", 1000, "K");
        var clientB = await h.OrganizationIdAsync("Client B");

        var watch = Stopwatch.StartNew();
        var result = await h.Get<TransferService>().TransferAsync(new TransferRequest(tokens, clientB, "staff@acme.example"));
        watch.Stop();
        TestContext.Current.TestOutputHelper?.WriteLine($"1,000-device transfer: {watch.ElapsedMilliseconds} ms");

        Assert.Equal(1000, result.Moved);
        await using var db = h.NewDbContext();
        var staff = await h.AccountIdAsync("staff@acme.example");
        Assert.Equal(1000, await db.Devices.CountAsync(d => d.SerialNumber.StartsWith("K-") && d.OrganizationId == clientB && d.OwnerId == staff));
        var ids = tokens.Select(t => t.DeviceId.ToString()).ToList();
        Assert.Equal(1000, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTransferred && ids.Contains(e.TargetId)));
        Assert.Equal(2000, await db.AuditOrganizations.CountAsync(o => db.AuditEntries.Any(e => e.Id == o.AuditEntryId && ids.Contains(e.TargetId) && e.Action == AuditActions.DeviceTransferred)));
        // Every moved row has a token it never had: a client holding an old one is refused (D9).
        var old = tokens.Select(t => t.Version).ToHashSet();
        Assert.DoesNotContain(await db.Devices.Where(d => d.SerialNumber.StartsWith("K-")).Select(d => d.Version).ToListAsync(), old.Contains);
    }

    [Fact, Trait("Rule", "A3"), Trait("Rule", "D9")]
    public async Task TwoClientsTransferringTheSameDeviceConcurrently_ExactlyOneCommits()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await using var other = h.SecondClient();
        await h.ActAsync("admin@acme.example");
        await other.ActAsync("clienta.admin@acme.example");
        var token = await TransferTestData.TokenAsync(h, "CLA-SN-1002");
        var clientA = await h.OrganizationIdAsync("Client A");
        var warehouse = await h.OrganizationIdAsync("Client A Warehouse");

        async Task<Exception?> RunAsync(ServiceHarness client, int destination, string owner)
        {
            try
            {
                await client.Get<TransferService>().TransferAsync(new TransferRequest([token], destination, owner));
                return null;
            }
            catch (DomainException e)
            {
                return e;
            }
        }

        var outcomes = await Task.WhenAll(
            Task.Run(() => RunAsync(h, warehouse, "clienta.user@acme.example")),
            Task.Run(() => RunAsync(other, clientA, "clienta.admin@acme.example")));

        Assert.Single(outcomes, o => o is null);
        var refusal = Assert.Single(outcomes, o => o is not null);
        Assert.Contains("changed after you loaded it", refusal!.Message);
        await using var db = h.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == token.DeviceId.ToString()));
        var device = await db.Devices.SingleAsync(d => d.Id == token.DeviceId);
        var winner = outcomes[0] is null ? (warehouse, "clienta.user@acme.example") : (clientA, "clienta.admin@acme.example");
        Assert.Equal(winner, (device.OrganizationId, await db.Users.Where(u => u.Id == device.OwnerId).Select(u => u.Email!).SingleAsync()));
    }
}
