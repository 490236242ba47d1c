using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Members;

/// <summary>
/// Issuing invitations (M1–M4, M7): invite, resend, revoke. Every write opens its transaction
/// before any check (A3) and writes its audit entries in it (L1). Answering them is
/// <see cref="InvitationResponseService"/>.
/// </summary>
public sealed class InvitationService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    TimeProvider clock,
    ILookupNormalizer normalizer,
    InvitationMail mail,
    IOptions<InvitationOptions> options)
{
    private static readonly string[] CountedActions = [AuditActions.InvitationCreated, AuditActions.InvitationResent];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>M1: the organizations where the actor is Admin, with their path labels.</summary>
    public async Task<IReadOnlyList<InvitableOrganization>> InvitableOrganizationsAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var administered = view.AdministeredSubtrees;
        if (administered.Count == 0) return [];
        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, administered))
            .Select(o => new { o.Id, o.Name, o.Path })
            .ToListAsync(ct);
        var names = await OrganizationLabels.AncestorNamesAsync(db, organizations.Select(o => o.Path), ct);
        return organizations
            .Select(o => new InvitableOrganization(o.Id, o.Name, OrganizationLabels.PathLabel(o.Path, names), view.EffectiveRole(o.Path)!.Value))
            .OrderBy(o => o.PathLabel, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    /// <summary>The M1 and M2 checks without writing anything: the dialog shows the refusal or the note.</summary>
    public async Task<InviteCheck> CheckAsync(int organizationId, string email, Role role, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(email);
        RequireKnownRole(role);
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var organization = await RequireInviterAsync(db, view, organizationId, role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, normalizer.NormalizeEmail(address), role, ct);
        return new InviteCheck(address, note);
    }

    /// <summary>M1–M4, M7: invites, or resends the pending invitation for the same email and organization.</summary>
    public async Task<InvitationSent> InviteAsync(int organizationId, string email, Role role, string baseUri,
        DateTime? membershipEndsAtUtc = null, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(email);
        RequireKnownRole(role);
        if (membershipEndsAtUtc is { } end && end <= Now)
            throw new DomainException($"An end date must be in the future; {end:yyyy-MM-dd HH:mm} UTC has passed.");
        var normalized = normalizer.NormalizeEmail(address);

        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var organization = await RequireInviterAsync(db, view, organizationId, role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, normalized, role, ct);
        var now = Now;
        var pending = await db.Invitations.PendingAt(now)
            .Where(i => i.OrganizationId == organization.Id && i.NormalizedEmail == normalized)
            .OrderByDescending(i => i.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var sent = await IssueAsync(db, view, organization, pending, address, normalized, role, note, baseUri, ct);
        // M8: the membership it gives ends then (a resend takes the new date, or none).
        (await db.Invitations.SingleAsync(i => i.Id == sent.InvitationId, ct)).SetMembershipEnd(membershipEndsAtUtc, now);
        await op.CommitAsync(ct);
        return await mail.SendAsync(sent, view.Email, ct);
    }

    /// <summary>M4: a new link and expiry for a pending invitation, with its role unchanged.</summary>
    public async Task<InvitationSent> ResendAsync(int invitationId, string baseUri, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var invitation = await LoadForAdminAsync(db, view, invitationId, "Resending invitations", ct);
        var organization = await access.RequireVisibleAsync(db, view, invitation.OrganizationId, ct);
        await RequireInviterAsync(db, view, organization.Id, invitation.Role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, invitation.NormalizedEmail, invitation.Role, ct);
        var sent = await IssueAsync(db, view, organization, invitation, invitation.Email, invitation.NormalizedEmail,
            invitation.Role, note, baseUri, ct);
        await op.CommitAsync(ct);
        return await mail.SendAsync(sent, view.Email, ct);
    }

    /// <summary>M4: Admins of the organization revoke pending invitations.</summary>
    public async Task<MemberChangeResult> RevokeAsync(int invitationId, CancellationToken ct = default)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Invitation(invitationId), ct);
        var (db, view) = op;
        var invitation = await LoadForAdminAsync(db, view, invitationId, "Revoking invitations", ct);
        invitation.Revoke(Now);
        audit.InvitationRevoked(db, view.AsActor(), invitation);
        await op.CommitAsync(ct);
        return new MemberChangeResult($"The invitation of {invitation.Email} was revoked; its link no longer works.");
    }

    private static void RequireKnownRole(Role role)
    {
        if (!Enum.IsDefined(role))
            throw new DomainException("Choose a role: Admin, Staff or User.");
    }

    /// <summary>M1 (Admin effective, role no higher than the inviter's) and M7 (a confirmed inviter).</summary>
    private async Task<OrganizationRef> RequireInviterAsync(AppDbContext db, ActorView view, int organizationId, Role role, CancellationToken ct)
    {
        var organization = await access.RequireVisibleAsync(db, view, organizationId, ct);
        access.RequireRole(view, organization, Role.Admin, "Inviting", "M1");
        var ceiling = view.EffectiveRole(organization.Path)!.Value;
        if (role > ceiling)
            throw access.Refuse(view, "M1", $"organization {organization.Id}",
                $"You can invite to {organization.Name} with roles up to {ceiling}.");
        var confirmed = await db.Users.Where(u => u.Id == view.AccountId).Select(u => u.EmailConfirmed).SingleAsync(ct);
        if (!confirmed)
            throw access.Refuse(view, "M7", $"organization {organization.Id}", "Confirm your email address before inviting anyone.");
        return organization;
    }

    /// <summary>
    /// M2: refuses when the email already has this role or a higher one there (naming who, which role and
    /// through which organization), or a lower direct one (change the role instead); otherwise returns
    /// what accepting changes for an account with a lower inherited role, or null.
    /// </summary>
    private async Task<string?> CheckExistingAccessAsync(AppDbContext db, ActorView view, OrganizationRef organization,
        string normalizedEmail, Role role, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.NormalizedEmail == normalizedEmail)
            .Select(u => new { u.Id, u.Email }).SingleOrDefaultAsync(ct);
        if (account is null)
            return null;
        var ancestorIds = OrganizationPath.Ids(organization.Path);
        var grants = await db.Memberships.AsNoTracking()
            .Where(m => m.AccountId == account.Id && ancestorIds.Contains(m.OrganizationId))
            .Select(m => new { m.OrganizationId, m.Organization!.Name, m.Organization.Path, m.Role })
            .ToListAsync(ct);
        if (grants.Count == 0)
            return null;

        var email = account.Email ?? "";
        var target = $"organization {organization.Id}";
        var best = EffectiveRoles.Best(grants, g => g.Role, g => g.Path.Length)!;
        var direct = grants.FirstOrDefault(g => g.OrganizationId == organization.Id);
        if (best.Role >= role)
            throw access.Refuse(view, "M2", target, best.OrganizationId == organization.Id
                ? $"{email} already has {best.Role} access to {organization.Name} as {RoleNames.WithArticle(best.Role)} of {organization.Name}."
                : $"{email} already has {best.Role} access to {organization.Name} through {best.Name}.");
        if (direct is not null)
            throw access.Refuse(view, "M2", target,
                $"{email} is {RoleNames.WithArticle(direct.Role)} of {organization.Name}; change the role instead.");
        return $"{email} has {best.Role} access through {best.Name}; accepting gives {role} in {organization.Name} and its sub-organizations.";
    }

    /// <summary>
    /// M7: invitations created or resent in any rolling 24 hours, per inviter and per root organization,
    /// counted on the audit entries that record them (same transaction, so the count is exact).
    /// </summary>
    private async Task CheckRateLimitsAsync(AppDbContext db, ActorView view, OrganizationRef organization, CancellationToken ct)
    {
        var limits = options.Value;
        var now = Now;
        var since = now.AddHours(-24);
        var target = $"organization {organization.Id}";
        var actorId = view.AccountId;

        var mine = await db.AuditEntries.AsNoTracking()
            .Where(e => e.ActorId == actorId && e.At > since && CountedActions.Contains(e.Action))
            .OrderBy(e => e.At).Select(e => e.At).ToListAsync(ct);
        if (mine.Count >= limits.PerInviterPerDay)
            throw access.Refuse(view, "M7", target,
                $"You have sent {mine.Count} invitations in the last 24 hours, the most allowed. {NextPossible(mine, limits.PerInviterPerDay)}");

        var rootPath = OrganizationPath.Root(OrganizationPath.RootId(organization.Path));
        var inRoot = PathFilter.InSubtree<AuditOrganization>(o => o.Path, rootPath);
        var tree = await db.AuditEntries.AsNoTracking()
            .Where(e => e.At > since && CountedActions.Contains(e.Action))
            .Where(e => e.Organizations.AsQueryable().Any(inRoot))
            .OrderBy(e => e.At).Select(e => e.At).ToListAsync(ct);
        if (tree.Count >= limits.PerRootPerDay)
        {
            var rootName = await db.Organizations.Where(o => o.Path == rootPath).Select(o => o.Name).SingleAsync(ct);
            throw access.Refuse(view, "M7", target,
                $"{rootName} has had {tree.Count} invitations in the last 24 hours, the most allowed. {NextPossible(tree, limits.PerRootPerDay)}");
        }
    }

    private static string NextPossible(IReadOnlyList<DateTime> ascending, int limit) => limit <= 0
        ? "Invitations are turned off by the configuration."
        : $"The next one is possible at {ascending[ascending.Count - limit].AddHours(24):yyyy-MM-dd HH:mm} UTC.";

    private async Task<Invitation> LoadForAdminAsync(AppDbContext db, ActorView view, int invitationId, string action, CancellationToken ct)
    {
        var invitation = await db.Invitations.Include(i => i.Organization).SingleOrDefaultAsync(i => i.Id == invitationId, ct);
        if (invitation is null || !view.Sees(invitation.Organization!.Path))
            throw new NotFoundException("invitation");
        var organization = await access.RequireVisibleAsync(db, view, invitation.OrganizationId, ct);
        access.RequireRole(view, organization, Role.Admin, action, "M4");
        var state = invitation.EffectiveState(Now);
        if (state != InvitationState.Pending)
            throw new DomainException($"The invitation of {invitation.Email} is {state.ToString().ToLowerInvariant()}; nothing was changed.");
        return invitation;
    }

    private async Task<InvitationSent> IssueAsync(AppDbContext db, ActorView view, OrganizationRef organizationRef,
        Invitation? pending, string address, string normalized, Role role, string? note, string baseUri, CancellationToken ct)
    {
        await CheckRateLimitsAsync(db, view, organizationRef, ct);
        var organization = await db.Organizations.SingleAsync(o => o.Id == organizationRef.Id, ct);
        var (token, hash) = InvitationTokens.New();
        var now = Now;
        var expires = now.AddDays(options.Value.ExpiryDays);
        Invitation invitation;
        if (pending is not null)
        {
            invitation = pending;
            var (roleBefore, expiresBefore) = (pending.Role, pending.ExpiresAt);
            pending.Resend(role, view.AccountId, hash, expires);
            audit.InvitationResent(db, view.AsActor(), pending, organization, roleBefore, expiresBefore);
        }
        else
        {
            invitation = Invitation.Create(address, normalized, organization.Id, role, view.AccountId, hash, now, expires);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            audit.InvitationCreated(db, view.AsActor(), invitation, organization);
        }
        await db.SaveChangesAsync(ct);
        return new InvitationSent(invitation.Id, invitation.Email, organization.Id, organization.Name, role, expires,
            pending is not null, InvitationTokens.Link(baseUri, token), note);
    }
}
