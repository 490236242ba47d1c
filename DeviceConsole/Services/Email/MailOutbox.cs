using System.Threading.Channels;

namespace DeviceConsole.Services.Email;

/// <summary>
/// Account messages (confirmations, resets, "you already have an account") are sent after the
/// answer, so Register, Forgot password and Resend confirmation take the same time whether or not
/// the email has an account (M3). Without the background worker (service tests) they are sent at once.
/// </summary>
public sealed class MailOutbox(IMailSender sender)
{
    private readonly Channel<MailMessage> _queue = Channel.CreateUnbounded<MailMessage>(new UnboundedChannelOptions { SingleReader = true });
    private volatile bool _background;

    public Task SendAsync(MailMessage message, CancellationToken ct = default)
    {
        if (!_background)
            return sender.SendAsync(message, ct);
        _queue.Writer.TryWrite(message);
        return Task.CompletedTask;
    }

    internal ChannelReader<MailMessage> StartBackground()
    {
        _background = true;
        return _queue.Reader;
    }
}

/// <summary>Sends the outbox's messages one by one; a failed message is logged, never retried into a loop.</summary>
public sealed class MailOutboxWorker(MailOutbox outbox, IMailSender sender, ILogger<MailOutboxWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await foreach (var message in outbox.StartBackground().ReadAllAsync(stoppingToken))
        {
            try
            {
                await sender.SendAsync(message, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Mail \"{Subject}\" to {To} could not be sent.", message.Subject, message.To);
            }
        }
    }
}
