using DeviceConsole.Domain;

namespace DeviceConsole.Services.Access;

public static class RoleNames
{
    public static string WithArticle(Role role) => role switch
    {
        Role.Admin => "an Admin",
        Role.Staff => "a Staff member",
        _ => "a User",
    };
}
