using Bunit;
using DeviceConsole.Components.Members;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;
using MudBlazor;

namespace DeviceConsole.Tests.Components;

/// <summary>The invite dialog when the invitation's email cannot be sent: the invitation is kept, the dialog says so and offers Resend.</summary>
public sealed class InviteDialogMailFailureTests : ComponentTest
{
    [Fact, Trait("Rule", "M4")]
    public async Task AFailedEmail_IsAWarningWithResend_AndResendDeliversOnceMailWorks()
    {
        await Harness.ActAsync("admin@acme.example");
        var clientA = await Harness.OrganizationIdAsync("Client A");
        var cut = RenderWithProviders<ContainerFragment>();
        await cut.InvokeAsync(() => Services.GetRequiredService<IDialogService>().ShowAsync<InviteDialog>("Invite",
            new DialogParameters<InviteDialog> { { d => d.Email, "dora@example.com" }, { d => d.OrganizationId, clientA } }));
        cut.WaitForAssertion(() => cut.Find("[data-testid=invite-dialog]"));
        // A file where the mail folder should be: delivery fails, as with an unreachable SMTP server.
        File.WriteAllText(Harness.MailFolder, "");
        try
        {
            await cut.Find("[data-testid=invite-submit]").ClickAsync(new());

            cut.WaitForAssertion(() => Assert.Contains("its email could not be sent",
                cut.Find("[data-testid=invite-email-failed]").TextContent));
            Assert.Empty(cut.FindAll("[data-testid=invite-result]"));
            Assert.NotEmpty(cut.FindAll("input[data-testid=invite-link]"));
        }
        finally
        {
            File.Delete(Harness.MailFolder);
        }

        await cut.Find("[data-testid=invite-resend]").ClickAsync(new());

        cut.WaitForAssertion(() => Assert.Contains("it was sent again with a new link", cut.Find("[data-testid=invite-result]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=invite-resend]"));
        Assert.Single(Directory.GetFiles(Harness.MailFolder, "*.eml"));
        await using var db = Harness.NewDbContext();
        Assert.Equal(1, await db.Invitations.CountAsync());
    }
}
