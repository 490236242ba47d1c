namespace DeviceConsole.Services.Audit;

/// <summary>The target ID of a membership entry, <c>accountId:organizationId</c>: one formatter, one parser.</summary>
public static class MembershipTarget
{
    public static string Format(string accountId, int organizationId) => $"{accountId}:{organizationId}";

    /// <summary>The account part of a membership target ID, or null when it is not one.</summary>
    public static string? AccountId(string targetId) =>
        targetId.IndexOf(':') is var colon and > 0 ? targetId[..colon] : null;
}
