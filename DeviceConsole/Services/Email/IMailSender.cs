namespace DeviceConsole.Services.Email;

/// <summary>A plain-text message the app sends: invitations, confirmations, password resets.</summary>
public sealed record MailMessage(string To, string Subject, string Body);

/// <summary>Delivery of the app's messages: to files in development and demos, by SMTP in production.</summary>
public interface IMailSender
{
    Task SendAsync(MailMessage message, CancellationToken ct = default);
}
