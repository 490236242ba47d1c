using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace DeviceConsole.Services.Accounts.SignIn;

/// <summary><c>AnswerPacing</c> section: the pace of the anonymous account forms (M3 by time).</summary>
public sealed class AnswerPacingOptions
{
    public const string Section = "AnswerPacing";

    /// <summary>No form answers sooner than this, so sub-millisecond differences between paths drown in one fixed wait.</summary>
    public double MinimumMilliseconds { get; set; } = 100;

    /// <summary>The pace never rises above this, so a burst of slow answers cannot hold every visitor for long.</summary>
    public double MaximumMilliseconds { get; set; } = 3000;
}

/// <summary>
/// M3 by time. Sign-in, registration, forgot password and resend confirmation do different work
/// for an existing and an unknown email (a lockout reservation, an account created in a
/// transaction, a token generated) even when both pay the same password hash. Rather than
/// mirroring every write, each form answers no sooner than its pace: the 90th percentile of its
/// own recent work, whatever the email, bounded by the options. Both paths then end at the same
/// moment unless their work overruns the pace, which the slowest tenth of either path does alike.
/// The work itself is measured without the wait, so the pace follows the machine, not itself.
/// </summary>
public sealed class AnswerPacing(IOptions<AnswerPacingOptions> options, TimeProvider clock)
{
    private readonly ConcurrentDictionary<string, PaceWindow> _windows = new();

    /// <summary>Starts the clock for one answer of <paramref name="form"/>.</summary>
    public Pace Start(string form) => new(this, form, clock.GetTimestamp());

    /// <summary>How many answers of <paramref name="form"/> the pace has seen (for tests and diagnostics).</summary>
    public int AnswersSeen(string form) => _windows.TryGetValue(form, out var window) ? window.Seen : 0;

    /// <summary>How long an answer whose work took <paramref name="work"/> still waits, recording the work.</summary>
    public TimeSpan Record(string form, TimeSpan work)
    {
        var settings = options.Value;
        var window = _windows.GetOrAdd(form, _ => new PaceWindow());
        var pace = window.Pace(
            TimeSpan.FromMilliseconds(Math.Max(0, settings.MinimumMilliseconds)),
            TimeSpan.FromMilliseconds(Math.Max(settings.MinimumMilliseconds, settings.MaximumMilliseconds)));
        window.Add(work);
        return work < pace ? pace - work : TimeSpan.Zero;
    }

    internal async Task FinishAsync(string form, long started, CancellationToken ct)
    {
        var wait = Record(form, clock.GetElapsedTime(started));
        if (wait > TimeSpan.Zero)
            await Task.Delay(wait, clock, ct);
    }
}

/// <summary>One answer being paced: <see cref="WaitAsync"/> right before the answer is written.</summary>
public readonly record struct Pace(AnswerPacing Pacing, string Form, long Started)
{
    public Task WaitAsync(CancellationToken ct = default) => Pacing.FinishAsync(Form, Started, ct);
}

/// <summary>The last answers' work times of one form, and the percentile the pace is set from.</summary>
public sealed class PaceWindow
{
    public const int Size = 32;
    public const double Percentile = 0.9;

    private readonly TimeSpan[] _recent = new TimeSpan[Size];
    private readonly Lock _gate = new();
    private int _seen;

    public int Seen { get { lock (_gate) return _seen; } }

    public void Add(TimeSpan work)
    {
        lock (_gate)
            _recent[_seen++ % Size] = work;
    }

    /// <summary>The 90th percentile of the recent work, within [minimum, maximum]; the minimum until there is any.</summary>
    public TimeSpan Pace(TimeSpan minimum, TimeSpan maximum)
    {
        TimeSpan[] sorted;
        lock (_gate)
            sorted = _recent[..Math.Min(_seen, Size)];
        if (sorted.Length == 0)
            return minimum;
        Array.Sort(sorted);
        var percentile = sorted[(int)Math.Ceiling(Percentile * sorted.Length) - 1];
        return percentile < minimum ? minimum : percentile > maximum ? maximum : percentile;
    }
}
