using DeviceConsole.Services.Devices.Transfers;

namespace DeviceConsole.Api.Contracts;

/// <summary>One device of a transfer plan and what the transfer does to it, with the reason and rule when it fails.</summary>
public sealed record PlannedDeviceResponse(int Id, string Name, string SerialNumber, Guid Version, int FromOrganizationId,
    string FromOrganization, string FromOwner, string ToOwner, TransferOutcome Outcome, string? Reason, string? Rule)
{
    public static PlannedDeviceResponse From(PlannedDevice d) => new(d.Id, d.Name, d.SerialNumber, d.Version, d.FromOrganizationId,
        d.FromOrganization, d.FromOwner, d.ToOwner, d.Outcome, d.Reason, d.Rule);
}

/// <summary>D7: an account whose access changes the same way on some devices, with its role before and after.</summary>
public sealed record AccessChangeResponse(string Email, AccessChangeKind Kind, string? Before, string? After,
    IReadOnlyList<string> Devices, string Summary)
{
    public static AccessChangeResponse From(AccessChange c) => new(c.Email, c.Kind, c.Before, c.After, c.Devices, c.Summary);
}

/// <summary>
/// A dry run's answer (D7): exactly the console's preview. <c>tokens</c> is the frozen set of devices
/// and versions to send back as <c>devices</c> to perform it (D8).
/// </summary>
public sealed record TransferPreviewResponse(OrganizationResponse Destination, string? NewOwnerEmail,
    IReadOnlyList<PlannedDeviceResponse> Devices, IReadOnlyList<AccessChangeResponse> AccessChanges, string? ProposedOwnerEmail,
    IReadOnlyList<DeviceVersion> Tokens, int Moving, int Unchanged, int Failing, bool CanConfirm, string? NothingToDo)
{
    public static TransferPreviewResponse From(TransferPreview p) => new(OrganizationResponse.From(p.Destination), p.NewOwnerEmail,
        p.Devices.Select(PlannedDeviceResponse.From).ToList(), p.AccessChanges.Select(AccessChangeResponse.From).ToList(),
        p.ProposedOwnerEmail, p.Tokens.Select(t => new DeviceVersion(t.DeviceId, t.Version)).ToList(), p.Moving, p.Unchanged,
        p.Failing.Count, p.CanConfirm, p.NothingToDo);
}

public sealed record TransferResponse(int Moved, int Unchanged, string Message)
{
    public static TransferResponse From(TransferResult r) => new(r.Moved, r.Unchanged, r.Message);
}
