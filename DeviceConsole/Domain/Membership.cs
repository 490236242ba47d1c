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

    public Organization? Organization { get; private set; }

    public static Membership Create(string accountId, int organizationId, Role role, DateTime createdAtUtc) =>
        new() { AccountId = accountId, OrganizationId = organizationId, Role = role, CreatedAt = createdAtUtc };

    public void ChangeRole(Role role) => Role = role;
}
