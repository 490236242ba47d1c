using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

public sealed class AppearanceServiceTests : ServiceTest
{
    [Fact]
    public async Task AnAccount_FollowsTheSystemUntilItChooses_AndTheChoiceIsKeptOnTheAccount()
    {
        var adminId = await H.ActAsync("admin@acme.example");
        var appearance = H.Get<AppearanceService>();
        Assert.Equal(ColorScheme.System, await appearance.GetAsync());

        await appearance.SetAsync(ColorScheme.Dark);

        Assert.Equal(ColorScheme.Dark, await appearance.GetAsync());
        await using var db = H.NewDbContext();
        Assert.Equal(ColorScheme.Dark, await db.Users.Where(u => u.Id == adminId).Select(u => u.ColorScheme).SingleAsync());
        // Another account's choice is its own.
        await H.ActAsync("staff@acme.example");
        Assert.Equal(ColorScheme.System, await appearance.GetAsync());
    }

    [Fact]
    public async Task ACraftedValue_IsRefused_AndChangesNothing()
    {
        await H.ActAsync("admin@acme.example");
        var appearance = H.Get<AppearanceService>();
        await appearance.SetAsync(ColorScheme.Light);

        var error = await Assert.ThrowsAsync<DomainException>(() => appearance.SetAsync((ColorScheme)7));

        Assert.Equal("Choose light, dark, or the system setting.", error.Message);
        Assert.Equal(ColorScheme.Light, await appearance.GetAsync());
    }
}
