namespace DeviceConsole.Data;

/// <summary>
/// One signed-in browser (S5). The cookie names it by a random ID; every request and every open
/// circuit checks that it still exists, so signing out, "sign out everywhere", a password or email
/// change and a suspension (S4) end it on the server, not only in the browser.
/// </summary>
public sealed class AccountSession
{
    public string Id { get; set; } = "";
    public string AccountId { get; set; } = "";
    /// <summary>The account's security stamp at sign-in: a password, email or 2FA change renews the stamp and so ends the session.</summary>
    public string SecurityStamp { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    /// <summary>When the password was last entered in this session (sign-in or re-authentication).</summary>
    public DateTime? PasswordVerifiedAt { get; set; }
}
