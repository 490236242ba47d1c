using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Email;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services;

/// <summary>An organization the actor may invite to (M1), with the highest role it may give there.</summary>
public sealed record InvitableOrganization(int Id, string Name, string PathLabel, Role MaxRole);

/// <summary>What inviting this email would change (M2), before the inviter confirms.</summary>
public sealed record InviteCheck(string Email, string? Note);

/// <summary>
/// The inviter's answer: the same whether or not an account exists for the email (M3). The link
/// is returned so the dialog can offer to copy it; it is never stored or logged here.
/// </summary>
public sealed record InvitationSent(int InvitationId, string Email, int OrganizationId, string OrganizationName, Role Role,
    DateTime ExpiresAt, bool Resent, string Link, string? Note)
{
    public string Message => Resent
        ? $"{Email} already had a pending invitation to {OrganizationName}: it was sent again with a new link, as {Role}, valid until {ExpiresAt:yyyy-MM-dd HH:mm} UTC."
        : $"Invitation sent to {Email} as {Role} of {OrganizationName}, valid until {ExpiresAt:yyyy-MM-dd HH:mm} UTC.";
}

/// <summary>Who is looking at an invitation link (M3, M5).</summary>
public enum InvitationAudience { SignedOut, InvitedAccount, OtherAccount, UnconfirmedAccount }

/// <summary>An invitation as its link shows it; <see cref="Problem"/> says why it can no longer be accepted.</summary>
public sealed record InvitationTicket(int Id, string Email, int OrganizationId, string OrganizationName, Role Role,
    string InviterEmail, DateTime ExpiresAt, InvitationState State, string? Problem, InvitationAudience Audience)
{
    public bool CanRespond => Problem is null && Audience == InvitationAudience.InvitedAccount;
}

/// <summary>A pending invitation addressed to the signed-in account.</summary>
public sealed record MyInvitation(int Id, int OrganizationId, string OrganizationName, Role Role, string InviterEmail, DateTime ExpiresAt);

/// <summary>An unconfirmed email sees no invitations (M5).</summary>
public sealed record MyInvitations(bool EmailConfirmed, IReadOnlyList<MyInvitation> Items);

public sealed record InvitationResponse(int OrganizationId, string OrganizationName, Role Role, bool Accepted, string Message);

