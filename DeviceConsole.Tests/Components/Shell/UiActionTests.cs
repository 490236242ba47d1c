using Bunit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Components.Shared;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using MudBlazor;

namespace DeviceConsole.Tests.Components.Shell;

/// <summary>The one way pages and dialogs run an action: busy, refusal, success message.</summary>
public sealed class UiActionTests : ComponentTest
{
    private UiAction NewAction() => Services.GetRequiredService<UiAction>();
    private ISnackbar Snackbar => Services.GetRequiredService<ISnackbar>();

    [Fact]
    public async Task WhileRunning_ItIsBusy_ASecondRunDoesNothing_AndSuccessShowsTheMessage()
    {
        var action = NewAction();
        var gate = new TaskCompletionSource();
        var calls = 0;

        var first = action.RunAsync(async () => { calls++; await gate.Task; }, "Saved.");
        Assert.True(action.Busy);
        Assert.False(await action.RunAsync(() => { calls++; return Task.CompletedTask; }));

        gate.SetResult();
        Assert.True(await first);
        Assert.False(action.Busy);
        Assert.Equal(1, calls);
        Assert.Equal("Saved.", Assert.Single(Snackbar.ShownSnackbars).Message);
    }

    [Fact]
    public async Task ARefusal_IsKeptAsItsMessage_WithoutASnackbar_UntilTheNextAttempt()
    {
        var action = NewAction();

        Assert.False(await action.RunAsync(() => throw new DomainException("Transfer them first."), "Saved."));
        Assert.Equal("Transfer them first.", action.Refusal);
        Assert.False(action.Busy);
        Assert.Empty(Snackbar.ShownSnackbars);

        var (ok, value) = await action.RunAsync(() => Task.FromResult(42), v => $"Got {v}.");
        Assert.True(ok);
        Assert.Equal(42, value);
        Assert.Null(action.Refusal);
    }

    [Fact]
    public async Task OnAPageWithoutAnInlineMessage_TheRefusalIsASnackbar()
    {
        var action = NewAction();
        action.RefusalsAsSnackbar = true;

        await action.RunAsync(() => throw new DomainException("Only Admins resend invitations."));

        var shown = Assert.Single(Snackbar.ShownSnackbars);
        Assert.Equal("Only Admins resend invitations.", shown.Message);
        Assert.Equal(Severity.Error, shown.Severity);
        Assert.Null(action.Refusal);
    }

    [Fact]
    public async Task AnythingButARefusal_IsABug_AndIsNotSwallowed()
    {
        var action = NewAction();

        await Assert.ThrowsAsync<InvalidOperationException>(() => action.RunAsync(() => throw new InvalidOperationException("bug")));
        Assert.False(action.Busy);
    }

    [Fact, Trait("Rule", "D9")]
    public async Task InADialog_TheRefusalIsAnAlertAndTheDialogStaysOpen()
    {
        await Harness.ActAsync("admin@acme.example");
        var host = RenderWithProviders<ContainerFragment>();
        var dialogs = Services.GetRequiredService<IDialogService>();
        var deviceId = await Harness.DeviceIdAsync("CLA-SN-1001");
        // A stale token: the device changed since it was loaded (D9).
        var stale = new DeviceToken(deviceId, Guid.NewGuid());
        var parameters = new DialogParameters<DeleteDeviceDialog> { { d => d.Token, stale }, { d => d.Name, "Sensor" } };
        await host.InvokeAsync(() => dialogs.ShowAsync<DeleteDeviceDialog>("Delete", parameters));

        await host.Find("[data-testid=confirm-delete]").ClickAsync(new());

        host.WaitForAssertion(() => Assert.Equal("alert", host.Find("[data-testid=delete-device-error]").GetAttribute("role")));
        Assert.NotEmpty(host.FindAll("[data-testid=delete-device-dialog]"));
        Assert.Empty(Snackbar.ShownSnackbars);
    }
}
