namespace DeviceConsole.Api;

/// <summary>The automation API (<c>Api</c> section): request limits, per-token rate limit, idempotency.</summary>
public sealed class ApiOptions
{
    public const string Section = "Api";
    public const string RateLimitPolicy = "api-token";

    /// <summary>Largest request body accepted, in bytes.</summary>
    public int MaxBodyBytes { get; set; } = 256 * 1024;
    /// <summary>Requests per token in each window (T-rate limits are per token, not per address).</summary>
    public int PermitLimit { get; set; } = 120;
    public int WindowSeconds { get; set; } = 60;
    /// <summary>How long a POST's first answer is kept for its Idempotency-Key.</summary>
    public int IdempotencyHours { get; set; } = 24;
}
