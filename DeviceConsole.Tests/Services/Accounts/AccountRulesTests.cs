using DeviceConsole.Data;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

public sealed class AccountRulesTests : ServiceTest
{
    [Fact, Trait("Rule", "S1")]
    public async Task EmailIsUniqueAcrossTheSystem_IgnoringCase_InTheDatabaseToo()
    {
        await using var db = H.NewDbContext();
        db.Users.Add(new ApplicationUser
        {
            UserName = "other", NormalizedUserName = "OTHER",
            Email = "Admin@Acme.Example", NormalizedEmail = "ADMIN@ACME.EXAMPLE",
        });
        await Assert.ThrowsAsync<DbUpdateException>(() => db.SaveChangesAsync());
    }

    [Fact, Trait("Rule", "S1")]
    public async Task DemoAccounts_AreConfirmed_SoTheyCanSignInAtOnce()
    {
        await using var db = H.NewDbContext();
        Assert.Equal(6, await db.Users.CountAsync(u => u.EmailConfirmed));
    }

    [Fact, Trait("Rule", "S1")]
    public async Task Seeding_IsIdempotent()
    {
        Assert.False(await H.Get<DemoSeeder>().SeedAsync(ServiceHarness.DemoPassword));
        await using var db = H.NewDbContext();
        Assert.Equal(5, await db.Organizations.CountAsync());
        Assert.Equal(6, await db.Users.CountAsync());
    }

    [Fact, Trait("Rule", "S1")]
    public async Task DemoSeed_AuditsWhatItCreated_AsTheSystem()
    {
        await using var db = H.NewDbContext();
        var entries = await db.AuditEntries.ToListAsync();
        Assert.All(entries, e => Assert.Equal("system", e.ActorEmail));
        Assert.Equal(await db.Devices.CountAsync(), entries.Count(e => e.Action == "device.created"));
    }
}
