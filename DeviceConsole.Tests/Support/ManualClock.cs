namespace DeviceConsole.Tests.Support;

/// <summary>A clock tests move by hand (expiry, rate limits).</summary>
public sealed class ManualClock(DateTimeOffset start) : TimeProvider
{
    public DateTimeOffset Now { get; set; } = start;

    /// <summary>How far each reading moves the clock on, for code that stamps rows one by one in one operation.</summary>
    public TimeSpan Tick { get; set; }

    public override DateTimeOffset GetUtcNow()
    {
        var now = Now;
        Now += Tick;
        return now;
    }

    public void Advance(TimeSpan by) => Now += by;
}