/// <summary>
/// Invitations (M1–M5, M7): invite, resend, revoke, accept, decline. Every write opens its
/// transaction before any check (A3) and writes its audit entries in it (L1).
/// </summary>
public sealed class InvitationService(
    IDbContextFactory<AppDbContext> dbFactory,
    AccessService access,
    AuditLog audit,
    TimeProvider clock,
    ILookupNormalizer normalizer,
    IMailSender mail,
    CurrentUser currentUser,
    IOptions<InvitationOptions> options)
{
    private static readonly string[] CountedActions = [AuditActions.InvitationCreated, AuditActions.InvitationResent];

    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>M1: the organizations where the actor is Admin, with their path labels.</summary>
    public async Task<IReadOnlyList<InvitableOrganization>> InvitableOrganizationsAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var administered = view.AdministeredSubtrees;
        if (administered.Count == 0) return [];
        var organizations = await db.Organizations.AsNoTracking()
            .Where(PathFilter.InAnySubtree<Organization>(o => o.Path, administered))
            .Select(o => new { o.Id, o.Name, o.Path })
            .ToListAsync(ct);
        var names = await AccessService.AncestorNamesAsync(db, organizations.Select(o => o.Path), ct);
        return organizations
            .Select(o => new InvitableOrganization(o.Id, o.Name, AccessService.PathLabel(o.Path, names), view.EffectiveRole(o.Path)!.Value))
            .OrderBy(o => o.PathLabel, StringComparer.CurrentCultureIgnoreCase)
            .ToList();
    }

    /// <summary>The M1 and M2 checks without writing anything: the dialog shows the refusal or the note.</summary>
    public async Task<InviteCheck> CheckAsync(int organizationId, string email, Role role, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(email);
        RequireKnownRole(role);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var organization = await RequireInviterAsync(db, view, organizationId, role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, normalizer.NormalizeEmail(address), role, ct);
        return new InviteCheck(address, note);
    }

    /// <summary>M1–M4, M7: invites, or resends the pending invitation for the same email and organization.</summary>
    public async Task<InvitationSent> InviteAsync(int organizationId, string email, Role role, string baseUri, CancellationToken ct = default)
    {
        var address = EmailAddress.Validate(email);
        RequireKnownRole(role);
        var normalized = normalizer.NormalizeEmail(address);

        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var organization = await RequireInviterAsync(db, view, organizationId, role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, normalized, role, ct);
        var now = Now;
        var pending = await db.Invitations
            .Where(i => i.OrganizationId == organization.Id && i.NormalizedEmail == normalized
                && i.State == InvitationState.Pending && i.ExpiresAt > now)
            .OrderByDescending(i => i.CreatedAt)
            .FirstOrDefaultAsync(ct);
        var sent = await IssueAsync(db, view, organization, pending, address, normalized, role, note, baseUri, ct);
        await tx.CommitAsync(ct);
        await SendAsync(sent, view.Email, ct);
        return sent;
    }

    /// <summary>M4: a new link and expiry for a pending invitation, with its role unchanged.</summary>
    public async Task<InvitationSent> ResendAsync(int invitationId, string baseUri, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var invitation = await LoadForAdminAsync(db, view, invitationId, "Resending invitations", ct);
        var organization = await access.RequireVisibleAsync(db, view, invitation.OrganizationId, ct);
        await RequireInviterAsync(db, view, organization.Id, invitation.Role, ct);
        var note = await CheckExistingAccessAsync(db, view, organization, invitation.NormalizedEmail, invitation.Role, ct);
        var sent = await IssueAsync(db, view, organization, invitation, invitation.Email, invitation.NormalizedEmail,
            invitation.Role, note, baseUri, ct);
        await tx.CommitAsync(ct);
        await SendAsync(sent, view.Email, ct);
        return sent;
    }

    /// <summary>M4: Admins of the organization revoke pending invitations.</summary>
    public async Task RevokeAsync(int invitationId, CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var invitation = await LoadForAdminAsync(db, view, invitationId, "Revoking invitations", ct);
        invitation.Revoke(Now);
        audit.Add(db, view.AsActor(), AuditActions.InvitationRevoked, AuditTargets.Invitation, invitation.Id.ToString(),
            invitation.Email, $"Revoked the invitation of {invitation.Email} as {invitation.Role} of {invitation.Organization!.Name}",
            [AuditOrganization.Of(invitation.Organization)], before: new { Role = invitation.Role.ToString() });
        await db.SaveChangesAsync(ct);
        await tx.CommitAsync(ct);
    }

    /// <summary>The invitation behind a link, for anyone holding it (M3), with what the visitor may do (M5).</summary>
    public async Task<InvitationTicket> GetTicketAsync(string token, CancellationToken ct = default)
    {
        if (!InvitationTokens.IsWellFormed(token))
            throw new NotFoundException("invitation link");
        var hash = InvitationTokens.Hash(token);
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var invitation = await db.Invitations.AsNoTracking().Include(i => i.Organization)
            .SingleOrDefaultAsync(i => i.TokenHash == hash, ct) ?? throw new NotFoundException("invitation link");
        var inviterEmail = await db.Users.Where(u => u.Id == invitation.InviterId).Select(u => u.Email).SingleOrDefaultAsync(ct);
        var problem = await ProblemAsync(db, invitation, ct);

        var audience = InvitationAudience.SignedOut;
        if (await TryGetAccountIdAsync() is { } accountId)
        {
            var account = await db.Users.AsNoTracking().Where(u => u.Id == accountId)
                .Select(u => new { u.NormalizedEmail, u.EmailConfirmed }).SingleOrDefaultAsync(ct);
            audience = account is null ? InvitationAudience.SignedOut
                : account.NormalizedEmail != invitation.NormalizedEmail ? InvitationAudience.OtherAccount
                : !account.EmailConfirmed ? InvitationAudience.UnconfirmedAccount
                : InvitationAudience.InvitedAccount;
        }
        return new InvitationTicket(invitation.Id, invitation.Email, invitation.OrganizationId, invitation.Organization!.Name,
            invitation.Role, inviterEmail ?? "an account that no longer exists", invitation.ExpiresAt,
            invitation.EffectiveState(Now), problem, audience);
    }

    /// <summary>The signed-in account's pending invitations; none while its email is unconfirmed (M5).</summary>
    public async Task<MyInvitations> MineAsync(CancellationToken ct = default)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var account = await db.Users.AsNoTracking().Where(u => u.Id == view.AccountId)
            .Select(u => new { u.NormalizedEmail, u.EmailConfirmed }).SingleAsync(ct);
        if (!account.EmailConfirmed)
            return new MyInvitations(false, []);
        var now = Now;
        var items = await (
                from i in db.Invitations.AsNoTracking()
                where i.NormalizedEmail == account.NormalizedEmail && i.State == InvitationState.Pending && i.ExpiresAt > now
                join u in db.Users on i.InviterId equals u.Id into inviters
                from u in inviters.DefaultIfEmpty()
                orderby i.ExpiresAt
                select new MyInvitation(i.Id, i.OrganizationId, i.Organization!.Name, i.Role,
                    u != null ? u.Email! : "an account that no longer exists", i.ExpiresAt))
            .ToListAsync(ct);
        return new MyInvitations(true, items);
    }

    public async Task<int> CountMineAsync(CancellationToken ct = default) => (await MineAsync(ct)).Items.Count;

    public Task<InvitationResponse> AcceptAsync(string token, CancellationToken ct = default) => RespondByTokenAsync(token, accept: true, ct);
    public Task<InvitationResponse> DeclineAsync(string token, CancellationToken ct = default) => RespondByTokenAsync(token, accept: false, ct);
    public Task<InvitationResponse> AcceptAsync(int invitationId, CancellationToken ct = default) => RespondByIdAsync(invitationId, accept: true, ct);
    public Task<InvitationResponse> DeclineAsync(int invitationId, CancellationToken ct = default) => RespondByIdAsync(invitationId, accept: false, ct);

    /// <summary>
    /// Finds an invitation by its link inside the caller's transaction, or says why the link is no good.
    /// Used by registration through an invitation (M3).
    /// </summary>
    public static async Task<Invitation> FindByTokenAsync(AppDbContext db, string? token, CancellationToken ct = default)
    {
        if (!InvitationTokens.IsWellFormed(token))
            throw new NotFoundException("invitation link");
        var hash = InvitationTokens.Hash(token!);
        return await db.Invitations.Include(i => i.Organization).SingleOrDefaultAsync(i => i.TokenHash == hash, ct)
            ?? throw new NotFoundException("invitation link");
    }

    /// <summary>
    /// M4 acceptance inside the caller's transaction: re-checks that the invitation is pending and not
    /// void, then adds the membership or raises it (never lowers it), with the audit entries (L1).
    /// </summary>
    public async Task<InvitationResponse> ApplyAcceptanceAsync(AppDbContext db, Actor actor, Invitation invitation, string accountId, CancellationToken ct = default)
    {
        if (await ProblemAsync(db, invitation, ct) is { } problem)
            throw new DomainException(problem);
        var organization = invitation.Organization!;
        var now = Now;
        var membership = await db.Memberships.SingleOrDefaultAsync(m => m.AccountId == accountId && m.OrganizationId == organization.Id, ct);
        string message;
        if (membership is null)
        {
            db.Memberships.Add(Membership.Create(accountId, organization.Id, invitation.Role, now));
            audit.Add(db, actor, AuditActions.MembershipAdded, AuditTargets.Membership, $"{accountId}:{organization.Id}", invitation.Email,
                $"{invitation.Email} became {invitation.Role} of {organization.Name} by accepting an invitation",
                [AuditOrganization.Of(organization)], after: new { Role = invitation.Role.ToString() });
            message = $"You are now {invitation.Role} of {organization.Name}.";
        }
        else if (membership.Role < invitation.Role)
        {
            var before = membership.Role;
            membership.ChangeRole(invitation.Role);
            audit.Add(db, actor, AuditActions.MembershipChanged, AuditTargets.Membership, $"{accountId}:{organization.Id}", invitation.Email,
                $"{invitation.Email} went from {before} to {invitation.Role} in {organization.Name} by accepting an invitation",
                [AuditOrganization.Of(organization)], before: new { Role = before.ToString() }, after: new { Role = invitation.Role.ToString() });
            message = $"You are now {invitation.Role} of {organization.Name} (you were {before}).";
        }
        else
        {
            message = $"You already were {membership.Role} of {organization.Name}; your role stays {membership.Role}.";
        }
        invitation.Accept(now);
        audit.Add(db, actor, AuditActions.InvitationAccepted, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
            $"{invitation.Email} accepted the invitation as {invitation.Role} of {organization.Name}",
            [AuditOrganization.Of(organization)], after: new { Role = invitation.Role.ToString() });
        return new InvitationResponse(organization.Id, organization.Name, membership?.Role ?? invitation.Role, true, message);
    }

    private async Task<InvitationResponse> RespondByTokenAsync(string token, bool accept, CancellationToken ct)
    {
        if (!InvitationTokens.IsWellFormed(token))
            throw new NotFoundException("invitation link");
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var invitation = await FindByTokenAsync(db, token, ct);
        var account = await RequireInviteeAsync(db, view, invitation, ct);
        var response = await RespondAsync(db, view, invitation, account, accept, ct);
        await tx.CommitAsync(ct);
        return response;
    }

    private async Task<InvitationResponse> RespondByIdAsync(int invitationId, bool accept, CancellationToken ct)
    {
        await using var db = await dbFactory.CreateDbContextAsync(ct);
        await using var tx = await db.Database.BeginTransactionAsync(ct);
        var view = await access.LoadViewAsync(db, ct);
        var normalizedEmail = await db.Users.Where(u => u.Id == view.AccountId).Select(u => u.NormalizedEmail).SingleAsync(ct);
        // Someone else's invitation is not in this account's view (A4).
        var invitation = await db.Invitations.Include(i => i.Organization)
            .SingleOrDefaultAsync(i => i.Id == invitationId && i.NormalizedEmail == normalizedEmail, ct)
            ?? throw new NotFoundException("invitation");
        var account = await RequireInviteeAsync(db, view, invitation, ct);
        var response = await RespondAsync(db, view, invitation, account, accept, ct);
        await tx.CommitAsync(ct);
        return response;
    }

    /// <summary>M5: only the account whose confirmed email matches responds.</summary>
    private async Task<string> RequireInviteeAsync(AppDbContext db, ActorView view, Invitation invitation, CancellationToken ct)
    {
        var account = await db.Users.AsNoTracking().Where(u => u.Id == view.AccountId)
            .Select(u => new { u.Id, u.NormalizedEmail, u.EmailConfirmed }).SingleAsync(ct);
        if (account.NormalizedEmail != invitation.NormalizedEmail)
            throw access.Refuse(view, "M5", $"invitation {invitation.Id}",
                $"This invitation is for another account ({invitation.Email}). Sign in as {invitation.Email} to accept or decline it; nothing was changed.");
        if (!account.EmailConfirmed)
            throw access.Refuse(view, "M5", $"invitation {invitation.Id}",
                "Confirm your email address first: invitations are answered only from a confirmed address.");
        return account.Id;
    }

    private async Task<InvitationResponse> RespondAsync(AppDbContext db, ActorView view, Invitation invitation, string accountId,
        bool accept, CancellationToken ct)
    {
        InvitationResponse response;
        if (accept)
        {
            response = await ApplyAcceptanceAsync(db, view.AsActor(), invitation, accountId, ct);
        }
        else
        {
            if (invitation.EffectiveState(Now) != InvitationState.Pending)
                throw new DomainException(Describe(invitation, invitation.EffectiveState(Now)));
            var organization = invitation.Organization!;
            invitation.Decline(Now);
            audit.Add(db, view.AsActor(), AuditActions.InvitationDeclined, AuditTargets.Invitation, invitation.Id.ToString(), invitation.Email,
                $"{invitation.Email} declined the invitation as {invitation.Role} of {organization.Name}", [AuditOrganization.Of(organization)]);
            response = new InvitationResponse(organization.Id, organization.Name, invitation.Role, false,
                $"You declined the invitation to {organization.Name}.");
        }
        await db.SaveChangesAsync(ct);
        return response;
    }

    /// <summary>
    /// M4: null while the invitation can be accepted; otherwise why not. It is void when its inviter
    /// no longer has Admin effective in its organization.
    /// </summary>
    private async Task<string?> ProblemAsync(AppDbContext db, Invitation invitation, CancellationToken ct)
    {
        var state = invitation.EffectiveState(Now);
        if (state != InvitationState.Pending)
            return Describe(invitation, state);
        var ancestorIds = OrganizationPath.Ids(invitation.Organization!.Path);
        var inviterIsAdmin = await db.Memberships.AnyAsync(m => m.AccountId == invitation.InviterId
            && ancestorIds.Contains(m.OrganizationId) && m.Role == Role.Admin, ct);
        return inviterIsAdmin ? null
            : $"This invitation is no longer valid: the Admin who sent it no longer manages {invitation.Organization.Name}. " +
              $"Ask an Admin of {invitation.Organization.Name} to invite you again.";
    }

    private static string Describe(Invitation invitation, InvitationState state)
    {
        var organization = invitation.Organization!.Name;
        return state switch
        {
            InvitationState.Accepted => $"This invitation to {organization} was already accepted; it can be used only once.",
            InvitationState.Declined => $"This invitation to {organization} was declined. Ask an Admin of {organization} to invite you again.",
            InvitationState.Revoked => $"This invitation to {organization} was revoked by an Admin. Ask an Admin of {organization} to invite you again.",
            InvitationState.Expired => $"This invitation to {organization} expired on {invitation.ExpiresAt:yyyy-MM-dd HH:mm} UTC. Ask an Admin of {organization} to invite you again.",
            _ => $"This invitation to {organization} can no longer be used.",
        };
    }

    private async Task<string?> TryGetAccountIdAsync()
    {
        try
        {
            return await currentUser.GetAccountIdAsync();
        }
        catch (UnauthorizedAccessException)
        {
            return null;
        }
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
        var best = grants.OrderByDescending(g => g.Role).ThenByDescending(g => g.Path.Length).First();
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
            var before = new { Role = pending.Role.ToString(), pending.ExpiresAt };
            pending.Resend(role, view.AccountId, hash, expires);
            audit.Add(db, view.AsActor(), AuditActions.InvitationResent, AuditTargets.Invitation, pending.Id.ToString(), pending.Email,
                $"Sent the invitation of {pending.Email} to {organization.Name} again, as {role}",
                [AuditOrganization.Of(organization)], before: before, after: new { Role = role.ToString(), ExpiresAt = expires });
        }
        else
        {
            invitation = Invitation.Create(address, normalized, organization.Id, role, view.AccountId, hash, now, expires);
            db.Invitations.Add(invitation);
            await db.SaveChangesAsync(ct);
            audit.Add(db, view.AsActor(), AuditActions.InvitationCreated, AuditTargets.Invitation, invitation.Id.ToString(), address,
                $"Invited {address} as {role} of {organization.Name}", [AuditOrganization.Of(organization)],
                after: new { Role = role.ToString(), ExpiresAt = expires });
        }
        await db.SaveChangesAsync(ct);
        return new InvitationSent(invitation.Id, invitation.Email, organization.Id, organization.Name, role, expires,
            pending is not null, InvitationTokens.Link(baseUri, token), note);
    }

    /// <summary>M7: plain text from a fixed template; nothing typed by the inviter goes into it.</summary>
    private Task SendAsync(InvitationSent sent, string inviterEmail, CancellationToken ct) =>
        mail.SendAsync(new MailMessage(sent.Email, $"Invitation to {sent.OrganizationName} on DeviceConsole",
            $"""
            {inviterEmail} invites you to join {sent.OrganizationName} on DeviceConsole as {sent.Role}.

            Open this link to accept or decline the invitation:

            {sent.Link}

            The link is valid until {sent.ExpiresAt:yyyy-MM-dd HH:mm} UTC and can be used once.
            If you did not expect this invitation, ignore this message.
            """), ct);
}

public static class RoleNames
{
    public static string WithArticle(Role role) => role switch
    {
        Role.Admin => "an Admin",
        Role.Staff => "a Staff member",
        _ => "a User",
    };
}
