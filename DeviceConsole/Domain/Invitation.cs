namespace DeviceConsole.Domain;

/// <summary>An invitation to an organization with a role; only the token's hash is stored (M4).</summary>
public sealed class Invitation
{
    public const int MaxEmailLength = 256;

    private Invitation() { }

    public int Id { get; private set; }
    public string Email { get; private set; } = "";
    public string NormalizedEmail { get; private set; } = "";
    public int OrganizationId { get; private set; }
    public Role Role { get; private set; }
    public string InviterId { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public DateTime CreatedAt { get; private set; }
    public DateTime ExpiresAt { get; private set; }
    public InvitationState State { get; private set; }
    public DateTime? RespondedAt { get; private set; }
    /// <summary>M8: the end date the membership gets when the invitation is accepted.</summary>
    public DateTime? MembershipEndsAt { get; private set; }

    public Organization? Organization { get; private set; }

    public static Invitation Create(string email, string normalizedEmail, int organizationId, Role role,
        string inviterId, string tokenHash, DateTime nowUtc, DateTime expiresAtUtc, DateTime? membershipEndsAtUtc = null) => new()
    {
        MembershipEndsAt = membershipEndsAtUtc,
        Email = email,
        NormalizedEmail = normalizedEmail,
        OrganizationId = organizationId,
        Role = role,
        InviterId = inviterId,
        TokenHash = tokenHash,
        CreatedAt = nowUtc,
        ExpiresAt = expiresAtUtc,
        State = InvitationState.Pending,
    };

    /// <summary>M4: an invitation past ExpiresAt is expired whatever its stored state says.</summary>
    public InvitationState EffectiveState(DateTime nowUtc) =>
        State == InvitationState.Pending && ExpiresAt <= nowUtc ? InvitationState.Expired : State;


    /// <summary>M8: the membership the invitation gives ends at this moment; it must lie in the future when set.</summary>
    public void SetMembershipEnd(DateTime? endsAtUtc, DateTime nowUtc)
    {
        if (endsAtUtc is { } end && end <= nowUtc)
            throw new DomainException($"An end date must be in the future; {end:yyyy-MM-dd HH:mm} UTC has passed.");
        MembershipEndsAt = endsAtUtc;
    }

    /// <summary>M4: inviting again issues a new token, resets the expiry and takes the new role.</summary>
    public void Resend(Role role, string inviterId, string tokenHash, DateTime expiresAtUtc)
    {
        EnsurePending();
        Role = role;
        InviterId = inviterId;
        TokenHash = tokenHash;
        ExpiresAt = expiresAtUtc;
    }

    public void Accept(DateTime nowUtc) => Respond(InvitationState.Accepted, nowUtc);
    public void Decline(DateTime nowUtc) => Respond(InvitationState.Declined, nowUtc);
    public void Revoke(DateTime nowUtc) => Respond(InvitationState.Revoked, nowUtc);

    private void Respond(InvitationState state, DateTime nowUtc)
    {
        EnsurePending();
        State = state;
        RespondedAt = nowUtc;
    }

    private void EnsurePending()
    {
        if (State != InvitationState.Pending)
            throw new DomainException($"This invitation is {State.ToString().ToLowerInvariant()}; nothing was changed.");
    }
}

/// <summary>M4 in SQL, written once: an invitation counts as pending only until it expires.</summary>
public static class InvitationQueries
{
    public static IQueryable<Invitation> PendingAt(this IQueryable<Invitation> invitations, DateTime nowUtc) =>
        invitations.Where(i => i.State == InvitationState.Pending && i.ExpiresAt > nowUtc);
}
