using System.Text;

namespace DeviceConsole.Services.Email;

/// <summary>
/// Writes each message as an .eml file into a folder, so the embedded setup needs no mail
/// server. In Development the body (with its links) is logged too, because nobody else would see
/// it in a demo; elsewhere links are credentials and never reach the log.
/// </summary>
public sealed class FileMailSender(string folder, TimeProvider clock, ILogger<FileMailSender> logger, bool logBodies) : IMailSender
{
    public async Task SendAsync(MailMessage message, CancellationToken ct = default)
    {
        Directory.CreateDirectory(folder);
        var now = clock.GetUtcNow();
        var path = Path.Combine(folder, $"{now:yyyyMMdd-HHmmss-fff}-{Guid.NewGuid():N}.eml");
        var eml = new StringBuilder()
            .Append("Date: ").Append(now.ToString("r")).Append("\r\n")
            .Append("From: DeviceConsole <no-reply@deviceconsole.local>\r\n")
            .Append("To: ").Append(message.To).Append("\r\n")
            .Append("Subject: ").Append(message.Subject).Append("\r\n")
            .Append("Content-Type: text/plain; charset=utf-8\r\n\r\n")
            .Append(message.Body.ReplaceLineEndings("\r\n"))
            .ToString();
        await File.WriteAllTextAsync(path, eml, new UTF8Encoding(false), ct);
        if (logBodies)
            logger.LogInformation("Mail to {To} written to {Path}:\n{Body}", message.To, path, message.Body);
        else
            logger.LogInformation("Mail \"{Subject}\" to {To} written to {Path}", message.Subject, message.To, path);
    }
}
