using DeviceConsole.Domain;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Devices;

namespace DeviceConsole.Api.Contracts;

/// <summary>A row of the device list (A6); <c>version</c> is the concurrency token a transfer names (D9).</summary>
public sealed record DeviceListItem(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationLabel,
    string OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt, Guid Version, IReadOnlyList<string> Tags)
{
    public static DeviceListItem From(DeviceRow r) => new(r.Id, r.Name, r.SerialNumber, r.OrganizationId, r.OrganizationLabel,
        r.OwnerEmail, r.Status, r.LastSeenAt, r.Version, r.Tags ?? []);
}

/// <summary>One device; its version is also its ETag, to send as If-Match (D9).</summary>
public sealed record DeviceResponse(int Id, string Name, string SerialNumber, int OrganizationId, string OrganizationName,
    string OrganizationLabel, string OwnerId, string OwnerEmail, DeviceStatus Status, DateTime? LastSeenAt, DateTime CreatedAt,
    Guid Version, bool CanManage)
{
    public static DeviceResponse From(DeviceDetails d) => new(d.Id, d.Name, d.SerialNumber, d.OrganizationId, d.OrganizationName,
        d.OrganizationLabel, d.OwnerId, d.OwnerEmail, d.Status, d.LastSeenAt, d.CreatedAt, d.Version, d.CanManage);
}

/// <summary>An account with access to a device and why (A7): its role and the membership it comes from, or ownership.</summary>
public sealed record DeviceAccessResponse(string AccountId, string Email, Role? Role, int? SourceOrganizationId,
    string? SourceOrganizationName, bool Inherited, bool IsOwner)
{
    public static DeviceAccessResponse From(DeviceAccess a) => new(a.AccountId, a.Email, a.Role, a.SourceOrganizationId,
        a.SourceOrganizationName, a.Inherited, a.IsOwner);
}
