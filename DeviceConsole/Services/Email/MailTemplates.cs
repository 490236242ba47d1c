using DeviceConsole.Domain;

namespace DeviceConsole.Services.Email;

/// <summary>
/// Every message the console sends, as plain text from a fixed template (M7): values are filled
/// in, nothing typed by another user is, and no HTML is ever built from input.
/// </summary>
public static class MailTemplates
{
    public static MailMessage Invitation(string to, string inviterEmail, string organizationName, Role role, string link, DateTime expiresAt) =>
        new(to, $"Invitation to {organizationName} on DeviceConsole",
            $"""
            {inviterEmail} invites you to join {organizationName} on DeviceConsole as {role}.

            Open this link to accept or decline the invitation:

            {link}

            The link is valid until {expiresAt:yyyy-MM-dd HH:mm} UTC and can be used once.
            If you did not expect this invitation, ignore this message.
            """);

    /// <summary>M3: someone registered with an email that already has an account.</summary>
    public static MailMessage ExistingAccount(string to, string signInLink, string resetLink) =>
        new(to, "You already have a DeviceConsole account",
            $"""
            Someone, perhaps you, tried to register a DeviceConsole account with {to}. This address already has an account, so nothing was created.

            Sign in here:

            {signInLink}

            If you forgot your password, reset it here:

            {resetLink}
            """);

    /// <summary>M5: registered through an invitation, so the address is already confirmed.</summary>
    public static MailMessage AccountReady(string to, string organizationName, string signInLink) =>
        new(to, "Your DeviceConsole account is ready",
            $"Your account {to} is ready and you are a member of {organizationName}.\n\nSign in here:\n\n{signInLink}\n");

    /// <summary>S5: to the old address after an email change, with the way back.</summary>
    public static MailMessage EmailChanged(string oldEmail, string newEmail, string undoLink) =>
        new(oldEmail, "Your DeviceConsole email was changed",
            $"The email of your DeviceConsole account was changed from {oldEmail} to {newEmail}.\n\n" +
            $"If you did not do this, open this link within 7 days to put {oldEmail} back and sign out every session:\n\n{undoLink}\n\n" +
            "Then reset your password from the sign-in page.\n");

    public static MailMessage ConfirmEmail(string to, string link) =>
        new(to, "Confirm your DeviceConsole email", $"Confirm your email address by opening this link:\n\n{link}\n");

    public static MailMessage PasswordResetLink(string to, string link) =>
        new(to, "Reset your DeviceConsole password",
            $"Reset your password by opening this link:\n\n{link}\n\nIf you did not ask for this, ignore this message.");

    public static MailMessage PasswordResetCode(string to, string code) =>
        new(to, "Reset your DeviceConsole password", $"Your password reset code is:\n\n{code}\n");
}
