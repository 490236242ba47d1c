namespace DeviceConsole.Services.Devices.Transfers;

/// <summary>
/// D11: what undoing a transfer would do, computed by the code that performs it: each device back
/// to its old organization and owner (D7), or the reason the undo is refused as a whole.
/// </summary>
public sealed record TransferUndoPreview(long EntryId, DateTime TransferredAt, IReadOnlyList<PlannedDevice> Devices,
    IReadOnlyList<AccessChange> AccessChanges, string? Refusal, IReadOnlyDictionary<int, string>? BackTo = null)
{
    /// <summary>The organization a device goes back to.</summary>
    public string BackToOf(PlannedDevice device) => BackTo?.GetValueOrDefault(device.Id) ?? "";

    public IReadOnlyList<PlannedDevice> Failing => Devices.Where(d => d.Fails).ToList();
    public int Moving => Devices.Count(d => d.Outcome == TransferOutcome.Moves);
    public bool CanConfirm => Refusal is null && Moving > 0 && Failing.Count == 0;
}
