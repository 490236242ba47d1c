using DeviceConsole.Domain;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Members;

/// <summary>
/// An invitation whose email cannot be delivered is kept (it is committed with its audit entry and
/// its link works) and the answer says so plainly; resending, once delivery works, sends a new link.
/// </summary>
public sealed class InvitationMailFailureTests : ServiceTest
{
    // A file where the mail folder should be: every delivery fails, as with an unreachable SMTP server.
    private void BreakDelivery() => File.WriteAllText(H.MailFolder, "");

    private void RepairDelivery() => File.Delete(H.MailFolder);

    public override async ValueTask DisposeAsync()
    {
        if (File.Exists(H.MailFolder))
            RepairDelivery();
        await base.DisposeAsync();
    }

    [Fact, Trait("Rule", "M4"), Trait("Rule", "L1")]
    public async Task AFailedEmail_KeepsThePendingInvitation_AndSaysSoWithTheWayOut_ThenResendDelivers()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        BreakDelivery();

        var sent = await H.Get<InvitationService>().InviteAsync(clientA, "bob@example.com", Role.Staff, ServiceHarness.PublicBaseUrl);

        Assert.False(sent.EmailSent);
        Assert.StartsWith("The invitation of bob@example.com as Staff of Client A is saved and valid until", sent.Message);
        Assert.Contains("its email could not be sent. Resend it later, or copy the link", sent.Message);
        await using (var db = H.NewDbContext())
        {
            var invitation = await db.Invitations.SingleAsync(i => i.Id == sent.InvitationId);
            Assert.Equal(InvitationState.Pending, invitation.EffectiveState(H.Clock.GetUtcNow().UtcDateTime));
            Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationCreated));
        }
        var logged = Assert.Single(H.Logs.Entries, e => e.Message.Contains("could not be sent"));
        Assert.DoesNotContain(sent.Link, logged.Message);

        RepairDelivery();
        var resent = await H.Get<InvitationService>().ResendAsync(sent.InvitationId, ServiceHarness.PublicBaseUrl);

        Assert.True(resent.EmailSent);
        Assert.NotEqual(sent.Link, resent.Link);
        var mail = File.ReadAllText(Assert.Single(Directory.GetFiles(H.MailFolder, "*.eml")));
        Assert.Contains(resent.Link, mail);
    }

    [Fact, Trait("Rule", "M7")]
    public async Task AnEmailRefusedByThePerAddressCap_AlsoKeepsTheInvitation()
    {
        await using var harness = await ServiceHarness.CreateAsync(settings: new() { ["Mail:PerAddressPerHour"] = "1" });
        await harness.ActAsync("admin@acme.example");
        var clientA = await harness.OrganizationIdAsync("Client A");
        var first = await harness.Get<InvitationService>().InviteAsync(clientA, "carol@example.com", Role.User, ServiceHarness.PublicBaseUrl);

        var again = await harness.Get<InvitationService>().ResendAsync(first.InvitationId, ServiceHarness.PublicBaseUrl);

        Assert.True(first.EmailSent);
        Assert.False(again.EmailSent);
        await using var db = harness.NewDbContext();
        Assert.Equal(1, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.InvitationResent));
        Assert.Equal(InvitationState.Pending, (await db.Invitations.SingleAsync(i => i.Id == first.InvitationId))
            .EffectiveState(harness.Clock.GetUtcNow().UtcDateTime));
    }
}
