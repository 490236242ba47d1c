using System.Text.RegularExpressions;
using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Tests.Support;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Accounts;

public sealed partial class EmailChangeUndoTests : ServiceTest
{
    [Fact, Trait("Rule", "S5"), Trait("Rule", "M5")]
    public async Task AnEmailChange_TellsTheOldAddress_WhoseLinkPutsItBackOnce()
    {
        var users = H.Get<UserManager<ApplicationUser>>();
        var user = (await users.FindByEmailAsync("clienta.user@acme.example"))!;
        var code = await users.GenerateChangeEmailTokenAsync(user, "taken.over@example.com");
        await H.Get<AccountService>().ConfirmEmailChangeAsync(user.Id, "taken.over@example.com", code);

        var notice = Directory.GetFiles(H.MailFolder, "*.eml").Select(File.ReadAllText)
            .Single(m => m.Contains("To: clienta.user@acme.example") && m.Contains("was changed"));
        Assert.Contains($"{ServiceHarness.PublicBaseUrl}Account/UndoEmailChange?token=", notice);
        var token = Uri.UnescapeDataString(UndoToken().Match(notice).Groups[1].Value);
        string stampAfterChange;
        await using (var db = H.NewDbContext())
            stampAfterChange = (await db.Users.SingleAsync(u => u.Id == user.Id)).SecurityStamp!;

        var message = await H.Get<EmailChangeUndo>().UndoAsync(token);

        Assert.Contains("clienta.user@acme.example again", message);
        await using (var db = H.NewDbContext())
        {
            var restored = await db.Users.SingleAsync(u => u.Id == user.Id);
            Assert.Equal("clienta.user@acme.example", restored.Email);
            Assert.NotEqual(stampAfterChange, restored.SecurityStamp);
            Assert.Equal(2, await db.AuditEntries.CountAsync(e => e.Action == AuditActions.AccountEmailChanged));
        }
        await Assert.ThrowsAsync<DomainException>(() => H.Get<EmailChangeUndo>().UndoAsync(token));
        await Assert.ThrowsAsync<DomainException>(() => H.Get<EmailChangeUndo>().UndoAsync("forged"));
    }

    [GeneratedRegex(@"token=(\S+)")]
    private static partial Regex UndoToken();
}
