using DeviceConsole.Domain;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Members;

/// <summary>M8 set on the invitation: the membership its acceptance starts carries the end date.</summary>
public sealed class InvitationEndDateTests : ServiceTest
{
    private InvitationService Invitations => H.Get<InvitationService>();

    private DateTime Now => H.Clock.GetUtcNow().UtcDateTime;

    private static string TokenOf(InvitationSent sent) => sent.Link[(sent.Link.LastIndexOf('/') + 1)..];

    [Fact, Trait("Rule", "M8"), Trait("Rule", "M4")]
    public async Task AnInvitationWithAnEndDate_StartsAMembershipThatEndsThen()
    {
        await H.ActAsync("admin@acme.example");
        var ends = Now.AddDays(30);
        var sent = await Invitations.InviteAsync(await H.OrganizationIdAsync("Client B"), "globex.admin@globex.example", Role.Staff,
            ServiceHarness.PublicBaseUrl, ends);

        await H.ActAsync("globex.admin@globex.example");
        await H.Get<InvitationResponseService>().AcceptAsync(TokenOf(sent));

        var account = await H.AccountIdAsync("globex.admin@globex.example");
        var clientB = await H.OrganizationIdAsync("Client B");
        await using var db = H.NewDbContext();
        Assert.Equal(ends, (await db.Memberships.SingleAsync(m => m.AccountId == account && m.OrganizationId == clientB)).EndsAt);
    }

    [Fact, Trait("Rule", "M8")]
    public async Task AnInvitationWithAnEndDateInThePast_IsRefused_AndChangesNothing()
    {
        await H.ActAsync("admin@acme.example");
        var clientB = await H.OrganizationIdAsync("Client B");
        var before = await DatabaseFingerprint.OfAsync(H);

        var error = await Assert.ThrowsAsync<DomainException>(() => Invitations.InviteAsync(clientB,
            "someone@example.com", Role.User, ServiceHarness.PublicBaseUrl, Now.AddMinutes(-5)));

        Assert.StartsWith("An end date must be in the future", error.Message);
        Assert.Equal(before, await DatabaseFingerprint.OfAsync(H));
    }
}
