using DeviceConsole.Services.Accounts;
using Microsoft.AspNetCore.Components;

namespace DeviceConsole.Components.Layout;

/// <summary>
/// A page that shows the active organization: it re-reads it when the page opens (S3), sends an
/// account without any membership to the welcome page, and loads again only when the active
/// organization or the role in it changed, so one visit reads (and logs refusals) once.
/// </summary>
public abstract class OrganizationPage : ComponentBase, IDisposable
{
    private (int Id, Domain.Role Role)? _loadedFor;

    [Inject] protected ActiveOrganizationState ActiveOrganization { get; set; } = default!;
    [Inject] protected NavigationManager Navigation { get; set; } = default!;

    /// <summary>The organization the page shows; null until it was read.</summary>
    protected ActiveOrganization? Active => _loadedFor is null ? null : ActiveOrganization.Current;

    protected override async Task OnInitializedAsync()
    {
        // Prerendering would read everything once more only to be replaced by the live circuit.
        if (!RendererInfo.IsInteractive) return;
        await ActiveOrganization.RefreshAsync();
        ActiveOrganization.Changed += OnChanged;
        await FollowAsync(ActiveOrganization.Current, force: false);
    }

    /// <summary>Loads what the page shows for the active organization.</summary>
    protected abstract Task LoadAsync(ActiveOrganization active);

    /// <summary>Loads again for the same organization, after a change made on the page.</summary>
    protected Task ReloadAsync() => FollowAsync(ActiveOrganization.Current, force: true);

    private async Task FollowAsync(ActiveOrganization? active, bool force)
    {
        if (active is null)
        {
            _loadedFor = null;
            Navigation.NavigateTo("welcome");
            return;
        }
        var key = (active.Organization.Id, active.Role);
        if (!force && _loadedFor == key) return;
        _loadedFor = key;
        await LoadAsync(active);
    }

    private void OnChanged() => InvokeAsync(async () =>
    {
        await FollowAsync(ActiveOrganization.Current, force: false);
        StateHasChanged();
    });

    public void Dispose()
    {
        ActiveOrganization.Changed -= OnChanged;
        GC.SuppressFinalize(this);
    }
}
