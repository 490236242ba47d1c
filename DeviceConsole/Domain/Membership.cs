namespace DeviceConsole.Domain;

/// <summary>A role in one organization, inherited by its whole subtree (A1).</summary>
public sealed class Membership
{
    private Membership() { }

    public int Id { get; private set; }
    public string AccountId { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public Role Role { get; private set; }
    public DateTime CreatedAt { get; private set; }
    /// <summary>M8: from this moment the membership gives no role (A1); null for no end.</summary>
    public DateTime? EndsAt { get; private set; }

    public Organization? Organization { get; private set; }

    public static Membership Create(string accountId, int organizationId, Role role, DateTime createdAtUtc, DateTime? endsAtUtc = null) =>
        new() { AccountId = accountId, OrganizationId = organizationId, Role = role, CreatedAt = createdAtUtc, EndsAt = endsAtUtc };

    public void ChangeRole(Role role) => Role = role;

    public bool IsActiveAt(DateTime nowUtc) => ActiveAt(EndsAt, nowUtc);

    /// <summary>M8: a membership gives its role until its end, not from that moment on (the query filter says the same in SQL).</summary>
    public static bool ActiveAt(DateTime? endsAtUtc, DateTime nowUtc) => endsAtUtc is null || endsAtUtc > nowUtc;

    /// <summary>M8: the end date must lie in the future when it is set; null clears it.</summary>
    public void EndAt(DateTime? endsAtUtc, DateTime nowUtc)
    {
        if (endsAtUtc is { } end && end <= nowUtc)
            throw new DomainException($"An end date must be in the future; {end:yyyy-MM-dd HH:mm} UTC has passed.");
        EndsAt = endsAtUtc;
    }
}
