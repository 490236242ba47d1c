using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Data;

/// <summary>An account: the Identity user, whose email is unique across the whole system.</summary>
public class ApplicationUser : IdentityUser
{
    /// <summary>
    /// The sign-in email becomes <paramref name="email"/>, confirmed, and a new security stamp ends
    /// every session, the one that made the change included (S5).
    /// </summary>
    public void ReplaceEmail(string email, string normalizedEmail, string normalizedUserName)
    {
        Email = email;
        NormalizedEmail = normalizedEmail;
        UserName = email;
        NormalizedUserName = normalizedUserName;
        EmailConfirmed = true;
        SecurityStamp = Guid.NewGuid().ToString("N");
    }

    /// <summary>The organization the console opens on; a hint only, re-checked on every read (S3).</summary>
    public int? ActiveOrganizationId { get; set; }

    /// <summary>Light, dark, or following the browser; a display preference, not audited.</summary>
    public Domain.ColorScheme ColorScheme { get; set; }

    /// <summary>S4: when an Admin suspended the account; a suspended account cannot sign in and has no session.</summary>
    public DateTime? SuspendedAt { get; set; }
}
