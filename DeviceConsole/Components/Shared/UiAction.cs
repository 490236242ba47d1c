using DeviceConsole.Domain;
using MudBlazor;

namespace DeviceConsole.Components.Shared;

/// <summary>
/// One user action of a page or dialog, run the same way everywhere: busy while it runs (a second
/// click meanwhile does nothing), a refusal kept as its message for the component to show, and the
/// service's success message as a snackbar. Anything but a refusal is a bug and goes to the error
/// boundary. Injected as a transient: each component gets its own.
/// </summary>
public sealed class UiAction(ISnackbar snackbar)
{
    public bool Busy { get; private set; }

    /// <summary>The last refusal, shown by the component (ActionRefusal) until the next attempt.</summary>
    public string? Refusal => Refused?.Message;

    /// <summary>The last refusal itself, for refusals that carry a way out (an invitation to send, say).</summary>
    public DomainException? Refused { get; private set; }

    /// <summary>Pages without a place for an inline message show refusals as a snackbar instead.</summary>
    public bool RefusalsAsSnackbar { get; set; }

    /// <summary>True when the action ran to its end; false when it was refused or already running.</summary>
    public async Task<bool> RunAsync(Func<Task> action, string? success = null)
    {
        var (ok, _) = await RunAsync(async () => { await action(); return true; }, _ => success);
        return ok;
    }

    /// <summary>Runs the action and shows the success message taken from its result, if any.</summary>
    public async Task<(bool Ok, T Result)> RunAsync<T>(Func<Task<T>> action, Func<T, string?>? success = null,
        Func<T, Severity>? severity = null)
    {
        if (Busy) return (false, default!);
        Busy = true;
        Refused = null;
        try
        {
            var result = await action();
            if (success?.Invoke(result) is { Length: > 0 } message)
                snackbar.Add(message, severity?.Invoke(result) ?? Severity.Success);
            return (true, result);
        }
        catch (DomainException e)
        {
            Refuse(e);
            return (false, default!);
        }
        finally
        {
            Busy = false;
        }
    }

    /// <summary>Shows a refusal that came from elsewhere (a load in OnInitialized, say).</summary>
    public void Refuse(DomainException refusal)
    {
        if (RefusalsAsSnackbar)
            snackbar.Add(refusal.Message, Severity.Error);
        else
            Refused = refusal;
    }

    /// <summary>Runs a load that may be refused (a preview, candidates): no busy flag, no snackbar.</summary>
    public async Task<(bool Ok, T Result)> LoadAsync<T>(Func<Task<T>> load)
    {
        Refused = null;
        try
        {
            return (true, await load());
        }
        catch (DomainException e)
        {
            Refuse(e);
            return (false, default!);
        }
    }

    public void Clear() => Refused = null;
}
