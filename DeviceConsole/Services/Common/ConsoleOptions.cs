namespace DeviceConsole.Services.Common;

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
    /// <summary>How long a transfer can be undone (D11).</summary>
    public int UndoDays { get; set; } = 7;
}

/// <summary>Bulk tag operations (<c>Tags</c> section, G2).</summary>
public sealed class TagOptions
{
    public const string Section = "Tags";
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

/// <summary>SMTP delivery (<c>Mail:Smtp</c> section); used instead of the file sender once Host is set.</summary>
public sealed class SmtpOptions
{
    public const string Section = "Mail:Smtp";
    public string? Host { get; set; }
    public int Port { get; set; } = 587;
    public string? UserName { get; set; }
    public string? Password { get; set; }
    public string From { get; set; } = "DeviceConsole <no-reply@deviceconsole.local>";
    public bool UseStartTls { get; set; } = true;
}

/// <summary>Registrations per client address (<c>Registration</c> section, S2).</summary>
public sealed class RegistrationOptions
{
    public const string Section = "Registration";
    public const string RateLimitPolicy = "registration";
    public int PermitLimit { get; set; } = 10;
    public int WindowMinutes { get; set; } = 60;
}
