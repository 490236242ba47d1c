using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

public sealed class TransferServiceTests : ServiceTest
{
    private TransferService Transfers => H.Get<TransferService>();

    private Task<DeviceToken> TokenAsync(string serial) => TransferTestData.TokenAsync(H, serial);

    private async Task<(int OrganizationId, string Owner)> WhereIsAsync(int deviceId)
    {
        await using var db = H.NewDbContext();
        var row = await db.Devices.Where(d => d.Id == deviceId)
            .Join(db.Users, d => d.OwnerId, u => u.Id, (d, u) => new { d.OrganizationId, u.Email })
            .SingleAsync();
        return (row.OrganizationId, row.Email!);
    }

    private async Task<int> TransferEntriesAsync()
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTransferred);
    }

    private async Task<TransferResult> TransferAsync(string organization, string? owner, params DeviceToken[] devices) =>
        await Transfers.TransferAsync(new TransferRequest(devices, await H.OrganizationIdAsync(organization), owner));

    private async Task<TransferPreview> PreviewAsync(string organization, string? owner, params DeviceToken[] devices) =>
        await Transfers.PreviewAsync(TransferSelection.Of(devices), await H.OrganizationIdAsync(organization), owner);

    [Fact, Trait("Rule", "D3"), Trait("Rule", "L1")]
    public async Task Transfer_ToAnAccountWithAccess_ChangesTheOwner_AndAuditsSourceAndDestination()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");

        var result = await TransferAsync("Client A", "CLIENTA.USER@acme.example", token);

        Assert.Equal(1, result.Moved);
        Assert.Equal("Client A Sensor 01 now belongs to clienta.user@acme.example in Client A.", result.Message);
        var clientA = await H.OrganizationIdAsync("Client A");
        Assert.Equal((clientA, "clienta.user@acme.example"), await WhereIsAsync(token.DeviceId));
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.Include(e => e.Organizations)
            .SingleAsync(e => e.Action == AuditActions.DeviceTransferred && e.TargetId == token.DeviceId.ToString());
        Assert.Equal("admin@acme.example", entry.ActorEmail);
        Assert.Equal([(AuditParts.Source, "Client A"), (AuditParts.Destination, "Client A")],
            entry.Organizations.OrderByDescending(o => o.Part).Select(o => (o.Part, o.Name)));
        Assert.Contains("clienta.admin@acme.example", entry.Before);
        Assert.Contains("clienta.user@acme.example", entry.After);
        Assert.NotEqual(token.Version, (await db.Devices.SingleAsync(d => d.Id == token.DeviceId)).Version);
    }

    [Fact, Trait("Rule", "D4")]
    public async Task Transfer_ToAnAccountOfAnotherTree_AndToAnUnknownEmail_GetTheSameRefusal_WithTheAdminsWayOut()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");

        var known = await Assert.ThrowsAsync<OwnerWithoutAccessException>(() => TransferAsync("Client A", "globex.admin@globex.example", token));
        var unknown = await Assert.ThrowsAsync<OwnerWithoutAccessException>(() => TransferAsync("Client A", "nobody@globex.example", token));

        Assert.Equal("globex.admin@globex.example has no access to Client A or an organization above it. Invite globex.admin@globex.example to Client A first.", known.Message);
        Assert.Equal(known.Message.Replace("globex.admin@", "nobody@"), unknown.Message);
        Assert.True(known.CanInvite);
        Assert.Equal(known.CanInvite, unknown.CanInvite);
        Assert.Equal(await H.OrganizationIdAsync("Client A"), known.OrganizationId);
        Assert.Equal("clienta.admin@acme.example", (await WhereIsAsync(token.DeviceId)).Owner);
        Assert.Contains(H.Logs.Entries, e => e.Message.Contains("Refused D4"));
    }

    [Fact, Trait("Rule", "D4")]
    public async Task Staff_IsToldThatAnAdminCanInvite_AndGetsNoInviteButton()
    {
        await H.ActAsync("staff@acme.example");
        var error = await Assert.ThrowsAsync<OwnerWithoutAccessException>(async () =>
            await PreviewAsync("Client A", "bob@example.com", await TokenAsync("CLA-SN-1001")));

        Assert.Equal("bob@example.com has no access to Client A or an organization above it. An Admin of Client A can invite bob@example.com.", error.Message);
        Assert.False(error.CanInvite);
    }

    [Fact, Trait("Rule", "D4")]
    public async Task APendingInvitationInView_IsMentionedWithItsExpiry()
    {
        var clientA = await H.OrganizationIdAsync("Client A");
        await using (var db = H.NewDbContext())
        {
            var now = H.Clock.GetUtcNow().UtcDateTime;
            db.Invitations.Add(Invitation.Create("bob@example.com", "BOB@EXAMPLE.COM", clientA, Role.User,
                await H.AccountIdAsync("clienta.admin@acme.example"), "hash-1", now, now.AddDays(7)));
            await db.SaveChangesAsync();
        }
        await H.ActAsync("admin@acme.example");

        var error = await Assert.ThrowsAsync<OwnerWithoutAccessException>(async () =>
            await PreviewAsync("Client A Warehouse", "Bob@Example.com", await TokenAsync("CLW-CR-1001")));

        Assert.Equal("Bob@Example.com has no access to Client A Warehouse or an organization above it. An invitation of Bob@Example.com to Client A is pending and expires on 2026-11-08 12:00 UTC; transfer once it is accepted.", error.Message);
    }

    [Fact, Trait("Rule", "D5")]
    public async Task Transfer_ToTheSameOwnerAndOrganization_SaysSo_AndWritesNothing()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-TR-1001");
        var entries = await TransferEntriesAsync();

        var preview = await PreviewAsync("Client A", "clienta.user@acme.example", token);
        var result = await TransferAsync("Client A", "clienta.user@acme.example", token);

        Assert.False(preview.CanConfirm);
        Assert.Equal("clienta.user@acme.example already owns Client A Tracker 01 in Client A. Nothing to transfer.", preview.NothingToDo);
        Assert.Equal(preview.NothingToDo, result.Message);
        Assert.Equal(0, result.Moved);
        Assert.Equal(entries, await TransferEntriesAsync());
        Assert.Equal(token, await TokenAsync("CLA-TR-1001"));
    }

    [Fact, Trait("Rule", "D5")]
    public async Task Transfer_ToAnotherOwnerInTheSameOrganization_IsATransfer_NotANoOp()
    {
        await H.ActAsync("admin@acme.example");
        var result = await TransferAsync("Client A", "admin@acme.example", await TokenAsync("CLA-TR-1001"));

        Assert.Equal(1, result.Moved);
        Assert.DoesNotContain("already", result.Message);
    }

    [Fact, Trait("Rule", "D3")]
    public async Task Staff_TransferringIntoAnOrganizationWhereItIsOnlyAUser_IsRefusedWithTheRoleItNeeds()
    {
        // multi@example.com is Staff of Globex and only a User of Client B.
        await H.ActAsync("multi@example.com");
        var error = await Assert.ThrowsAsync<DomainException>(async () => await TransferAsync("Client B", null, await TokenAsync("GLX-PU-1001")));

        Assert.Equal("Transferring devices needs Staff in Client B.", error.Message);
        Assert.Contains(H.Logs.Entries, e => e.Message.Contains("Refused D3"));
    }

    [Fact, Trait("Rule", "D3"), Trait("Rule", "A4")]
    public async Task ASubOrganizationsAdmin_MovingUpIntoAnAncestorItDoesNotManage_GetsNotFound()
    {
        await H.ActAsync("clienta.admin@acme.example");
        await Assert.ThrowsAsync<NotFoundException>(async () => await TransferAsync("Acme IoT", null, await TokenAsync("CLA-SN-1001")));
    }

    [Fact, Trait("Rule", "D3")]
    public async Task ADevice_NeverLeavesItsCustomersTree()
    {
        var adminId = await H.AccountIdAsync("admin@acme.example");
        await using (var db = H.NewDbContext())
        {
            db.Memberships.Add(Membership.Create(adminId, await H.OrganizationIdAsync("Globex"), Role.Admin, DateTime.UtcNow));
            await db.SaveChangesAsync();
        }
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("ACME-GW-1001");

        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Globex", "admin@acme.example", token));

        Assert.Equal("Acme IoT Gateway 01 belongs to the Acme IoT tree; devices are not moved between trees.", error.Message);
        var destinations = await Transfers.DestinationsAsync(await H.OrganizationIdAsync("Acme IoT"));
        Assert.DoesNotContain(destinations, d => d.Name == "Globex");
    }

    [Fact, Trait("Rule", "D3")]
    public async Task Destinations_AreTheOrganizationsOfTheTreeTheActorManages()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var destinations = await Transfers.DestinationsAsync(await H.OrganizationIdAsync("Client A Warehouse"));

        Assert.Equal(["Acme IoT / Client A", "Client A Warehouse"], destinations.Select(d => d.Label));
        Assert.Null(destinations[0].ParentId);
    }

    [Fact, Trait("Rule", "D6")]
    public async Task MovingWhereTheOwnerHasNoAccess_WithoutANewOwner_IsRefused_AndProposesTheActor()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-TR-1001");

        var preview = await PreviewAsync("Acme IoT", null, token);
        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Acme IoT", null, token));

        Assert.Equal("admin@acme.example", preview.ProposedOwnerEmail);
        Assert.False(preview.CanConfirm);
        Assert.Equal("clienta.user@acme.example owns Client A Tracker 01 and has no access to Acme IoT or an organization above it: name a new owner.", error.Message);
        Assert.Equal(error.Message, Assert.Single(preview.Failing).Reason);
        Assert.Equal("clienta.user@acme.example", (await WhereIsAsync(token.DeviceId)).Owner);

        var moved = await TransferAsync("Acme IoT", preview.ProposedOwnerEmail, token);
        Assert.Equal(1, moved.Moved);
        Assert.Equal((await H.OrganizationIdAsync("Acme IoT"), "admin@acme.example"), await WhereIsAsync(token.DeviceId));
    }

    [Fact, Trait("Rule", "D7")]
    public async Task Preview_ShowsOldAndNewOwnerAndOrganization_AndWhoGainsLosesOrChangesRole()
    {
        await H.ActAsync("admin@acme.example");
        var preview = await PreviewAsync("Client B", "admin@acme.example", await TokenAsync("CLA-TR-1001"));

        var device = Assert.Single(preview.Devices);
        Assert.Equal(("Acme IoT / Client A", "clienta.user@acme.example", "admin@acme.example", "Acme IoT / Client B"),
            (device.FromOrganization, device.FromOwner, device.ToOwner, preview.Destination.PathLabel));
        Assert.True(preview.CanConfirm);
        var changes = preview.AccessChanges.ToDictionary(c => c.Email);
        Assert.Equal((AccessChangeKind.Loses, "Admin"), (changes["clienta.admin@acme.example"].Kind, changes["clienta.admin@acme.example"].Before!));
        Assert.Equal((AccessChangeKind.Loses, "User and owner"), (changes["clienta.user@acme.example"].Kind, changes["clienta.user@acme.example"].Before!));
        Assert.Equal((AccessChangeKind.Changes, "Admin", "Admin and owner"), (changes["admin@acme.example"].Kind, changes["admin@acme.example"].Before!, changes["admin@acme.example"].After!));
        Assert.DoesNotContain("staff@acme.example", changes.Keys);
        Assert.DoesNotContain("multi@example.com", changes.Keys);
        Assert.Equal("loses access to Client A Tracker 01 (was Admin)", changes["clienta.admin@acme.example"].Summary);
    }

    [Fact, Trait("Rule", "D7"), Trait("Rule", "D8")]
    public async Task BulkPreview_GroupsByAccount()
    {
        await H.ActAsync("admin@acme.example");
        var tokens = new List<DeviceToken>();
        foreach (var serial in new[] { "CLA-SN-1001", "CLA-SN-1002", "CLA-SN-1003", "CLA-SN-1004", "CLA-SN-1005" })
            tokens.Add(await TokenAsync(serial));

        var preview = await PreviewAsync("Acme IoT", "admin@acme.example", [.. tokens]);

        var loss = Assert.Single(preview.AccessChanges, c => c.Email == "clienta.admin@acme.example");
        Assert.Equal(AccessChangeKind.Loses, loss.Kind);
        Assert.Equal("loses access to 5 devices (was Admin and owner or Admin)", loss.Summary);
        Assert.Equal(["Client A Sensor 01", "Client A Sensor 02", "Client A Sensor 03", "Client A Sensor 04", "Client A Sensor 05"], loss.Devices);
        var admin = Assert.Single(preview.AccessChanges, c => c.Email == "admin@acme.example");
        Assert.Equal("Admin → Admin and owner on 3 devices", admin.Summary);
        Assert.Equal(5, preview.Moving);
    }

    [Fact, Trait("Rule", "D8")]
    public async Task BulkOf50_WithOneInvalidDevice_MovesNothing_AndNamesThatDevice()
    {
        await H.ActAsync("admin@acme.example");
        var tokens = await TransferTestData.AddDevicesAsync(H, "Client A", "admin@acme.example", 49, "BULK");
        var invalid = await TokenAsync("CLA-TR-1002");
        var entries = await TransferEntriesAsync();

        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Client B", null, [.. tokens, invalid]));

        var failure = Assert.Single(error.Failures);
        Assert.Equal(invalid.DeviceId, failure.Id);
        Assert.StartsWith("Nothing was transferred: 1 of 50 devices cannot be transferred.", error.Message);
        Assert.Contains("Client A Tracker 02", error.Message);
        Assert.Equal(entries, await TransferEntriesAsync());
        await using var db = H.NewDbContext();
        var clientB = await H.OrganizationIdAsync("Client B");
        Assert.Equal(0, await db.Devices.CountAsync(d => d.SerialNumber.StartsWith("BULK") && d.OrganizationId == clientB));
    }

    [Fact, Trait("Rule", "D8"), Trait("Rule", "D5")]
    public async Task Bulk_ReportsDevicesAlreadyThereAsUnchanged_NotAsFailures()
    {
        await H.ActAsync("admin@acme.example");
        var inClientB = await TokenAsync("CLB-MT-1001");
        var inClientA = await TokenAsync("CLA-SN-1002");

        var result = await TransferAsync("Client B", null, inClientB, inClientA);

        Assert.Equal((1, 1), (result.Moved, result.Unchanged));
        Assert.Equal("1 devices transferred to Client B; 1 already there stayed unchanged.", result.Message);
    }

    [Fact, Trait("Rule", "D8")]
    public async Task SelectAllMatchingAFilter_IsFrozenIntoIdsAtPreview()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var filter = new DeviceListRequest(Search: "CLA-TR", IncludeSubOrganizations: false);

        var preview = await H.Get<TransferService>().PreviewAsync(TransferSelection.Matching(clientA, filter),
            await H.OrganizationIdAsync("Client B"), "admin@acme.example");
        await TransferTestData.AddDevicesAsync(H, "Client A", "admin@acme.example", 1, "CLA-TR-LATE");
        var result = await TransferAsync("Client B", "admin@acme.example", [.. preview.Tokens]);

        Assert.Equal(4, preview.Devices.Count);
        Assert.Equal(4, result.Moved);
        var late = await TokenAsync("CLA-TR-LATE-1");
        Assert.Equal(clientA, (await WhereIsAsync(late.DeviceId)).OrganizationId);
    }

    [Fact, Trait("Rule", "D8")]
    public async Task ABulkTransfer_IsLimitedInSize()
    {
        await using var h = await ServiceHarness.CreateAsync(settings: new() { ["Transfers:MaxBulkDevices"] = "3" });
        await h.ActAsync("admin@acme.example");
        var tokens = new List<DeviceToken>();
        foreach (var serial in new[] { "CLA-SN-1001", "CLA-SN-1002", "CLA-SN-1003", "CLA-SN-1004" })
            tokens.Add(await TransferTestData.TokenAsync(h, serial));

        var error = await Assert.ThrowsAsync<DomainException>(async () =>
            await h.Get<TransferService>().TransferAsync(new TransferRequest(tokens, await h.OrganizationIdAsync("Client B"), "admin@acme.example")));
        Assert.Equal("A transfer moves at most 3 devices at once; this one has 4. Narrow the selection.", error.Message);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task AStaleToken_WritesNothing_AndComesBeforeTheNoOpCheck()
    {
        var token = await TokenAsync("CLA-TR-1001");
        await H.ActAsync("admin@acme.example");
        await H.Get<DeviceCommands>().EditAsync(token, new DeviceDraft("Tracker renamed", "CLA-TR-1001", DeviceStatus.Online));

        await H.ActAsync("clienta.admin@acme.example");
        // Same owner, same organization: D5 would call it a no-op, but the device changed first (D9).
        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Client A", "clienta.user@acme.example", token));

        Assert.Equal("Tracker renamed changed after you loaded it: edited by admin@acme.example on 2026-11-01 12:00 UTC. Nothing was written; reload and try again.", error.Message);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task AStaleToken_AfterAMove_NamesBothOrganizations_RedactingOneOutsideTheView()
    {
        var token = await TokenAsync("CLA-SN-1001");
        await H.ActAsync("admin@acme.example");
        await TransferAsync("Client B", "admin@acme.example", token);
        await TransferAsync("Client A", "admin@acme.example", await TokenAsync("CLA-SN-1001"));

        await H.ActAsync("clienta.admin@acme.example");
        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Client A", "clienta.admin@acme.example", token));

        Assert.Equal("Client A Sensor 01 changed after you loaded it: moved from an organization outside your view to Client A by admin@acme.example on 2026-11-01 12:00 UTC. Nothing was written; reload and try again.", error.Message);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task ATransferAfterTheDeviceWasDeleted_SaysItWasMovedOutOfViewOrDeleted()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1003");
        await H.Get<DeviceCommands>().DeleteAsync(token);

        var error = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Client B", "admin@acme.example", token));

        Assert.Equal("Client A Sensor 03 was moved out of your view or deleted. Nothing was written.", error.Message);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task TheSameConfirmationSentTwice_TransfersOnce()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1004");
        var entries = await TransferEntriesAsync();

        await TransferAsync("Client B", "admin@acme.example", token);
        var again = await Assert.ThrowsAsync<TransferRefusedException>(() => TransferAsync("Client B", "admin@acme.example", token));

        Assert.Contains("moved from Client A to Client B by admin@acme.example", again.Message);
        Assert.Equal(entries + 1, await TransferEntriesAsync());
    }

    [Fact, Trait("Rule", "A4")]
    public async Task ACraftedCallWithADeviceOutsideTheView_IsNotFound()
    {
        await H.ActAsync("admin@acme.example");
        var foreign = await TokenAsync("GLX-PU-1001");

        await Assert.ThrowsAsync<NotFoundException>(() => TransferAsync("Client A", "admin@acme.example", foreign));
        await Assert.ThrowsAsync<NotFoundException>(() => TransferAsync("Client A", "admin@acme.example", new DeviceToken(foreign.DeviceId, Guid.NewGuid())));
        await Assert.ThrowsAsync<NotFoundException>(() => TransferAsync("Client A", "admin@acme.example", new DeviceToken(999_999, Guid.NewGuid())));
        await Assert.ThrowsAsync<NotFoundException>(async () => await TransferAsync("Client A", "admin@acme.example", await TokenAsync("CLA-SN-1001"), foreign));
        var globex = await H.OrganizationIdAsync("Globex");
        Assert.Equal(globex, (await WhereIsAsync(foreign.DeviceId)).OrganizationId);
    }

    [Fact, Trait("Rule", "D8"), Trait("Rule", "L1")]
    public async Task AFaultInTheMiddleOfABulkTransfer_LeavesNothingHalfWritten()
    {
        await H.ActAsync("admin@acme.example");
        var tokens = await TransferTestData.AddDevicesAsync(H, "Client A", "admin@acme.example", 50, "FAULT");
        await using (var db = H.NewDbContext())
        {
            // The devices are already updated when the 25th audit entry is inserted.
            await db.Database.ExecuteSqlRawAsync(TestSql.FailingAuditInsert("FAULT device 25", "injected fault"));
        }
        var entries = await TransferEntriesAsync();

        var fault = await Assert.ThrowsAnyAsync<Exception>(() => TransferAsync("Client B", null, [.. tokens]));

        Assert.Contains("injected fault", fault.Message);

        Assert.Equal(entries, await TransferEntriesAsync());
        await using var check = H.NewDbContext();
        var clientA = await H.OrganizationIdAsync("Client A");
        Assert.Equal(50, await check.Devices.CountAsync(d => d.SerialNumber.StartsWith("FAULT") && d.OrganizationId == clientA));
    }
}

internal static class TransferTestData
{
    public static Task<DeviceToken> TokenAsync(ServiceHarness h, string serial) => h.TokenAsync(serial);

    /// <summary>Adds devices named "{prefix} device N" with serials "{prefix}-N" straight to the database.</summary>
    public static async Task<List<DeviceToken>> AddDevicesAsync(ServiceHarness h, string organization, string ownerEmail, int count, string prefix)
    {
        var organizationId = await h.OrganizationIdAsync(organization);
        var ownerId = await h.AccountIdAsync(ownerEmail);
        await using var db = h.NewDbContext();
        var devices = Enumerable.Range(1, count)
            .Select(i => Device.Create($"{prefix} device {i}", $"{prefix}-{i}", organizationId, ownerId, DeviceStatus.Online, DateTime.UtcNow))
            .ToList();
        db.Devices.AddRange(devices);
        await db.SaveChangesAsync();
        return devices.Select(d => new DeviceToken(d.Id, d.Version)).ToList();
    }
}
