using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Tests.Support;
using System.Data.Common;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Logging;

namespace DeviceConsole.Tests.Services.Audit;

public sealed class AuditLogTests : ServiceTest
{
    private AuditEntry AddRename(AppDbContext db, Organization organization, string summary) =>
        H.AddAuditEntry(db, Actor.System, AuditActions.OrganizationRenamed, AuditTargets.Organization,
            organization.Id.ToString(), organization.Name, summary, [AuditOrganization.Of(organization)],
            before: new { Name = "Old" }, after: new { Name = organization.Name });

    [Fact, Trait("Rule", "L1")]
    public async Task AnEntry_CommitsWithItsChange_InOneTransaction()
    {
        await using (var db = H.NewDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var organization = await db.Organizations.SingleAsync(o => o.Name == "Client B");
            organization.Rename("Client B Renamed");
            AddRename(db, organization, "Renamed Client B");
            await db.SaveChangesAsync();
            await tx.CommitAsync();
        }

        await using var check = H.NewDbContext();
        Assert.True(await check.Organizations.AnyAsync(o => o.Name == "Client B Renamed"));
        var entry = await check.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Summary == "Renamed Client B");
        Assert.Equal("Client B Renamed", Assert.Single(entry.Organizations).Name);
        Assert.Equal(H.Clock.GetUtcNow().UtcDateTime, entry.At);
    }

    [Fact, Trait("Rule", "L1")]
    public async Task AChangeThatFailsAtSave_LeavesNoEntry()
    {
        var before = await H.AuditCountAsync();
        await using (var db = H.NewDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var organization = await db.Organizations.SingleAsync(o => o.Name == "Client B");
            AddRename(db, organization, "Registered a duplicate");
            // The change itself fails at SaveChanges: a serial number already registered (D2's unique index).
            var owner = await db.Users.Where(u => u.Email == "admin@acme.example").Select(u => u.Id).SingleAsync();
            db.Devices.Add(Device.Create("Duplicate", "CLB-MT-1001", organization.Id, owner, DeviceStatus.Online, DateTime.UtcNow));
            await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(before, await H.AuditCountAsync());
        await using var check = H.NewDbContext();
        Assert.False(await check.AuditEntries.AnyAsync(e => e.Summary == "Registered a duplicate"));
    }

    [Fact, Trait("Rule", "L1")]
    public async Task AnEntrySavedInATransactionThatIsNotCommitted_IsGoneWithItsChange()
    {
        var before = await H.AuditCountAsync();
        await using (var db = H.NewDbContext())
        {
            await using var tx = await db.Database.BeginTransactionAsync();
            var organization = await db.Organizations.SingleAsync(o => o.Name == "Client B");
            organization.Rename("Never");
            AddRename(db, organization, "Never committed");
            await db.SaveChangesAsync();
            // A later check fails: the transaction is disposed without a commit.
        }

        Assert.Equal(before, await H.AuditCountAsync());
        await using var check = H.NewDbContext();
        Assert.False(await check.Organizations.AnyAsync(o => o.Name == "Never"));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ASaveThatModifiesAnEntry_IsRefused()
    {
        await using (var db = H.NewDbContext())
        {
            var entry = await db.AuditEntries.OrderBy(e => e.Id).FirstAsync();
            db.Entry(entry).Property(e => e.Summary).CurrentValue = "Rewritten history";
            var refusal = await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
            Assert.Contains("append-only", refusal.Message);
            Assert.Throws<InvalidOperationException>(() => db.SaveChanges());
        }

        await using var check = H.NewDbContext();
        Assert.False(await check.AuditEntries.AnyAsync(e => e.Summary == "Rewritten history"));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task ASaveThatDeletesAnEntryOrOneOfItsOrganizations_IsRefused()
    {
        var before = await H.AuditCountAsync();
        await using (var db = H.NewDbContext())
        {
            db.AuditEntries.Remove(await db.AuditEntries.OrderBy(e => e.Id).FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = H.NewDbContext())
        {
            db.AuditOrganizations.Remove(await db.AuditOrganizations.OrderBy(o => o.Id).FirstAsync());
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }
        await using (var db = H.NewDbContext())
        {
            var place = await db.AuditOrganizations.OrderBy(o => o.Id).FirstAsync();
            db.Entry(place).Property(o => o.Name).CurrentValue = "Elsewhere";
            await Assert.ThrowsAsync<InvalidOperationException>(() => db.SaveChangesAsync());
        }

        Assert.Equal(before, await H.AuditCountAsync());
    }

    [Fact, Trait("Rule", "L3")]
    public async Task SetBasedUpdatesAndDeletes_AreRefusedByTheDatabaseItself()
    {
        var before = await H.AuditCountAsync();
        await using var db = H.NewDbContext();

        await Assert.ThrowsAnyAsync<DbException>(() => db.AuditEntries.ExecuteDeleteAsync());
        await Assert.ThrowsAnyAsync<DbException>(() => db.AuditOrganizations.ExecuteDeleteAsync());
        var update = await Assert.ThrowsAnyAsync<DbException>(() =>
            db.AuditEntries.ExecuteUpdateAsync(s => s.SetProperty(e => e.Summary, "Rewritten history")));
        await Assert.ThrowsAnyAsync<DbException>(() =>
            db.AuditOrganizations.ExecuteUpdateAsync(s => s.SetProperty(o => o.Path, "/0/")));

        Assert.Contains("append-only", update.Message);
        Assert.Equal(before, await H.AuditCountAsync());
        Assert.False(await db.AuditEntries.AnyAsync(e => e.Summary == "Rewritten history"));
    }

    [Fact, Trait("Rule", "L3")]
    public async Task DeletingAnOrganizationOrAnAccount_LeavesItsEntriesUntouched()
    {
        var before = await H.AuditCountAsync();
        var accountId = await H.CreateAccountAsync("leaver@example.com");
        await using (var db = H.NewDbContext())
        {
            var parent = await db.Organizations.SingleAsync(o => o.Name == "Client B");
            var child = Organization.Create("Temporary", parent, DateTime.UtcNow);
            db.Organizations.Add(child);
            await db.SaveChangesAsync();
            child.AssignPath(parent.Path);
            H.AddAuditEntry(db, new Actor(accountId, "leaver@example.com"), AuditActions.OrganizationCreated,
                AuditTargets.Organization, child.Id.ToString(), child.Name, "Created Temporary", [AuditOrganization.Of(child)]);
            await db.SaveChangesAsync();
            db.Organizations.Remove(child);
            db.Users.Remove(await db.Users.SingleAsync(u => u.Id == accountId));
            await db.SaveChangesAsync();
        }

        await using var check = H.NewDbContext();
        Assert.Equal(before + 1, await check.AuditEntries.CountAsync());
        var entry = await check.AuditEntries.Include(e => e.Organizations).SingleAsync(e => e.Summary == "Created Temporary");
        Assert.Equal(("leaver@example.com", "Temporary"), (entry.ActorEmail, entry.Organizations.Single().Name));
    }

    [Fact, Trait("Rule", "L2")]
    public async Task ARefusal_IsAStructuredWarningWithActorRuleAndTarget_AndNeverAnAuditEntry()
    {
        var before = await H.AuditCountAsync();
        var userId = await H.ActAsync("clienta.user@acme.example");
        var access = H.Get<AccessService>();
        await using var db = H.NewDbContext();
        var view = await access.LoadViewAsync(db);
        var clientA = await access.RequireVisibleAsync(db, view, await H.OrganizationIdAsync("Client A"));

        var refusal = Assert.Throws<DomainException>(() => access.RequireRole(view, clientA, Role.Admin, "Inviting", "M1"));

        Assert.Equal("Inviting needs Admin in Client A.", refusal.Message);
        var warning = Assert.Single(H.Logs.Entries, e => e.Level == LogLevel.Warning && e.Message.Contains("M1"));
        Assert.Contains(userId, warning.Message);
        Assert.Contains($"organization {clientA.Id}", warning.Message);
        Assert.Equal(before, await H.AuditCountAsync());
    }
}
