using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// A6 search through the trigram index: the same answers as a substring scan, kept in step with
/// every device write by the database, and every character of a term matched literally.
/// </summary>
public sealed class DeviceSearchIndexTests : ServiceTest
{
    private async Task<int> CreateAsync(string name, string serial)
    {
        await H.ActAsync("admin@acme.example");
        return (await H.Get<DeviceCommands>().CreateAsync(await H.OrganizationIdAsync("Client A"), new DeviceDraft(name, serial, DeviceStatus.Online))).DeviceId;
    }

    private async Task<IReadOnlyList<string>> SearchAsync(string term)
    {
        await H.ActAsync("admin@acme.example");
        var page = await H.Get<DeviceQueries>().ListAsync(await H.OrganizationIdAsync("Acme IoT"), new DeviceListRequest(Search: term, Take: 100));
        Assert.Equal(page.Total, page.Rows.Count);
        return page.Rows.Select(r => r.Name).ToList();
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_FindsNewEditedAndNotDeletedDevices_ByNameOrSerialIgnoringCase()
    {
        var id = await CreateAsync("Boiler Quartz", "QZ-77");
        Assert.Equal(["Boiler Quartz"], await SearchAsync("QUARTZ"));
        Assert.Equal(["Boiler Quartz"], await SearchAsync("qz-7"));

        var device = await H.Get<DeviceQueries>().GetAsync(id);
        await H.Get<DeviceCommands>().EditAsync(new DeviceToken(id, device.Version), new DeviceDraft("Boiler Topaz", "TZ-77", DeviceStatus.Online));
        Assert.Empty(await SearchAsync("quartz"));
        Assert.Equal(["Boiler Topaz"], await SearchAsync("topaz"));

        device = await H.Get<DeviceQueries>().GetAsync(id);
        await H.Get<DeviceCommands>().DeleteAsync(new DeviceToken(id, device.Version));
        Assert.Empty(await SearchAsync("topaz"));
    }

    [Theory, Trait("Rule", "A6")]
    [InlineData("50% \"off\" *", "50% \"off\" *")]
    [InlineData("a_b OR c", "a_b OR c")]
    [InlineData("x:y ^z", "x:y ^z")]
    [InlineData("(NEAR", "(NEAR")]
    public async Task Search_MatchesQuotesPercentUnderscoreAndFtsSyntaxLiterally(string name, string term)
    {
        await CreateAsync(name, "LIT-1");
        await CreateAsync("a decoy with off and OR and NEAR", "LIT-2");
        Assert.Equal([name], await SearchAsync(term));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_WithOneOrTwoCharacters_StillMatchesSubstrings()
    {
        await CreateAsync("Qj unit", "QJ-1");
        Assert.Equal(["Qj unit"], await SearchAsync("qj"));
        Assert.Contains("Qj unit", await SearchAsync("j"));
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_OfThreeOrMoreCharacters_AgreesWithTheSubstringScan()
    {
        foreach (var term in new[] { "sensor", "cla-sn", "Cold room 0", "warehouse", "nothing like it", "acme.ex", "user@acme" })
        {
            var expected = await ScanAsync(term);
            Assert.Equal(expected, (await SearchAsync(term)).Order(StringComparer.Ordinal).ToList());
        }
    }

    [Fact, Trait("Rule", "A6")]
    public async Task Search_ByOwnerEmail_ReadsTheIndex_AndFollowsAnEmailChange()
    {
        var owned = await ScanAsync("clienta.user");
        Assert.NotEmpty(owned);
        Assert.Equal(owned, (await SearchAsync("CLIENTA.USER")).Order(StringComparer.Ordinal).ToList());

        var users = H.Get<UserManager<ApplicationUser>>();
        var user = await users.FindByEmailAsync("clienta.user@acme.example");
        await users.SetEmailAsync(user!, "renamed.person@acme.example");

        Assert.Empty(await SearchAsync("clienta.user"));
        Assert.Equal(owned, (await SearchAsync("renamed.per")).Order(StringComparer.Ordinal).ToList());
    }

    private async Task<List<string>> ScanAsync(string term)
    {
        await using var db = H.NewDbContext();
        var devices = db.Devices.Select(d => new { d.Name, d.SerialNumber, d.OwnerId }).ToList();
        var owners = db.Users.ToDictionary(u => u.Id, u => u.Email ?? "");
        return devices.Where(d => d.Name.Contains(term, StringComparison.OrdinalIgnoreCase)
                || d.SerialNumber.Contains(term, StringComparison.OrdinalIgnoreCase)
                || owners[d.OwnerId].Contains(term, StringComparison.OrdinalIgnoreCase))
            .Select(d => d.Name).Order(StringComparer.Ordinal).ToList();
    }
}
