namespace DeviceConsole.Services.Accounts.Sessions;

/// <summary>How long a sign-in lasts (<c>Sessions</c> section, S5).</summary>
public sealed class SignInSessionOptions
{
    public const string Section = "Sessions";
    public static readonly TimeSpan MaxAbsoluteLifetime = TimeSpan.FromDays(14);

    /// <summary>Idle time after which the cookie expires; each request slides it.</summary>
    public double IdleHours { get; set; } = 8;

    /// <summary>A session ends this long after sign-in whatever the activity; at most 14 days.</summary>
    public double AbsoluteDays { get; set; } = 14;

    /// <summary>How long a password entry counts for changing the email or 2FA, downloading data or deleting the account.</summary>
    public double RecentPasswordMinutes { get; set; } = 5;

    public TimeSpan IdleLifetime => TimeSpan.FromHours(Math.Clamp(IdleHours, 0.25, MaxAbsoluteLifetime.TotalHours));
    public TimeSpan AbsoluteLifetime => TimeSpan.FromDays(Math.Clamp(AbsoluteDays, 0.01, MaxAbsoluteLifetime.TotalDays));
    public TimeSpan RecentPassword => TimeSpan.FromMinutes(Math.Clamp(RecentPasswordMinutes, 1, 60));
}
