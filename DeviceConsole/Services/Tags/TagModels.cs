using DeviceConsole.Services.Devices;

namespace DeviceConsole.Services.Tags;

/// <summary>
/// What a tag operation covers (G2): a fixed set of devices with the tokens the actor loaded, or
/// every device matching a device-list filter, resolved into IDs and tokens at preview (D8).
/// </summary>
public sealed record TagSelection(IReadOnlyList<DeviceToken>? Devices = null, int? ListOrganizationId = null,
    DeviceListRequest? Filter = null)
{
    public static TagSelection Of(params DeviceToken[] devices) => new(devices);

    public static TagSelection Matching(int listOrganizationId, DeviceListRequest filter) =>
        new(null, listOrganizationId, filter with { Skip = 0 });
}

/// <summary>A tag operation as confirmed: the frozen devices, the tags to add and the tags to remove (G2).</summary>
public sealed record TagRequest(IReadOnlyList<DeviceToken> Devices, IReadOnlyList<string> Add, IReadOnlyList<string> Remove);

public enum TagOutcome
{
    Changes,
    Unchanged,
    Fails,
}

/// <summary>One device of a tag operation and what the operation does to it.</summary>
public sealed record TaggedDevice(int Id, string Name, Guid Version, TagOutcome Outcome, IReadOnlyList<string> Added,
    IReadOnlyList<string> Removed, string? Reason, string? Rule = null);

/// <summary>What a tag operation would do, computed by the code that performs it; its tokens are frozen.</summary>
public sealed record TagPreview(IReadOnlyList<string> Add, IReadOnlyList<string> Remove, IReadOnlyList<TaggedDevice> Devices)
{
    public IReadOnlyList<DeviceToken> Tokens => Devices.Select(d => new DeviceToken(d.Id, d.Version)).ToList();
    public int Changing => Devices.Count(d => d.Outcome == TagOutcome.Changes);
    public IReadOnlyList<TaggedDevice> Failing => Devices.Where(d => d.Outcome == TagOutcome.Fails).ToList();
    public bool CanConfirm => Changing > 0 && Failing.Count == 0;
}

public sealed record TagResult(int Changed, int Unchanged, string Message);

/// <summary>G2: nothing changed; every device that failed, with its reason.</summary>
public sealed class TagRefusedException(string message, IReadOnlyList<TaggedDevice> failures) : Domain.DomainException(message)
{
    public IReadOnlyList<TaggedDevice> Failures { get; } = failures;
}
