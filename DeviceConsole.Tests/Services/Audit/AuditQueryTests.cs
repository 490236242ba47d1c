using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Audit;

public sealed class AuditQueryTests : ServiceTest
{
    private const string HiddenOrganization = "an organization outside your view";
    private const string HiddenAccount = "an account outside your view";


    private AuditQueries Audit => H.Get<AuditQueries>();

    private async Task<AuditPage> PageAsync(string email, AuditFilter? filter = null, int take = 100)
    {
        await H.ActAsync(email);
        return await Audit.GetPageAsync(new AuditPageRequest(filter ?? new AuditFilter(), 0, take));
    }

    // The seed writes 70 entries: 5 organizations, 7 memberships, 58 devices.
    [Fact, Trait("Rule", "L3")]
    public async Task RootAdmin_SeesEveryEntryOfItsTree_AndNoneOfAnotherTree()
    {
        var page = await PageAsync("admin@acme.example");

        Assert.Equal(55, page.Total);
        Assert.DoesNotContain(page.Rows, r => r.Summary.Contains("Globex") || r.Summary.Contains("Pump"));
        Assert.DoesNotContain(page.Rows, r => r.Summary.Contains(HiddenOrganization) || r.Summary.Contains(HiddenAccount));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Staff_SeesOnlyDeviceEntries_OfItsSubtree()
    {
        var page = await PageAsync("staff@acme.example");

        Assert.Equal(46, page.Total);
        Assert.All(page.Rows, r => Assert.Equal(AuditTargets.Device, r.TargetType));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task SubOrganizationAdmin_SeesOnlyItsSubtree()
    {
        var page = await PageAsync("clienta.admin@acme.example");

        Assert.Equal(30, page.Total);
        Assert.All(page.Rows, r => Assert.Contains(r.Where, new[] { "Client A", "Client A Warehouse" }));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnotherTreesAdmin_SeesOnlyItsOwnTree()
    {
        var page = await PageAsync("globex.admin@globex.example");

        Assert.Equal(15, page.Total);
        Assert.All(page.Rows, r => Assert.Equal("Globex", r.Where));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task StaffOfOneTree_AndUserOfAnother_SeesOnlyTheDeviceEntriesWhereItIsStaff()
    {
        var page = await PageAsync("multi@example.com");

        Assert.Equal(12, page.Total);
        Assert.All(page.Rows, r => Assert.Equal(("Globex", AuditTargets.Device), (r.Where, r.TargetType)));
    }

    [Fact, Trait("Rule", "L3"), Trait("Rule", "L2")]
    public async Task User_IsRefused_TheRefusalIsLoggedWithActorRuleAndTarget_AndWritesNoEntry()
    {
        var before = await H.AuditCountAsync();
        var userId = await H.ActAsync("clienta.user@acme.example");

        var refusal = await Assert.ThrowsAsync<DomainException>(() => Audit.GetPageAsync(new AuditPageRequest(new AuditFilter())));

        Assert.Contains("needs Admin", refusal.Message);
        Assert.Contains(H.Logs.Entries, e => e.Level == Microsoft.Extensions.Logging.LogLevel.Warning
            && e.Message.Contains("L3") && e.Message.Contains(userId) && e.Message.Contains("audit log"));
        Assert.Equal(before, await H.AuditCountAsync());
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnEntryStoredOutsideTheSubtree_IsVisible_WhenItsTargetIsADeviceTheAdminManagesNow()
    {
        var device = await H.DeviceIdAsync("CLA-SN-1001");
        await H.AddDeviceEntryAsync(device, "Client A Sensor 01", "Renamed while in Client B", "Client B");

        var page = await PageAsync("clienta.admin@acme.example");

        Assert.Equal(31, page.Total);
        var row = Assert.Single(page.Rows, r => r.Summary.Contains("while in"));
        Assert.Equal("Renamed while in " + HiddenOrganization, row.Summary);
        Assert.Equal(HiddenOrganization, row.Where);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnEntryOfAnotherSubtree_ThatIsNotAboutADeviceInView_StaysHidden()
    {
        await H.AddEntryAsync(AuditActions.OrganizationRenamed, AuditTargets.Organization, "x", "Client B", "Renamed Client B",
            [("Client B", AuditParts.Organization)], "admin@acme.example");

        Assert.Equal(30, (await PageAsync("clienta.admin@acme.example")).Total);
        Assert.Equal(56, (await PageAsync("admin@acme.example")).Total);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task EntriesOfADeletedOrganization_StayVisible_ByTheirStoredPath()
    {
        int id;
        await using (var db = H.NewDbContext())
        {
            var parent = await db.Organizations.SingleAsync(o => o.Name == "Client A");
            var child = Organization.Create("Short-lived", parent, DateTime.UtcNow);
            db.Organizations.Add(child);
            await db.SaveChangesAsync();
            child.AssignPath(parent.Path);
            await db.SaveChangesAsync();
            id = child.Id;
        }
        await H.AddEntryAsync(AuditActions.OrganizationCreated, AuditTargets.Organization, id.ToString(), "Short-lived",
            "Created Short-lived", [("Short-lived", AuditParts.Organization)], "clienta.admin@acme.example");
        await using (var db = H.NewDbContext())
        {
            db.Organizations.Remove(await db.Organizations.SingleAsync(o => o.Id == id));
            await db.SaveChangesAsync();
        }

        var page = await PageAsync("clienta.admin@acme.example");

        var row = Assert.Single(page.Rows, r => r.Action == AuditActions.OrganizationCreated && r.Target == "Short-lived");
        Assert.Equal("Created Short-lived", row.Summary);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task NamesAndEmailsOutsideTheView_AreRedacted_EverywhereInTheEntry()
    {
        var device = await H.DeviceIdAsync("CLB-MT-1001");
        await H.AddEntryAsync(AuditActions.DeviceTransferred, AuditTargets.Device, device.ToString(), "Client B Meter 01",
            "Client B Meter 01 moved from Client B to Client A, from multi@example.com to clienta.user@acme.example",
            [("Client B", AuditParts.Source), ("Client A", AuditParts.Destination)], "multi@example.com",
            before: new { Owner = "multi@example.com", Organization = "Client B" },
            after: new { Owner = "clienta.user@acme.example", Organization = "Client A" });
        await H.MoveDeviceAsync("CLB-MT-1001", "Client A", "clienta.user@acme.example");

        var row = Assert.Single((await PageAsync("clienta.admin@acme.example")).Rows, r => r.Action == AuditActions.DeviceTransferred);

        Assert.Equal(HiddenAccount, row.Actor);
        Assert.Equal("Client B Meter 01", row.Target);
        Assert.Equal($"Client B Meter 01 moved from {HiddenOrganization} to Client A, from {HiddenAccount} to clienta.user@acme.example", row.Summary);
        Assert.Equal($"from {HiddenOrganization}, to Client A", row.Where);
        Assert.Null(row.Organizations[0].OrganizationId);
        Assert.Equal(
            [new AuditDetail("owner", HiddenAccount, "clienta.user@acme.example"), new AuditDetail("organization", HiddenOrganization, "Client A")],
            row.Details);

        // The root's Admin sees the same entry whole.
        var whole = Assert.Single((await PageAsync("admin@acme.example")).Rows, r => r.Action == AuditActions.DeviceTransferred);
        Assert.Equal("multi@example.com", whole.Actor);
        Assert.Equal("from Client B, to Client A", whole.Where);
        Assert.DoesNotContain(HiddenAccount, whole.Summary + whole.Before + whole.After);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnEmailStoredWithItsAtSignEscaped_IsRedactedLikeAnyOther()
    {
        var device = await H.DeviceIdAsync("CLA-SN-1003");
        long entryId;
        await using (var db = H.NewDbContext())
        {
            var clientA = await db.Organizations.SingleAsync(o => o.Name == "Client A");
            var entry = H.AddAuditEntry(db, Actor.System, AuditActions.DeviceEdited, AuditTargets.Device, device.ToString(),
                "Client A Sensor 03", "Edited", [AuditOrganization.Of(clientA)]);
            // JSON may escape any character; "\u0040" is an "@" to every reader of the details.
            db.Entry(entry).Property(e => e.After).CurrentValue = "{\"note\":\"lent to globex.admin\\u0040globex.example\"}";
            await db.SaveChangesAsync();
            entryId = entry.Id;
        }

        var row = Assert.Single((await PageAsync("clienta.admin@acme.example")).Rows, r => r.Id == entryId);

        Assert.Equal([new AuditDetail("note", null, $"lent to {HiddenAccount}")], row.Details);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnActorWithARoleAboveTheViewersOrganization_IsShown()
    {
        await H.AddEntryAsync(AuditActions.OrganizationRenamed, AuditTargets.Organization, "1", "Client A",
            "Client A was renamed by admin@acme.example", [("Client A", AuditParts.Organization)], "admin@acme.example");

        var row = Assert.Single((await PageAsync("clienta.admin@acme.example")).Rows, r => r.Action == AuditActions.OrganizationRenamed);

        // admin@acme.example has a role above Client A: in the view of Client A's Admin (A4 accounts).
        Assert.Equal("admin@acme.example", row.Actor);
        Assert.Equal("Client A was renamed by admin@acme.example", row.Summary);
    }

    [Fact, Trait("Rule", "L3")]
    public void Redaction_ReplacesWholeWordsOnly_AndNeverCutsAVisibleName()
    {
        var terms = new List<(string, string?)> { ("Client A", null), ("Client", HiddenOrganization), ("Cli", HiddenOrganization) };

        Assert.Equal($"Client A and {HiddenOrganization}, Clients", AuditRedactor.Replace("Client A and Client, Clients", terms));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnInvitedEmail_IsShownToTheOrganizationsAdmin_EvenWithoutAnAccount()
    {
        await H.AddEntryAsync(AuditActions.InvitationCreated, AuditTargets.Invitation, "7", "new.person@example.org",
            "Invited new.person@example.org to Client A as Staff", [("Client A", AuditParts.Organization)], "clienta.admin@acme.example");

        var row = Assert.Single((await PageAsync("clienta.admin@acme.example")).Rows, r => r.Action == AuditActions.InvitationCreated);

        Assert.Equal("new.person@example.org", row.Target);
        Assert.Equal("Invited new.person@example.org to Client A as Staff", row.Summary);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task TimeRange_IsHalfOpen_AndInUtc()
    {
        var device = await H.DeviceIdAsync("ACME-GW-1001");
        H.Clock.Advance(TimeSpan.FromDays(1));
        await H.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", "Day two", "Acme IoT");
        H.Clock.Advance(TimeSpan.FromDays(1));
        await H.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", "Day three", "Acme IoT");
        var dayTwo = new DateTime(2026, 11, 2, 12, 0, 0, DateTimeKind.Utc);

        var page = await PageAsync("admin@acme.example", new AuditFilter(FromUtc: dayTwo, ToUtc: dayTwo.AddDays(1)));

        Assert.Equal(["Day two"], page.Rows.Select(r => r.Summary));
        Assert.Equal(2, (await PageAsync("admin@acme.example", new AuditFilter(FromUtc: dayTwo))).Total);
        Assert.Equal(55, (await PageAsync("admin@acme.example", new AuditFilter(ToUtc: dayTwo))).Total);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task AnInvertedTimeRange_IsRefusedWithAClearMessage()
    {
        await H.ActAsync("admin@acme.example");
        var start = new DateTime(2026, 11, 5, 0, 0, 0, DateTimeKind.Utc);

        var refusal = await Assert.ThrowsAsync<DomainException>(() =>
            Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(FromUtc: start, ToUtc: start.AddDays(-2)))));

        Assert.Equal("The time range ends before it starts: choose an end date on or after the start date.", refusal.Message);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ActionFilter_NarrowsToOneAction()
    {
        var page = await PageAsync("admin@acme.example", new AuditFilter(Action: AuditActions.MembershipAdded));

        Assert.Equal(5, page.Total);
        Assert.All(page.Rows, r => Assert.Equal(AuditActions.MembershipAdded, r.Action));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ActorFilter_FindsAVisibleActor_AndRevealsNothingAboutOneOutsideTheView()
    {
        var device = await H.DeviceIdAsync("CLA-SN-1002");
        await H.AddDeviceEntryAsync(device, "Client A Sensor 02", "Edited by multi", "Client A", "multi@example.com");
        await H.AddDeviceEntryAsync(device, "Client A Sensor 02", "Edited by the root admin", "Client A", "admin@acme.example");

        Assert.Equal(["Edited by the root admin"],
            (await PageAsync("clienta.admin@acme.example", new AuditFilter(Actor: "ADMIN@acme.example"))).Rows.Select(r => r.Summary));
        Assert.Equal(30, (await PageAsync("clienta.admin@acme.example", new AuditFilter(Actor: "system"))).Total);
        // multi@example.com wrote an entry this Admin sees (redacted); filtering by that address must not confirm it.
        var probe = await PageAsync("clienta.admin@acme.example", new AuditFilter(Actor: "multi@example.com"));
        var nobody = await PageAsync("clienta.admin@acme.example", new AuditFilter(Actor: "nobody@example.com"));
        Assert.Equal((0, 0), (probe.Total, nobody.Total));
        Assert.Equal(1, (await PageAsync("admin@acme.example", new AuditFilter(Actor: "multi@example.com"))).Total);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task OrganizationFilter_WithAndWithoutItsSubtree()
    {
        var clientA = await H.OrganizationIdAsync("Client A");

        var own = await PageAsync("admin@acme.example", new AuditFilter(OrganizationId: clientA, IncludeSubOrganizations: false));
        var subtree = await PageAsync("admin@acme.example", new AuditFilter(OrganizationId: clientA, IncludeSubOrganizations: true));

        Assert.Equal(17, own.Total);
        Assert.Equal(30, subtree.Total);
        Assert.Contains(subtree.Rows, r => r.Where == "Client A Warehouse");
        Assert.DoesNotContain(own.Rows, r => r.Where == "Client A Warehouse");
    }

    [Fact, Trait("Rule", "L3")]
    public async Task OrganizationFilter_FollowsAnOrganizationMovedSince_ByItsId()
    {
        var warehouse = await H.OrganizationIdAsync("Client A Warehouse");
        await using (var db = H.NewDbContext())
        {
            var moved = await db.Organizations.SingleAsync(o => o.Id == warehouse);
            moved.MoveUnder(await db.Organizations.SingleAsync(o => o.Name == "Client B"));
            await db.SaveChangesAsync();
        }

        var page = await PageAsync("admin@acme.example", new AuditFilter(OrganizationId: await H.OrganizationIdAsync("Client B")));

        // Client B's own 12 entries, plus the Warehouse's 13 stored under its old path.
        Assert.Equal(12 + 13, page.Total);
    }

    [Theory, Trait("Rule", "L3")]
    [InlineData("Client B")]
    [InlineData("Globex")]
    public async Task AForeignOrganizationFilter_IsNotFound_LikeAMissingOne(string foreign)
    {
        var foreignId = await H.OrganizationIdAsync(foreign);
        await H.ActAsync("clienta.admin@acme.example");

        var refused = await Assert.ThrowsAsync<NotFoundException>(() =>
            Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(OrganizationId: foreignId))));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() =>
            Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(OrganizationId: 999_999))));

        Assert.Equal(missing.Message, refused.Message);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task DeviceFilter_ListsTheDevicesEntries_AndAForeignDeviceIsNotFound()
    {
        var page = await PageAsync("admin@acme.example", new AuditFilter(DeviceSerial: "cla-sn-1001"));
        Assert.Equal(["Registered Client A Sensor 01 in Client A (demo data)"], page.Rows.Select(r => r.Summary));

        await H.ActAsync("globex.admin@globex.example");
        var foreign = await Assert.ThrowsAsync<NotFoundException>(() =>
            Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(DeviceSerial: "CLA-SN-1001"))));
        var missing = await Assert.ThrowsAsync<NotFoundException>(() =>
            Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(DeviceSerial: "NO-SUCH-1"))));
        Assert.Equal(missing.Message, foreign.Message);
    }

    [Fact, Trait("Rule", "L3")]
    public async Task Pages_AreNewestFirst_AndPagedInSql()
    {
        var device = await H.DeviceIdAsync("ACME-GW-1001");
        for (var i = 1; i <= 3; i++)
        {
            H.Clock.Advance(TimeSpan.FromMinutes(1));
            await H.AddDeviceEntryAsync(device, "Acme IoT Gateway 01", $"Change {i}", "Acme IoT");
        }
        await H.ActAsync("admin@acme.example");

        var first = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 0, 2));
        var second = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 2, 2));
        var oldest = await Audit.GetPageAsync(new AuditPageRequest(new AuditFilter(), 0, 1, OldestFirst: true));

        Assert.Equal(["Change 3", "Change 2"], first.Rows.Select(r => r.Summary));
        Assert.Equal("Change 1", second.Rows[0].Summary);
        Assert.Equal((58, 58), (first.Total, second.Total));
        Assert.Equal(AuditActions.OrganizationCreated, oldest.Rows[0].Action);
    }
}
