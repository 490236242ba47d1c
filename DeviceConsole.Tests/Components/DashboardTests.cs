using Bunit;
using DeviceConsole.Components.Pages;
using DeviceConsole.Domain;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Components;

public sealed class DashboardTests : ComponentTest
{
    private async Task AddInvitationAsync(string email, string organization, TimeSpan expiresIn)
    {
        var inviter = await Harness.AccountIdAsync("admin@acme.example");
        var now = Harness.Clock.GetUtcNow().UtcDateTime;
        await using var db = Harness.NewDbContext();
        db.Invitations.Add(Invitation.Create(email, email.ToUpperInvariant(), await Harness.OrganizationIdAsync(organization), Role.Staff,
            inviter, Guid.NewGuid().ToString("N"), now, now + expiresIn));
        await db.SaveChangesAsync();
    }

    [Fact, Trait("Rule", "A4")]
    public async Task RootAdmin_SeesOrganizationsWithoutTheirOwnAdmin_AndInvitationsExpiringWithin48Hours()
    {
        await AddInvitationAsync("soon@example.org", "Client B", TimeSpan.FromHours(20));
        await AddInvitationAsync("later@example.org", "Client B", TimeSpan.FromDays(5));
        await Harness.ActAsync("admin@acme.example");

        var cut = RenderWithProviders<Dashboard>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=health-warnings]")));
        Assert.Equal(["Acme IoT / Client A / Client A Warehouse", "Acme IoT / Client B"],
            cut.FindAll("[data-testid=warning-without-admin]").Select(w => w.TextContent.Split(" has no Admin")[0].Trim()));
        var invitation = Assert.Single(cut.FindAll("[data-testid=warning-expiring-invitation]"));
        Assert.Contains("soon@example.org to Client B as Staff expires 2026-11-02 08:00:00 (UTC)",
            System.Text.RegularExpressions.Regex.Replace(invitation.TextContent, @"\s+", " "));
        Assert.Empty(cut.FindAll("[data-testid=warning-owner-without-access]"));
        Assert.Equal(10, cut.FindAll("[data-testid=latest-audit] tbody tr").Count);
    }

    [Fact, Trait("Rule", "D1")]
    public async Task ADeviceWhoseOwnerHasNoAccess_IsShownWithALinkToIt()
    {
        var outsider = await Harness.AccountIdAsync("globex.admin@globex.example");
        int deviceId;
        await using (var db = Harness.NewDbContext())
        {
            var device = Device.Create("Stray meter", "STRAY-1", await Harness.OrganizationIdAsync("Client B"), outsider,
                DeviceStatus.Online, DateTime.UtcNow);
            db.Devices.Add(device);
            await db.SaveChangesAsync();
            deviceId = device.Id;
        }
        await Harness.ActAsync("admin@acme.example");

        var cut = RenderWithProviders<Dashboard>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=warning-owner-without-access]")));
        var warning = Assert.Single(cut.FindAll("[data-testid=warning-owner-without-access]"));
        Assert.Contains("Stray meter (STRAY-1) in Acme IoT / Client B is owned by globex.admin@globex.example", warning.TextContent);
        Assert.Equal($"devices/{deviceId}", warning.QuerySelector("a")!.GetAttribute("href"));
    }

    [Fact, Trait("Rule", "A4")]
    public async Task ASubOrganizationsAdmin_SeesOnlyWarningsOfItsOwnSubtree()
    {
        await AddInvitationAsync("soon@example.org", "Client B", TimeSpan.FromHours(20));
        await Harness.ActAsync("clienta.admin@acme.example");

        var cut = RenderWithProviders<Dashboard>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=warning-without-admin]")));
        Assert.Contains("Client A Warehouse", Assert.Single(cut.FindAll("[data-testid=warning-without-admin]")).TextContent);
        Assert.Empty(cut.FindAll("[data-testid=warning-expiring-invitation]"));
        Assert.DoesNotContain("Client B", cut.Markup);
    }

    [Fact, Trait("Rule", "A4")]
    public async Task AUsersDashboard_HasNoWarningsAndNoAuditEntries()
    {
        await AddInvitationAsync("soon@example.org", "Client A", TimeSpan.FromHours(20));
        await Harness.ActAsync("clienta.user@acme.example");

        var cut = RenderWithProviders<Dashboard>();

        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=devices-by-status]")));
        Assert.DoesNotContain("Needs attention", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=latest-audit]"));
        Assert.DoesNotContain("soon@example.org", cut.Markup);
    }
}
