namespace DeviceConsole.Domain;

/// <summary>
/// An API access token (T1): one account, one organization subtree, a role ceiling and an expiry.
/// Only the secret's hash is stored; the prefix is what lists, logs and audit entries show (T5).
/// </summary>
public sealed class AccessToken
{
    public const int MaxNameLength = 60;

    private AccessToken() { }

    public int Id { get; private set; }
    public string AccountId { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    /// <summary>The first characters of the token, e.g. <c>dcpat_Ab3x9K</c>: enough to recognise it, never enough to use it.</summary>
    public string Prefix { get; private set; } = "";
    public string SecretHash { get; private set; } = "";
    public Role Ceiling { get; private set; }
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public DateTime? RevokedAt { get; private set; }
    public DateTime? LastUsedAt { get; private set; }
    /// <summary>Set once the expiry has been written to the audit log (T4), so it is written once.</summary>
    public bool ExpiryAudited { get; private set; }

    public Organization? Organization { get; private set; }

    public static AccessToken Create(string accountId, int organizationId, string name, string prefix, string secretHash,
        Role ceiling, DateTime nowUtc, DateTime expiresAtUtc) => new()
    {
        AccountId = accountId,
        OrganizationId = organizationId,
        Name = ValidateName(name),
        Prefix = prefix,
        SecretHash = secretHash,
        Ceiling = ceiling,
        CreatedAt = nowUtc,
        ExpiresAt = expiresAtUtc,
    };

    public bool IsExpired(DateTime nowUtc) => ExpiresAt <= nowUtc;

    public bool IsActive(DateTime nowUtc) => RevokedAt is null && !IsExpired(nowUtc);

    public void Revoke(DateTime nowUtc)
    {
        if (RevokedAt is not null)
            throw new DomainException($"The token {Name} is already revoked; nothing was changed.");
        RevokedAt = nowUtc;
    }

    public void MarkExpiryAudited() => ExpiryAudited = true;

    /// <summary>Trimmed, 1 to 60 characters, no control characters: it is shown in lists and audit entries.</summary>
    public static string ValidateName(string? name)
    {
        var trimmed = (name ?? "").Trim();
        if (trimmed.Length == 0)
            throw DomainException.Invalid("Give the token a name, so you can tell it apart later.");
        if (trimmed.Length > MaxNameLength)
            throw DomainException.Invalid($"A token name has at most {MaxNameLength} characters.");
        if (trimmed.Any(char.IsControl))
            throw DomainException.Invalid("A token name cannot contain control characters.");
        return trimmed;
    }
}
