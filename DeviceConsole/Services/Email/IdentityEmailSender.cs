using DeviceConsole.Data;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Services.Email;

/// <summary>Identity's messages through the app's sender, as plain text (S1: no page shows these links).</summary>
public sealed class IdentityEmailSender(IMailSender mail) : IEmailSender<ApplicationUser>
{
    public Task SendConfirmationLinkAsync(ApplicationUser user, string email, string confirmationLink) =>
        mail.SendAsync(new MailMessage(email, "Confirm your DeviceConsole email",
            $"Confirm your email address by opening this link:\n\n{Decode(confirmationLink)}\n"));

    public Task SendPasswordResetLinkAsync(ApplicationUser user, string email, string resetLink) =>
        mail.SendAsync(new MailMessage(email, "Reset your DeviceConsole password",
            $"Reset your password by opening this link:\n\n{Decode(resetLink)}\n\nIf you did not ask for this, ignore this message."));

    public Task SendPasswordResetCodeAsync(ApplicationUser user, string email, string resetCode) =>
        mail.SendAsync(new MailMessage(email, "Reset your DeviceConsole password",
            $"Your password reset code is:\n\n{resetCode}\n"));

    // The template HTML-encodes links for an HTML body; these messages are plain text.
    private static string Decode(string link) => System.Net.WebUtility.HtmlDecode(link);
}
