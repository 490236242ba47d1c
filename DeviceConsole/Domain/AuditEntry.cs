namespace DeviceConsole.Domain;

/// <summary>
/// Append-only record of one change (L1). Everything is copied "as at that moment" and nothing
/// references other tables, so deleting an account, device or organization never touches it.
/// </summary>
public sealed class AuditEntry
{
    public const string SystemActor = "system";

    private AuditEntry() { }

    public long Id { get; private set; }
    public DateTime At { get; private set; }
    public string? ActorId { get; private set; }
    public string ActorEmail { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string TargetType { get; private set; } = "";
    public string TargetId { get; private set; } = "";
    public string TargetName { get; private set; } = "";
    public string Summary { get; private set; } = "";
    /// <summary>JSON of the values before the change, or null.</summary>
    public string? Before { get; private set; }
    /// <summary>JSON of the values after the change, or null.</summary>
    public string? After { get; private set; }

    public List<AuditOrganization> Organizations { get; private set; } = [];

    public static AuditEntry Create(DateTime atUtc, string? actorId, string actorEmail, string action,
        string targetType, string targetId, string targetName, string summary,
        IEnumerable<AuditOrganization> organizations, string? before = null, string? after = null) => new()
    {
        At = atUtc,
        ActorId = actorId,
        ActorEmail = actorEmail,
        Action = action,
        TargetType = targetType,
        TargetId = targetId,
        TargetName = targetName,
        Summary = summary,
        Before = before,
        After = after,
        Organizations = organizations.ToList(),
    };
}

/// <summary>An organization involved in an audit entry, as it was at that moment.</summary>
public sealed class AuditOrganization
{
    private AuditOrganization() { }

    public long Id { get; private set; }
    public long AuditEntryId { get; private set; }
    /// <summary>What the organization was in the change: Organization, Source, Destination, OldParent, NewParent.</summary>
    public string Part { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public string Name { get; private set; } = "";
    public string Path { get; private set; } = "";

    public static AuditOrganization Of(Organization organization, string part = AuditParts.Organization) =>
        new() { Part = part, OrganizationId = organization.Id, Name = organization.Name, Path = organization.Path };
}

public static class AuditParts
{
    public const string Organization = "Organization";
    public const string Source = "Source";
    public const string Destination = "Destination";
    public const string OldParent = "OldParent";
    public const string NewParent = "NewParent";
}

public static class AuditTargets
{
    public const string Organization = "Organization";
    public const string Device = "Device";
    public const string Membership = "Membership";
    public const string Invitation = "Invitation";
    public const string Account = "Account";
    public const string SavedView = "SavedView";
    public const string Token = "Token";
}

/// <summary>The action names of L1, stored as text so the log reads without a lookup.</summary>
public static class AuditActions
{
    public const string OrganizationCreated = "organization.created";
    public const string OrganizationRenamed = "organization.renamed";
    public const string OrganizationMoved = "organization.moved";
    public const string OrganizationDeleted = "organization.deleted";
    public const string MembershipAdded = "membership.added";
    public const string MembershipChanged = "membership.changed";
    public const string MembershipRemoved = "membership.removed";
    public const string InvitationCreated = "invitation.created";
    public const string InvitationResent = "invitation.resent";
    public const string InvitationRevoked = "invitation.revoked";
    public const string InvitationAccepted = "invitation.accepted";
    public const string InvitationDeclined = "invitation.declined";
    public const string DeviceCreated = "device.created";
    public const string DeviceEdited = "device.edited";
    public const string DeviceDeleted = "device.deleted";
    public const string DeviceTransferred = "device.transferred";
    public const string DeviceTagsChanged = "device.tags-changed";
    public const string SavedViewCreated = "saved-view.created";
    public const string SavedViewChanged = "saved-view.changed";
    public const string SavedViewDeleted = "saved-view.deleted";
    public const string MembershipEndSet = "membership.end-set";
    public const string MembershipEnded = "membership.ended";
    public const string AccountRegistered = "account.registered";
    public const string AccountEmailChanged = "account.email-changed";
    public const string AccountDeleted = "account.deleted";
    public const string AccountSuspended = "account.suspended";
    public const string AccountReinstated = "account.reinstated";
    public const string TokenCreated = "token.created";
    public const string TokenRevoked = "token.revoked";
    public const string TokenExpired = "token.expired";
    public const string DemoSeeded = "system.demo-seeded";

    public static readonly IReadOnlyList<string> All =
    [
        OrganizationCreated, OrganizationRenamed, OrganizationMoved, OrganizationDeleted,
        MembershipAdded, MembershipChanged, MembershipRemoved,
        InvitationCreated, InvitationResent, InvitationRevoked, InvitationAccepted, InvitationDeclined,
        MembershipEndSet, MembershipEnded,
        DeviceCreated, DeviceEdited, DeviceDeleted, DeviceTransferred, DeviceTagsChanged,
        SavedViewCreated, SavedViewChanged, SavedViewDeleted,
        AccountRegistered, AccountEmailChanged, AccountDeleted, AccountSuspended, AccountReinstated,
        TokenCreated, TokenRevoked, TokenExpired,
    ];
}
