using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using MudBlazor;

namespace DeviceConsole.Components.Devices;

/// <summary>Opens the device dialogs the same way from the grid, the details page and the devices page.</summary>
public static class DeviceDialogs
{
    private static readonly DialogOptions Small = new() { MaxWidth = MaxWidth.Small, FullWidth = true, CloseOnEscapeKey = true };
    private static readonly DialogOptions Large = new() { MaxWidth = MaxWidth.Medium, FullWidth = true, CloseOnEscapeKey = true, BackdropClick = false };

    /// <summary>True when a device was created.</summary>
    public static async Task<bool> CreateAsync(IDialogService dialogs, int organizationId, string organizationName)
    {
        var parameters = new DialogParameters<DeviceEditDialog> { { d => d.OrganizationId, organizationId } };
        var dialog = await dialogs.ShowAsync<DeviceEditDialog>($"New device in {organizationName}", parameters, Small);
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>True when the device was edited.</summary>
    public static async Task<bool> EditAsync(IDialogService dialogs, DeviceToken token, DeviceDraft current)
    {
        var parameters = new DialogParameters<DeviceEditDialog> { { d => d.Token, token }, { d => d.Initial, current } };
        var dialog = await dialogs.ShowAsync<DeviceEditDialog>($"Edit {current.Name}", parameters, Small);
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>True when the device was deleted.</summary>
    public static async Task<bool> DeleteAsync(IDialogService dialogs, DeviceToken token, string name)
    {
        var parameters = new DialogParameters<DeleteDeviceDialog> { { d => d.Token, token }, { d => d.Name, name } };
        var dialog = await dialogs.ShowAsync<DeleteDeviceDialog>("Delete device", parameters, Small);
        return await dialog.Result is { Canceled: false };
    }

    /// <summary>The transfer's result, or null when the dialog was cancelled.</summary>
    public static async Task<TransferResult?> TransferAsync(IDialogService dialogs, TransferSelection selection, int sourceOrganizationId,
        string title, string description)
    {
        var parameters = new DialogParameters<TransferDialog>
        {
            { d => d.Selection, selection },
            { d => d.SourceOrganizationId, sourceOrganizationId },
            { d => d.Description, description },
        };
        var dialog = await dialogs.ShowAsync<TransferDialog>(title, parameters, Large);
        return await dialog.Result is { Canceled: false, Data: TransferResult result } ? result : null;
    }
}
