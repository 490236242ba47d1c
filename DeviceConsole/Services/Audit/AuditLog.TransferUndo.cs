using DeviceConsole.Data;
using DeviceConsole.Domain;
using DeviceConsole.Services.Access;

namespace DeviceConsole.Services.Audit;

/// <summary>D11: an undo is itself a transfer; each device's entry references the undone transfer.</summary>
public sealed partial class AuditLog
{
    /// <summary>The key a transfer's undo entries carry, so "already undone" is one lookup on the devices' entries.</summary>
    public static string UndoMarker(long undoneEntryId) => $"\"undoOf\":{undoneEntryId}}}";

    public AuditEntry TransferUndone(AppDbContext db, Actor actor, DeviceHandover handover, long undoneEntryId) =>
        Write(db, actor, AuditActions.DeviceTransferred, AuditTargets.Device, handover.DeviceId.ToString(), handover.DeviceName,
            $"Undid transfer #{undoneEntryId}: {handover.DeviceName} back from {handover.From.Name} ({handover.FromOwner}) to {handover.To.Name} ({handover.ToOwner})",
            [AuditOrganization.Of(handover.From, AuditParts.Source), AuditOrganization.Of(handover.To, AuditParts.Destination)],
            before: new { Owner = handover.FromOwner, Organization = handover.From.Name, Version = handover.VersionBefore },
            // UndoOf stays the last property: UndoMarker matches it with the closing brace.
            after: new { Owner = handover.ToOwner, Organization = handover.To.Name, Version = handover.VersionAfter, UndoOf = undoneEntryId });
}
