namespace DeviceConsole.Services;

/// <summary>Demo data (<c>Seed</c> section).</summary>
public sealed class SeedOptions
{
    public const string Section = "Seed";
    public bool Demo { get; set; }
    public string? DemoPassword { get; set; }
}

/// <summary>Organization tree limits (<c>Organizations</c> section, O2).</summary>
public sealed class OrganizationOptions
{
    public const string Section = "Organizations";
    public int MaxDepth { get; set; } = 8;
}

/// <summary>Invitation expiry and rate limits (<c>Invitations</c> section, M4, M7).</summary>
public sealed class InvitationOptions
{
    public const string Section = "Invitations";
    public int ExpiryDays { get; set; } = 7;
    public int PerInviterPerDay { get; set; } = 50;
    public int PerRootPerDay { get; set; } = 200;
}

/// <summary>Bulk transfer limits (<c>Transfers</c> section, D8).</summary>
public sealed class TransferOptions
{
    public const string Section = "Transfers";
    public int MaxBulkDevices { get; set; } = 10_000;
}

/// <summary>Sign-in lockout (<c>Lockout</c> section, S1).</summary>
public sealed class LockoutSettings
{
    public const string Section = "Lockout";
    public int MaxFailedAttempts { get; set; } = 5;
    public int Minutes { get; set; } = 5;
}

/// <summary>Dashboard health warnings (<c>Dashboard</c> section).</summary>
public sealed class DashboardOptions
{
    public const string Section = "Dashboard";
    /// <summary>Pending invitations expiring within this many hours are flagged.</summary>
    public int InvitationWarningHours { get; set; } = 48;
}
