using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

public sealed class TransferUndoTests : ServiceTest
{
    private TransferUndo Undo => H.Get<TransferUndo>();

    private async Task<long> TransferEntryAsync(int deviceId)
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == deviceId.ToString())
            .MaxAsync(e => e.Id);
    }

    private async Task<(string Organization, string Owner)> WhereIsAsync(int deviceId)
    {
        await using var db = H.NewDbContext();
        // Read as a row, then a tuple: PostgreSQL would return a SQL record for a tuple built in the query.
        var row = await db.Devices.Where(d => d.Id == deviceId)
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new { d.Organization!.Name, u.Email })
            .SingleAsync();
        return (row.Name, row.Email!);
    }

    /// <summary>
    /// Five Client A devices of two owners transferred in one batch to the Warehouse, to staff@acme.example, with the
    /// clock moving on between readings as a real one does: the batch's entries carry different times.
    /// </summary>
    private async Task<List<DeviceToken>> BulkTransferAsync()
    {
        await H.ActAsync("admin@acme.example");
        var tokens = new List<DeviceToken>();
        foreach (var serial in new[] { "CLA-SN-1001", "CLA-SN-1002", "CLA-SN-1003", "CLA-TR-1001", "CLA-TR-1002" })
            tokens.Add(await TransferTestData.TokenAsync(H, serial));
        H.Clock.Tick = TimeSpan.FromMilliseconds(3);
        await H.Get<TransferService>().TransferAsync(new TransferRequest(tokens, await H.OrganizationIdAsync("Client A Warehouse"), "staff@acme.example"));
        H.Clock.Tick = TimeSpan.Zero;
        return tokens;
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D7"), Trait("Rule", "L1")]
    public async Task ABulkTransfer_IsUndoneAsAWhole_EachDeviceBackWithItsOwner_OneEntryEachReferencingTheUndone()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[2].DeviceId);

        var preview = await Undo.PreviewAsync(entry);
        var result = await Undo.UndoAsync(entry);

        Assert.True(preview.CanConfirm);
        Assert.Equal(5, preview.Moving);
        Assert.Equal(tokens.Select(t => t.DeviceId).Order(), preview.Devices.Select(d => d.Id).Order());
        Assert.All(preview.Devices, d => Assert.Equal("Client A", preview.BackToOf(d)));
        Assert.Contains(preview.AccessChanges, c => c.Email == "clienta.user@acme.example" && c.Kind == AccessChangeKind.Gains);
        Assert.Equal(5, result.Moved);
        Assert.Equal(("Client A", "clienta.admin@acme.example"), await WhereIsAsync(tokens[0].DeviceId));
        Assert.Equal(("Client A", "clienta.user@acme.example"), await WhereIsAsync(tokens[3].DeviceId));
        await using var db = H.NewDbContext();
        var undoEntries = await db.AuditEntries.Where(e => e.Summary.StartsWith("Undid transfer #")).ToListAsync();
        Assert.Equal(5, undoEntries.Count);
        // The demo data has no transfers: the batch's first entry is the first transfer entry.
        var key = await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred).MinAsync(e => e.Id);
        Assert.All(undoEntries, e => Assert.Contains($"\"undoOf\":{key}", e.After));
    }

    [Fact, Trait("Rule", "D11")]
    public async Task UndoingTwice_SaysItWasAlreadyUndone()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[0].DeviceId);
        await Undo.UndoAsync(entry);

        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.StartsWith("This transfer was already undone on", error.Message);
        Assert.Contains(H.Logs.Entries, e => e.Message.Contains("Refused D11"));
    }

    [Fact, Trait("Rule", "D11")]
    public async Task AfterTheSevenDays_TheUndoIsRefused()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[0].DeviceId);
        H.Clock.Advance(TimeSpan.FromDays(7) - TimeSpan.FromMinutes(1));
        Assert.True((await Undo.PreviewAsync(entry)).CanConfirm);
        H.Clock.Advance(TimeSpan.FromMinutes(1));

        var preview = await Undo.PreviewAsync(entry);
        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.False(preview.CanConfirm);
        Assert.Contains("is older than 7 days and can no longer be undone", error.Message);
        Assert.Equal(("Client A Warehouse", "staff@acme.example"), await WhereIsAsync(tokens[0].DeviceId));
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D9")]
    public async Task ADeviceChangedSince_RefusesTheWholeUndo_NamingTheChange()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[0].DeviceId);
        var moved = await TransferTestData.TokenAsync(H, "CLA-SN-1002");
        await H.Get<DeviceCommands>().EditAsync(moved, new DeviceDraft("Renamed", "CLA-SN-1002", DeviceStatus.Online));

        var preview = await Undo.PreviewAsync(entry);
        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => Undo.UndoAsync(entry));

        Assert.False(preview.CanConfirm);
        Assert.Equal(moved.DeviceId, Assert.Single(error.Failures).Id);
        Assert.Equal(Assert.Single(error.Failures).Reason, Assert.Single(preview.Failing).Reason);
        Assert.Contains("changed after you loaded it: edited by admin@acme.example", error.Message);
        Assert.Equal(("Client A Warehouse", "staff@acme.example"), await WhereIsAsync(tokens[0].DeviceId));
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D4")]
    public async Task WhenTheOldOwnerHasNoAccessThereNow_TheUndoIsRefusedWithTheReason()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[3].DeviceId);
        await using (var db = H.NewDbContext())
        {
            var user = await H.AccountIdAsync("clienta.user@acme.example");
            await db.Memberships.Where(m => m.AccountId == user).ExecuteDeleteAsync();
        }

        var preview = await Undo.PreviewAsync(entry);
        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.Equal("clienta.user@acme.example has no access to Client A or an organization above it. Invite clienta.user@acme.example to Client A first.",
            error.Message);
        Assert.Equal(error.Message, preview.Refusal);
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D3")]
    public async Task AnActorWhoCouldNotPerformTheReverseTransfer_IsRefused_AndAForeignEntryIsNotFound()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[0].DeviceId);

        await H.ActAsync("globex.admin@globex.example");
        await Assert.ThrowsAsync<NotFoundException>(() => Undo.PreviewAsync(entry));
        await Assert.ThrowsAsync<NotFoundException>(() => Undo.UndoAsync(424242));
    }

    [Fact, Trait("Rule", "D11")]
    public async Task WhenTheOldOrganizationNoLongerExists_TheUndoIsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var devices = await TransferTestData.AddDevicesAsync(H, "Client B", "admin@acme.example", 1, "TMP");
        await H.Get<TransferService>().TransferAsync(new TransferRequest(devices, await H.OrganizationIdAsync("Acme IoT"), null));
        var entry = await TransferEntryAsync(devices[0].DeviceId);
        await using (var db = H.NewDbContext())
        {
            // Client B emptied and deleted underneath, outside any service: only the undo's check is under test.
            await db.Devices.Where(d => d.Organization!.Name == "Client B").ExecuteDeleteAsync();
            await db.Organizations.Where(o => o.Name == "Client B").ExecuteDeleteAsync();
        }

        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.Equal("Client B no longer exists, so this transfer cannot be undone.", error.Message);
    }

    [Fact, Trait("Rule", "D11")]
    public async Task TheUndoWindow_IsConfigurable()
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Transfers:UndoDays"] = "2" });
        await h.ActAsync("admin@acme.example");
        var token = await TransferTestData.TokenAsync(h, "CLA-SN-1004");
        await h.Get<TransferService>().TransferAsync(new TransferRequest([token], await h.OrganizationIdAsync("Client A"), "clienta.user@acme.example"));
        await using var db = h.NewDbContext();
        var entry = await db.AuditEntries.Where(e => e.Action == AuditActions.DeviceTransferred).Select(e => e.Id).SingleAsync();
        h.Clock.Advance(TimeSpan.FromDays(2));

        var error = await Assert.ThrowsAsync<DomainException>(() => h.Get<TransferUndo>().UndoAsync(entry));

        Assert.Contains("is older than 2 days and can no longer be undone", error.Message);
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D3")]
    public async Task AnAdminWhoSeesOnlyTheDestination_CannotUndo_AndIsToldWhatItNeeds()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[0].DeviceId);
        await H.CreateAccountAsync("warehouse.admin@acme.example");
        await H.AddMembershipAsync("warehouse.admin@acme.example", "Client A Warehouse", Role.Admin);
        await H.ActAsync("warehouse.admin@acme.example");

        var preview = await Undo.PreviewAsync(entry);
        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.Equal("Undoing this transfer needs Staff in Client A, where the devices were before.", error.Message);
        Assert.Equal(error.Message, preview.Refusal);
        Assert.Equal(("Client A Warehouse", "staff@acme.example"), await WhereIsAsync(tokens[0].DeviceId));
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "A4")]
    public async Task AnEntryThatIsNotATransfer_IsNotFound()
    {
        await H.ActAsync("admin@acme.example");
        await using var db = H.NewDbContext();
        var created = await db.AuditEntries.Where(e => e.Action != AuditActions.DeviceTransferred).Select(e => e.Id).FirstAsync();

        await Assert.ThrowsAsync<NotFoundException>(() => Undo.PreviewAsync(created));
        await Assert.ThrowsAsync<NotFoundException>(() => Undo.UndoAsync(created));
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "D4")]
    public async Task WhenTheOldOwnersAccountIsGone_TheUndoIsRefused()
    {
        await H.ActAsync("admin@acme.example");
        var trackers = new List<DeviceToken>();
        foreach (var serial in new[] { "CLA-TR-1001", "CLA-TR-1002", "CLA-TR-1003", "CLA-TR-1004" })
            trackers.Add(await TransferTestData.TokenAsync(H, serial));
        await H.Get<TransferService>().TransferAsync(new TransferRequest(trackers, await H.OrganizationIdAsync("Client A"), "clienta.admin@acme.example"));
        var entry = await TransferEntryAsync(trackers[0].DeviceId);
        await using (var db = H.NewDbContext())
        {
            // Its other devices handed over and its account deleted, outside any service: only the undo is under test.
            var user = await H.AccountIdAsync("clienta.user@acme.example");
            var clientAdmin = await H.AccountIdAsync("clienta.admin@acme.example");
            await db.Devices.Where(d => d.OwnerId == user).ExecuteUpdateAsync(s => s.SetProperty(d => d.OwnerId, clientAdmin));
            await db.Memberships.Where(m => m.AccountId == user).ExecuteDeleteAsync();
            await db.Users.Where(u => u.Id == user).ExecuteDeleteAsync();
        }

        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.Equal("The old owner clienta.user@acme.example no longer has an account, so this transfer cannot be undone.", error.Message);
    }

    [Fact, Trait("Rule", "D11"), Trait("Rule", "M8")]
    public async Task WhenTheOldOwnersAccessEndsAtASetDate_TheUndoIsRefusedNamingTheDate()
    {
        var tokens = await BulkTransferAsync();
        var entry = await TransferEntryAsync(tokens[3].DeviceId);
        var ends = H.Clock.GetUtcNow().UtcDateTime.AddDays(30);
        await using (var db = H.NewDbContext())
        {
            var user = await H.AccountIdAsync("clienta.user@acme.example");
            await db.Memberships.Where(m => m.AccountId == user).ExecuteUpdateAsync(s => s.SetProperty(m => m.EndsAt, ends));
        }

        var preview = await Undo.PreviewAsync(entry);
        var error = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(entry));

        Assert.Equal($"clienta.user@acme.example's access to Client A ends on {ends:yyyy-MM-dd HH:mm} UTC, so it cannot be given devices there; "
                     + "choose an owner whose access has no end date.", error.Message);
        Assert.Equal(error.Message, preview.Refusal);
        Assert.Equal(("Client A Warehouse", "staff@acme.example"), await WhereIsAsync(tokens[0].DeviceId));
    }

    [Fact, Trait("Rule", "D11")]
    public async Task UndoingAnUndo_IsAnOrdinaryTransferBack()
    {
        var tokens = await BulkTransferAsync();
        await Undo.UndoAsync(await TransferEntryAsync(tokens[0].DeviceId));
        var undoEntry = await TransferEntryAsync(tokens[0].DeviceId);

        var result = await Undo.UndoAsync(undoEntry);

        Assert.Equal(5, result.Moved);
        Assert.Equal(("Client A Warehouse", "staff@acme.example"), await WhereIsAsync(tokens[3].DeviceId));
        var again = await Assert.ThrowsAsync<DomainException>(() => Undo.UndoAsync(undoEntry));
        Assert.StartsWith("This transfer was already undone on", again.Message);
    }
}
