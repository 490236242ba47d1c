using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DeviceConsole.Components.Account;

/// <summary>
/// S5, S4: before a circuit acts on a click or any other message from the browser, its session is
/// checked (at most twice a second); once it has ended, that action is dropped and the circuit
/// signs out, which sends its page to sign-in. A message let through inside the half second is
/// followed by one more check when the half second is over: it may be the last message for a
/// while (a click and its render's acknowledgement), and a session ended just before it must not
/// wait for the minute's revalidation.
/// </summary>
internal sealed class SessionCircuitHandler : CircuitHandler
{
    internal static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);

    private readonly Func<Task<bool>>? _revalidate;
    private readonly TimeProvider _clock;
    // The later check runs beside the circuit's own messages.
    private readonly Lock _gate = new();
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private bool _ended;
    private bool _laterCheckPending;

    public SessionCircuitHandler(AuthenticationStateProvider authentication, TimeProvider clock)
        : this(authentication is IdentityRevalidatingAuthenticationStateProvider provider ? () => provider.RevalidateNowAsync() : null, clock)
    {
    }

    /// <param name="revalidate">Checks the session now; false once it has ended (and the circuit is signed out).</param>
    internal SessionCircuitHandler(Func<Task<bool>>? revalidate, TimeProvider clock) => (_revalidate, _clock) = (revalidate, clock);

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (_revalidate is not null && !await MayActAsync())
                return;
            await next(context);
        };

    private async Task<bool> MayActAsync()
    {
        TimeSpan? untilWindowEnds;
        lock (_gate)
        {
            if (_ended) return false;
            var now = _clock.GetUtcNow();
            untilWindowEnds = now - _checkedAt >= CheckEvery ? null : _checkedAt + CheckEvery - now;
            if (untilWindowEnds is null)
                _checkedAt = now;
        }
        if (untilWindowEnds is { } wait)
        {
            CheckLater(wait);
            return true;
        }
        return await CheckAsync();
    }

    private async Task<bool> CheckAsync()
    {
        var live = await _revalidate!();
        if (!live)
            lock (_gate) _ended = true;
        return live;
    }

    private void CheckLater(TimeSpan wait)
    {
        lock (_gate)
        {
            if (_laterCheckPending) return;
            _laterCheckPending = true;
        }
        _ = Task.Run(async () =>
        {
            await Task.Delay(wait, _clock);
            lock (_gate)
            {
                _laterCheckPending = false;
                if (_ended) return;
                _checkedAt = _clock.GetUtcNow();
            }
            try
            {
                await CheckAsync();
            }
            catch (Exception)
            {
                // Storage unreachable: the circuit's next message checks again, and the minute's revalidation regardless.
            }
        });
    }
}
