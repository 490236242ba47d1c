using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

/// <summary>A3: two clients of one database file undo the same transfer at the same time.</summary>
public sealed class TransferUndoConcurrencyTests
{
    [Fact, Trait("Rule", "A3"), Trait("Rule", "D11"), Trait("Rule", "D9")]
    public async Task TwoUndosOfOneTransferAtOnce_OnlyOneCommits()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        await h.ActAsync("admin@acme.example");
        var tokens = new List<DeviceToken>();
        foreach (var serial in new[] { "CLA-SN-1001", "CLA-TR-1001" })
            tokens.Add(await TransferTestData.TokenAsync(h, serial));
        await h.Get<TransferService>().TransferAsync(new TransferRequest(tokens, await h.OrganizationIdAsync("Client A Warehouse"), "staff@acme.example"));
        long entry;
        await using (var db = h.NewDbContext())
            entry = await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred).MinAsync(e => e.Id);
        await using var second = h.SecondClient();
        await second.ActAsync("staff@acme.example");

        var (succeeded, failures) = await Race.RunAsync(
            () => h.Get<TransferUndo>().UndoAsync(entry),
            () => second.Get<TransferUndo>().UndoAsync(entry));

        Assert.Equal(1, succeeded);
        Assert.IsAssignableFrom<DomainException>(Assert.Single(failures));
        await using var check = h.NewDbContext();
        Assert.Equal(2, await check.AuditEntries.CountAsync(e => e.Summary.StartsWith("Undid transfer #")));
        Assert.Equal(2, await check.Devices.CountAsync(d => tokens.Select(t => t.DeviceId).Contains(d.Id) && d.Organization!.Name == "Client A"));
    }
}
