using System.Collections.Concurrent;
using DeviceConsole.Services.Common;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Email;

/// <summary>Refused because the address already received its share of messages this hour.</summary>
public sealed class MailQuotaExceededException(string to)
    : InvalidOperationException($"{to} has received the most messages allowed in an hour; nothing more is sent to it for now.");

/// <summary>
/// At most <c>Mail:PerAddressPerHour</c> messages to one address in any rolling hour, whatever
/// asks for them (resets, confirmations, invitations): the console cannot be used to flood a mailbox.
/// </summary>
public sealed class MailQuota(IMailSender inner, IOptions<MailQuotaOptions> options, TimeProvider clock, ILogger<MailQuota> logger) : IMailSender
{
    private readonly ConcurrentDictionary<string, Queue<DateTimeOffset>> _sent = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The sender that delivers what the cap lets through.</summary>
    public IMailSender Inner => inner;

    public Task SendAsync(MailMessage message, CancellationToken ct = default)
    {
        var now = clock.GetUtcNow();
        var times = _sent.GetOrAdd(message.To.Trim(), _ => new Queue<DateTimeOffset>());
        lock (times)
        {
            while (times.Count > 0 && now - times.Peek() >= TimeSpan.FromHours(1))
                times.Dequeue();
            if (times.Count >= Math.Max(1, options.Value.PerAddressPerHour))
            {
                logger.LogWarning("Mail \"{Subject}\" to {To} not sent: the hourly limit per address is reached.", message.Subject, message.To);
                throw new MailQuotaExceededException(message.To);
            }
            times.Enqueue(now);
        }
        return inner.SendAsync(message, ct);
    }
}

/// <summary><c>Mail</c> section: the per-address cap.</summary>
public sealed class MailQuotaOptions
{
    public const string Section = "Mail";
    public int PerAddressPerHour { get; set; } = 10;
}
