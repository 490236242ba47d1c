using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// What a transfer preview covers: a fixed set of devices with the tokens the actor loaded, or every
/// device matching a device-list filter, resolved into IDs and tokens when the preview is computed (D8).
/// </summary>
public sealed record TransferSelection(IReadOnlyList<DeviceToken>? Devices = null, int? ListOrganizationId = null,
    DeviceListRequest? Filter = null)
{
    public static TransferSelection Of(params DeviceToken[] devices) => new(devices);

    public static TransferSelection Matching(int listOrganizationId, DeviceListRequest filter) =>
        new(null, listOrganizationId, filter with { Skip = 0, Cursor = null });
}

/// <summary>A transfer as confirmed: the frozen set of devices, the destination and optionally one new owner (D3, D8).</summary>
public sealed record TransferRequest(IReadOnlyList<DeviceToken> Devices, int DestinationOrganizationId, string? NewOwnerEmail);

public enum TransferOutcome
{
    Moves,
    Unchanged,
    Fails,
    /// <summary>D9: the device changed out of the actor's view (moved away or deleted) since it was loaded.</summary>
    LeftView,
}

/// <summary>Where a planned device is now and who owns it, for the access comparison (D7).</summary>
public sealed record TransferSource(string Path, string OwnerId);

/// <summary>The checked plan shared by a transfer's preview and the transfer itself (D7).</summary>
public sealed record TransferPlan(OrganizationRef Destination, string? NewOwnerId, string? NewOwnerEmail,
    IReadOnlyList<PlannedDevice> Devices, IReadOnlyDictionary<int, TransferSource> Sources, string? ProposedOwnerEmail)
{
    public IReadOnlyList<PlannedDevice> Failing => Devices.Where(d => d.Fails).ToList();
}

/// <summary>One device of a transfer plan: where it is, who owns it, and what the transfer does to it.</summary>
public sealed record PlannedDevice(int Id, string Name, string SerialNumber, Guid Version, int FromOrganizationId,
    string FromOrganization, string FromOwner, string ToOwner, TransferOutcome Outcome, string? Reason, string? Rule = null)
{
    public bool Fails => Outcome is TransferOutcome.Fails or TransferOutcome.LeftView;

    /// <summary>A device the actor held a token for that is no longer in its view: only its name as the actor knew it.</summary>
    public static PlannedDevice LeftView(DeviceToken token, string name, string reason) =>
        new(token.DeviceId, name, "", token.Version, 0, "", "", "", TransferOutcome.LeftView, reason, "D9");
}

public enum AccessChangeKind
{
    Gains,
    Loses,
    Changes,
}

/// <summary>
/// D7: one account whose access changes the same way on some devices ("loses access to 5 devices"),
/// with its role on them before and after (A7) and the devices concerned.
/// </summary>
public sealed record AccessChange(string Email, AccessChangeKind Kind, string? Before, string? After, IReadOnlyList<string> Devices)
{
    public string Summary => (Kind, Devices.Count == 1 ? Devices[0] : $"{Devices.Count} devices") switch
    {
        (AccessChangeKind.Gains, var what) => $"gains access to {what} as {After}",
        (AccessChangeKind.Loses, var what) => $"loses access to {what} (was {Before})",
        (_, var what) => $"{Before} → {After} on {what}",
    };
}

/// <summary>The effect of a transfer before it is confirmed (D7), computed by the code that performs it.</summary>
public sealed record TransferPreview(OrganizationRef Destination, string? NewOwnerEmail, IReadOnlyList<PlannedDevice> Devices,
    IReadOnlyList<AccessChange> AccessChanges, string? ProposedOwnerEmail)
{
    public IReadOnlyList<DeviceToken> Tokens => Devices.Select(d => new DeviceToken(d.Id, d.Version)).ToList();
    public int Moving => Devices.Count(d => d.Outcome == TransferOutcome.Moves);
    public int Unchanged => Devices.Count(d => d.Outcome == TransferOutcome.Unchanged);
    public IReadOnlyList<PlannedDevice> Failing => Devices.Where(d => d.Fails).ToList();
    public bool CanConfirm => Moving > 0 && Failing.Count == 0;

    /// <summary>D5: what to say when the transfer changes nothing.</summary>
    public string? NothingToDo => Moving > 0 || Failing.Count > 0 ? null
        : Devices.Count == 1 ? $"{Devices[0].FromOwner} already owns {Devices[0].Name} in {Destination.Name}. Nothing to transfer."
        : $"All {Devices.Count} devices are already in {Destination.Name} with {(NewOwnerEmail is null ? "their owners" : $"owner {NewOwnerEmail}")}. Nothing to transfer.";
}

public sealed record TransferResult(int Moved, int Unchanged, string Message);

/// <summary>
/// D4: the new owner has no role in the destination. Carries what the dialog needs for the way
/// out: an Admin there gets a button that opens the invite dialog for that email and organization.
/// </summary>
public sealed class OwnerWithoutAccessException(string message, string email, int organizationId, bool canInvite)
    : DomainException(message)
{
    public string Email { get; } = email;
    public int OrganizationId { get; } = organizationId;
    public bool CanInvite { get; } = canInvite;
}

/// <summary>D8: nothing moved; every device that failed, with its reason.</summary>
public sealed class TransferRefusedException(string message, IReadOnlyList<PlannedDevice> failures) : DomainException(message)
{
    private const int ReasonsListed = 20;

    public IReadOnlyList<PlannedDevice> Failures { get; } = failures;

    /// <summary>
    /// D8 and D11 are all-or-nothing: one device's reason alone, or how many of how many fail with
    /// the first reasons ("Nothing was transferred: 2 of 5 devices cannot be transferred. …").
    /// </summary>
    public static string Describe(int devices, IReadOnlyList<PlannedDevice> failing, string nothing, string cannot) =>
        devices == 1 ? failing[0].Reason!
            : $"{nothing}: {failing.Count} of {devices} devices {cannot}. "
              + string.Join(" ", failing.Take(ReasonsListed).Select(f => f.Reason))
              + (failing.Count > ReasonsListed ? $" (and {failing.Count - ReasonsListed} more)" : "");
}
