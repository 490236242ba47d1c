using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Common;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Services.Members;

/// <summary>
/// Answering invitations (M3–M5): what a link shows its holder, the signed-in account's pending
/// invitations, accept and decline. Accepting re-checks everything at that moment, inside the
/// transaction that adds or raises the membership (A3, L1).
/// </summary>
public sealed class InvitationResponseService(
    Operations operations,
    AccessService access,
    AuditLog audit,
    TimeProvider clock,
    CurrentUser currentUser)
{
    private DateTime Now => clock.GetUtcNow().UtcDateTime;

    /// <summary>The invitation behind a link, for anyone holding it (M3), with what the visitor may do (M5).</summary>
    public async Task<InvitationTicket> GetTicketAsync(string token, CancellationToken ct = default)
    {
        if (!InvitationTokens.IsWellFormed(token))
            throw new NotFoundException("invitation link");
        var hash = InvitationTokens.Hash(token);
        await using var op = await operations.BeginAnonymousReadAsync(ct);
        var db = op.Db;
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
            invitation.Role, inviterEmail ?? MessageText.DeletedAccount, invitation.ExpiresAt,
            invitation.EffectiveState(Now), problem, audience);
    }

    /// <summary>The signed-in account's pending invitations; none while its email is unconfirmed (M5).</summary>
    public async Task<MyInvitations> MineAsync(CancellationToken ct = default)
    {
        await using var op = await operations.BeginReadAsync(ct);
        var (db, view) = op;
        var account = await db.Users.AsNoTracking().Where(u => u.Id == view.AccountId)
            .Select(u => new { u.NormalizedEmail, u.EmailConfirmed }).SingleAsync(ct);
        if (!account.EmailConfirmed)
            return new MyInvitations(false, []);
        var now = Now;
        var items = await (
                from i in db.Invitations.AsNoTracking().PendingAt(now)
                where i.NormalizedEmail == account.NormalizedEmail
                join u in db.Users on i.InviterId equals u.Id into inviters
                from u in inviters.DefaultIfEmpty()
                orderby i.ExpiresAt
                select new MyInvitation(i.Id, i.OrganizationId, i.Organization!.Name, i.Role,
                    u != null ? u.Email! : MessageText.DeletedAccount, i.ExpiresAt))
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
        if (invitation.MembershipEndsAt is { } ends && ends <= now)
            throw new DomainException($"The membership this invitation offered ended on {ends:yyyy-MM-dd HH:mm} UTC; ask for a new invitation.");
        // M8: a membership past its end date gives nothing but still holds its row until the expiry job records it.
        var membership = await db.Memberships.IgnoreQueryFilters([AppDbContext.ActiveMembershipFilter])
            .SingleOrDefaultAsync(m => m.AccountId == accountId && m.OrganizationId == organization.Id, ct);
        if (membership is not null && !membership.IsActiveAt(now))
        {
            audit.MembershipEnded(db, membership, organization, invitation.Email);
            db.Memberships.Remove(membership);
            await db.SaveChangesAsync(ct);
            membership = null;
        }
        string message;
        if (membership is null)
        {
            db.Memberships.Add(Membership.Create(accountId, organization.Id, invitation.Role, now, invitation.MembershipEndsAt));
            audit.MembershipAdded(db, actor, accountId, invitation.Email, organization, invitation.Role, "by accepting an invitation");
            message = $"You are now {invitation.Role} of {organization.Name}.";
        }
        else if (membership.Role < invitation.Role)
        {
            var before = membership.Role;
            membership.ChangeRole(invitation.Role);
            audit.MembershipChanged(db, actor, accountId, invitation.Email, organization, before, invitation.Role, "by accepting an invitation");
            message = $"You are now {invitation.Role} of {organization.Name} (you were {before}).";
        }
        else
        {
            message = $"You already were {membership.Role} of {organization.Name}; your role stays {membership.Role}.";
        }
        invitation.Accept(now);
        audit.InvitationAccepted(db, actor, invitation, organization);
        return new InvitationResponse(organization.Id, organization.Name, membership?.Role ?? invitation.Role, true, message);
    }

    private async Task<InvitationResponse> RespondByTokenAsync(string token, bool accept, CancellationToken ct)
    {
        if (!InvitationTokens.IsWellFormed(token))
            throw new NotFoundException("invitation link");
        await using var op = await operations.BeginWriteAsync(ct);
        var (db, view) = op;
        var invitation = await FindByTokenAsync(db, token, ct);
        var account = await RequireInviteeAsync(db, view, invitation, ct);
        var response = await RespondAsync(db, view, invitation, account, accept, ct);
        await op.CommitAsync(ct);
        return response;
    }

    private async Task<InvitationResponse> RespondByIdAsync(int invitationId, bool accept, CancellationToken ct)
    {
        await using var op = await operations.BeginWriteAsync(WriteScope.Invitation(invitationId), ct);
        var (db, view) = op;
        var normalizedEmail = await db.Users.Where(u => u.Id == view.AccountId).Select(u => u.NormalizedEmail).SingleAsync(ct);
        // Someone else's invitation is not in this account's view (A4).
        var invitation = await db.Invitations.Include(i => i.Organization)
            .SingleOrDefaultAsync(i => i.Id == invitationId && i.NormalizedEmail == normalizedEmail, ct)
            ?? throw new NotFoundException("invitation");
        var account = await RequireInviteeAsync(db, view, invitation, ct);
        var response = await RespondAsync(db, view, invitation, account, accept, ct);
        await op.CommitAsync(ct);
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
            audit.InvitationDeclined(db, view.AsActor(), invitation, organization);
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
}
