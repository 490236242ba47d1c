using DeviceConsole.Services.Audit;

namespace DeviceConsole.Api.Contracts;

/// <summary>An organization involved in an entry (source, destination, …), its name redacted outside the view (L3).</summary>
public sealed record AuditPlaceResponse(string Part, int? OrganizationId, string Name);

public sealed record AuditDetailResponse(string Field, string? Before, string? After);

/// <summary>An audit entry as the token's account may read it (L3): names and emails outside its view redacted.</summary>
public sealed record AuditEntryResponse(long Id, DateTime At, string Actor, string Action, string TargetType, string TargetId,
    string Target, string Summary, IReadOnlyList<AuditPlaceResponse> Organizations, IReadOnlyList<AuditDetailResponse> Details)
{
    public static AuditEntryResponse From(AuditRow r) => new(r.Id, r.At, r.Actor, r.Action, r.TargetType, r.TargetId, r.Target,
        r.Summary, r.Organizations.Select(o => new AuditPlaceResponse(o.Part, o.OrganizationId, o.Name)).ToList(),
        r.Details.Select(d => new AuditDetailResponse(d.Field, d.Before, d.After)).ToList());
}
