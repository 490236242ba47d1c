namespace DeviceConsole.Domain;

/// <summary>Ordered so that a higher value is a higher role (A1 takes the maximum).</summary>
public enum Role
{
    User = 1,
    Staff = 2,
    Admin = 3,
}

public static class RoleExtensions
{
    /// <summary>Admin and Staff manage devices and see members (A2).</summary>
    public static bool CanManageDevices(this Role role) => role >= Role.Staff;
}
