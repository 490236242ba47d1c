using System.Runtime.CompilerServices;
using DeviceConsole.Components.Account;
using Microsoft.AspNetCore.Components.Server.Circuits;

namespace DeviceConsole.Tests.Components;

/// <summary>S5 on an open circuit: the check before each message from the browser, at most twice a second, and the check after the last one.</summary>
public sealed class SessionCircuitHandlerTests
{
    // The handler only passes it on; the framework builds it with an internal constructor.
    private static readonly CircuitInboundActivityContext Message =
        (CircuitInboundActivityContext)RuntimeHelpers.GetUninitializedObject(typeof(CircuitInboundActivityContext));

    [Fact, Trait("Rule", "S5")]
    public async Task ASessionEndedRightAfterACheck_IsNoticedWhenTheHalfSecondIsOver_WithoutAnotherMessage()
    {
        var live = true;
        var checks = 0;
        var handler = new SessionCircuitHandler(() => { checks++; return Task.FromResult(live); }, TimeProvider.System);
        var acted = 0;
        var inbound = handler.CreateInboundActivityHandler(_ => { acted++; return Task.CompletedTask; });

        await inbound(Message);
        live = false;
        // Inside the half second: let through unchecked, as the last message for a while.
        await inbound(Message);
        Assert.Equal((2, 1), (acted, checks));

        // The later check finds the session ended, with no message to trigger it.
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (checks < 2 && DateTime.UtcNow < deadline)
            await Task.Delay(50);
        Assert.Equal(2, checks);
        await inbound(Message);
        Assert.Equal(2, acted);
        Assert.Equal(2, checks);
    }

    [Fact, Trait("Rule", "S5")]
    public async Task MessagesInsideTheHalfSecond_CostOneLaterCheck_NotOneEach()
    {
        var checks = 0;
        var handler = new SessionCircuitHandler(() => { Interlocked.Increment(ref checks); return Task.FromResult(true); }, TimeProvider.System);
        var inbound = handler.CreateInboundActivityHandler(_ => Task.CompletedTask);

        for (var i = 0; i < 20; i++)
            await inbound(Message);
        await Task.Delay(SessionCircuitHandler.CheckEvery * 3);

        Assert.Equal(2, checks);
    }
}
