using DeviceConsole.Services.Email;

namespace DeviceConsole.Services.Members;

/// <summary>
/// Sends an invitation's email after the invitation committed. A delivery failure (SMTP down, a
/// refused address, the per-address cap) keeps the invitation, which is valid and audited, and
/// the answer says so, so the inviter can resend it or pass the link on instead of seeing an error.
/// </summary>
public sealed class InvitationMail(IMailSender mail, ILogger<InvitationMail> logger)
{
    /// <summary>M7: plain text from a fixed template; nothing typed by the inviter goes into it.</summary>
    public async Task<InvitationSent> SendAsync(InvitationSent sent, string inviterEmail, CancellationToken ct = default)
    {
        try
        {
            await mail.SendAsync(MailTemplates.Invitation(sent.Email, inviterEmail, sent.OrganizationName, sent.Role, sent.Link, sent.ExpiresAt), ct);
            return sent;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // The link is a credential: the log names the invitation, never the link.
            logger.LogError(e, "The email of invitation {InvitationId} to {Email} could not be sent; the invitation is kept.",
                sent.InvitationId, sent.Email);
            return sent with { EmailSent = false };
        }
    }
}
