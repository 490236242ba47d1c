using DeviceConsole.Domain;
using DeviceConsole.Services.Members;

namespace DeviceConsole.Api.Contracts;

/// <summary>A membership with the account's email; an inherited one names the ancestor it is held in.</summary>
public sealed record MemberResponse(int MembershipId, string AccountId, string Email, Role Role, int OrganizationId,
    string OrganizationName, bool IsSelf, DateTime? EndsAt)
{
    public static MemberResponse From(MemberRow m) => new(m.MembershipId, m.AccountId, m.Email, m.Role, m.OrganizationId,
        m.OrganizationName, m.IsSelf, m.EndsAt);
}

public sealed record PendingInvitationResponse(int Id, string Email, Role Role, string InviterEmail, DateTime ExpiresAt)
{
    public static PendingInvitationResponse From(PendingInvitationRow i) => new(i.Id, i.Email, i.Role, i.InviterEmail, i.ExpiresAt);
}

/// <summary>Direct and inherited members and pending invitations of one organization (A4).</summary>
public sealed record MembersResponse(OrganizationResponse Organization, Role ActorRole, bool CanManage,
    IReadOnlyList<MemberResponse> Direct, IReadOnlyList<MemberResponse> Inherited, IReadOnlyList<PendingInvitationResponse> Invitations)
{
    public static MembersResponse From(MembersOverview o) => new(OrganizationResponse.From(o.Organization), o.ActorRole, o.CanManage,
        o.Direct.Select(MemberResponse.From).ToList(), o.Inherited.Select(MemberResponse.From).ToList(),
        o.Invitations.Select(PendingInvitationResponse.From).ToList());
}

public sealed record StrandedDeviceResponse(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationName);

/// <summary>What removing a membership would do (M6): devices it would strand and who could take them over.</summary>
public sealed record RemovalPreviewResponse(MemberResponse Member, IReadOnlyList<StrandedDeviceResponse> StrandedDevices,
    IReadOnlyList<OwnerCandidateResponse> NewOwnerCandidates, string? KeepsNote)
{
    public static RemovalPreviewResponse From(RemovalPreview p) => new(MemberResponse.From(p.Member),
        p.StrandedDevices.Select(d => new StrandedDeviceResponse(d.Id, d.Name, d.SerialNumber, d.OrganizationId, d.OrganizationName)).ToList(),
        p.NewOwnerCandidates.Select(OwnerCandidateResponse.From).ToList(), p.KeepsNote);
}

/// <summary>The console's sentence for a role change or a removal, e.g. who keeps which role through which ancestor.</summary>
public sealed record MemberChangeResponse(string Message)
{
    public static MemberChangeResponse From(MemberChangeResult r) => new(r.Message);
}

/// <summary>An invitation as the API answers it: never its link, which is a credential until used (M3).</summary>
/// <remarks><c>emailSent</c> false: the invitation is saved and valid, but its email failed; resend it later.</remarks>
public sealed record InvitationSentResponse(int InvitationId, string Email, int OrganizationId, string OrganizationName, Role Role,
    DateTime ExpiresAt, bool Resent, bool EmailSent, string Message, string? Note)
{
    public static InvitationSentResponse From(InvitationSent s) => new(s.InvitationId, s.Email, s.OrganizationId, s.OrganizationName,
        s.Role, s.ExpiresAt, s.Resent, s.EmailSent, s.Message, s.Note);
}
