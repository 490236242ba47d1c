using DeviceConsole.Services.Accounts;

namespace DeviceConsole.Components.Layout;

/// <summary>
/// The circuit's view of the active organization, shared by the layout and the pages. Pages
/// refresh it when they open, so a lost membership shows on the account's next action (S3).
/// </summary>
public sealed class ActiveOrganizationState(ActiveOrganizationService service)
{
    private Task<ActiveOrganization?>? _refreshing;

    public ActiveOrganization? Current { get; private set; }

    /// <summary>Raised after the active organization was switched or re-read.</summary>
    public event Action? Changed;

    /// <summary>Re-reads the stored active organization; concurrent callers share one read.</summary>
    public Task<ActiveOrganization?> RefreshAsync()
    {
        if (_refreshing is { IsCompleted: false } running)
            return running;
        // SQLite's async calls can complete synchronously: never keep a finished read as "running".
        var refresh = RefreshCoreAsync();
        _refreshing = refresh.IsCompleted ? null : refresh;
        return refresh;

        async Task<ActiveOrganization?> RefreshCoreAsync()
        {
            try
            {
                Current = await service.GetAsync();
                Changed?.Invoke();
                return Current;
            }
            finally
            {
                _refreshing = null;
            }
        }
    }

    public async Task SwitchAsync(int organizationId)
    {
        Current = await service.SetAsync(organizationId);
        Changed?.Invoke();
    }
}
