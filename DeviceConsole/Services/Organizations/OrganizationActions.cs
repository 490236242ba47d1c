namespace DeviceConsole.Services.Organizations;

/// <summary>Which management actions the actor may take on an organization (A2); buttons follow it, the service re-checks.</summary>
public sealed record OrganizationActions(bool CanCreate, bool CanRename, bool CanMove, bool CanDelete)
{
    public static readonly OrganizationActions None = new(false, false, false, false);
    public bool Any => CanCreate || CanRename || CanMove || CanDelete;
}
