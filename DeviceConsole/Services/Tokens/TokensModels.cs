using DeviceConsole.Domain;

namespace DeviceConsole.Services.Tokens;

/// <summary>Token lifetimes (<c>Api:Tokens</c> section, T1).</summary>
public sealed class TokenOptions
{
    public const string Section = "Api:Tokens";
    public int DefaultExpiryDays { get; set; } = 90;
    public int MaxExpiryDays { get; set; } = 365;
    /// <summary>How often expired tokens are looked for, to audit their expiry (T4).</summary>
    public int ExpirySweepMinutes { get; set; } = 5;
}

/// <summary>A token as requested on the API tokens page (T1).</summary>
public sealed record TokenCreateRequest(int OrganizationId, string? Name, Role Ceiling, int? ExpiresInDays = null);

/// <summary>A new token: the secret is in this answer only and never stored (T1).</summary>
public sealed record CreatedToken(string Secret, TokenRow Token);

/// <summary>A revoked token and the sentence that tells the actor so.</summary>
public sealed record TokenRevoked(int TokenId, string Message);

public enum TokenState { Active, Expired, Revoked }

/// <summary>A token as its account or an Admin of its organization sees it; never its secret (T5).</summary>
public sealed record TokenRow(int Id, string Name, string Prefix, int OrganizationId, string OrganizationLabel, Role Ceiling,
    string AccountEmail, bool IsMine, DateTime CreatedAt, DateTime ExpiresAt, DateTime? RevokedAt, DateTime? LastUsedAt,
    TokenState State);

/// <summary>An organization an account can scope a token to, with the highest ceiling it may give there (T1).</summary>
public sealed record TokenScopeOption(int OrganizationId, string Label, Role MaxCeiling);

/// <summary>The tokens page: the account's own tokens and those acting in organizations it administers (T4).</summary>
public sealed record TokenOverview(IReadOnlyList<TokenRow> Mine, IReadOnlyList<TokenRow> Administered);

/// <summary>
/// A token that passed every T3 check on this request: who acts, in which subtree, with which
/// ceiling (T2). Carried as claims of the request's principal.
/// </summary>
public sealed record TokenIdentity(int TokenId, string AccountId, string Email, string Name, string Prefix,
    int OrganizationId, Role Ceiling);
