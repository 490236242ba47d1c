using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DeviceConsole.Components.Account;

/// <summary>
/// S5, S4: before a circuit acts on a click or any other message from the browser, its session is
/// checked (at most twice a second); once it has ended, that action is dropped and the circuit
/// signs out, which sends its page to sign-in.
/// </summary>
internal sealed class SessionCircuitHandler(AuthenticationStateProvider authentication, TimeProvider clock) : CircuitHandler
{
    private static readonly TimeSpan CheckEvery = TimeSpan.FromMilliseconds(500);
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;
    private bool _ended;

    public override Func<CircuitInboundActivityContext, Task> CreateInboundActivityHandler(Func<CircuitInboundActivityContext, Task> next) =>
        async context =>
        {
            if (!_ended && authentication is IdentityRevalidatingAuthenticationStateProvider provider && clock.GetUtcNow() - _checkedAt >= CheckEvery)
            {
                _checkedAt = clock.GetUtcNow();
                if (!await provider.RevalidateNowAsync())
                {
                    _ended = true;
                    return;
                }
            }
            await next(context);
        };
}
