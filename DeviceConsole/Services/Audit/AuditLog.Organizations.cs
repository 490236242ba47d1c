using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Organizations;

namespace DeviceConsole.Services.Audit;

/// <summary>Organization entries (O1–O4).</summary>
public sealed partial class AuditLog
{
    public AuditEntry OrganizationCreated(AppDbContext db, Actor actor, Organization organization, OrganizationRef parent) =>
        Write(db, actor, AuditActions.OrganizationCreated, AuditTargets.Organization, organization.Id.ToString(),
            organization.Name, $"Created {organization.Name} under {parent.Name}", [AuditOrganization.Of(organization)],
            after: new { organization.Name, Path = $"{parent.PathLabel} / {organization.Name}" });

    /// <summary>S2: a new customer's root, created with the account that registered it.</summary>
    public AuditEntry RootOrganizationCreated(AppDbContext db, Actor actor, Organization organization) =>
        Write(db, actor, AuditActions.OrganizationCreated, AuditTargets.Organization, organization.Id.ToString(), organization.Name,
            $"Created the organization {organization.Name}", [AuditOrganization.Of(organization)]);

    public AuditEntry OrganizationRenamed(AppDbContext db, Actor actor, Organization organization, string nameBefore) =>
        Write(db, actor, AuditActions.OrganizationRenamed, AuditTargets.Organization, organization.Id.ToString(),
            organization.Name, $"Renamed {nameBefore} to {organization.Name}", [AuditOrganization.Of(organization)],
            before: new { Name = nameBefore }, after: new { organization.Name });

    public AuditEntry OrganizationMoved(AppDbContext db, Actor actor, Organization organization, Organization oldParent,
        Organization newParent, MovePreview preview) =>
        Write(db, actor, AuditActions.OrganizationMoved, AuditTargets.Organization, organization.Id.ToString(),
            organization.Name, $"Moved {organization.Name} from {oldParent.Name} to {newParent.Name}",
            [AuditOrganization.Of(organization), AuditOrganization.Of(oldParent, AuditParts.OldParent), AuditOrganization.Of(newParent, AuditParts.NewParent)],
            before: new { Parent = oldParent.Name, Path = preview.LabelBefore },
            after: new
            {
                Parent = newParent.Name,
                Path = preview.LabelAfter,
                preview.SubOrganizations,
                preview.Devices,
                preview.DirectMemberships,
                preview.PendingInvitations,
                RoleChanges = preview.RoleChanges.Select(c => $"{c.Email}: {c.Before?.ToString() ?? "none"} → {c.After?.ToString() ?? "none"}"),
                ReassignedDevices = preview.BlockedDevices.Count,
                NewOwner = preview.BlockedDevices.Count > 0 ? preview.NewOwnerEmail : null,
            });

    /// <summary>O4: the memberships and pending invitations that end with the organization are listed in its entry.</summary>
    public AuditEntry OrganizationDeleted(AppDbContext db, Actor actor, Organization organization, OrganizationRef target,
        string parentName, IEnumerable<(string? Email, Role Role)> memberships, IEnumerable<(string Email, Role Role, DateTime ExpiresAt)> invitations) =>
        Write(db, actor, AuditActions.OrganizationDeleted, AuditTargets.Organization, organization.Id.ToString(),
            organization.Name, $"Deleted {organization.Name} from {parentName}", [AuditOrganization.Of(organization)],
            before: new
            {
                organization.Name,
                Path = target.PathLabel,
                Memberships = memberships.Select(m => new { m.Email, Role = m.Role.ToString() }),
                PendingInvitations = invitations.Select(i => new { i.Email, Role = i.Role.ToString(), i.ExpiresAt }),
            });

    public AuditEntry DemoOrganizationCreated(AppDbContext db, Organization organization) =>
        Write(db, Actor.System, AuditActions.OrganizationCreated, AuditTargets.Organization, organization.Id.ToString(),
            organization.Name, $"Created {organization.Name} (demo data)", [AuditOrganization.Of(organization)]);
}
