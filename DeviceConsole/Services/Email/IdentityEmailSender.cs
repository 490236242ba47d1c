using DeviceConsole.Data;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Services.Email;

/// <summary>
/// Identity's messages as plain text (S1: no page shows these links), through the outbox so they
/// leave after the answer (M3: the same time for every email).
/// </summary>
public sealed class IdentityEmailSender(MailOutbox mail) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mail.SendAsync(MailTemplates.ConfirmEmail(email, Decode(confirmationLink)));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mail.SendAsync(MailTemplates.PasswordResetLink(email, Decode(resetLink)));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mail.SendAsync(MailTemplates.PasswordResetCode(email, resetCode));

    // The template HTML-encodes links for an HTML body; these messages are plain text.
    private static string Decode(string link) => System.Net.WebUtility.HtmlDecode(link);
}
