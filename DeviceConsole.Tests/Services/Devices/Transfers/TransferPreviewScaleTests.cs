using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Devices.Transfers;

/// <summary>D7 at scale: the preview is computed set-based, not with one A7 query per organization and owner.</summary>
public sealed class TransferPreviewScaleTests
{
    private static async Task<(int Commands, TransferPreview Preview)> PreviewAsync(int perOrganization)
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.ActAsync("admin@acme.example");
        var tokens = new List<DeviceToken>();
        // Devices in three organizations with four different owners, so the old plan's queries multiply.
        tokens.AddRange(await TransferTestData.AddDevicesAsync(h, "Client A", "clienta.admin@acme.example", perOrganization, "PA"));
        tokens.AddRange(await TransferTestData.AddDevicesAsync(h, "Client A", "clienta.user@acme.example", perOrganization, "PB"));
        tokens.AddRange(await TransferTestData.AddDevicesAsync(h, "Client A Warehouse", "staff@acme.example", perOrganization, "PC"));
        tokens.AddRange(await TransferTestData.AddDevicesAsync(h, "Client B", "admin@acme.example", perOrganization, "PD"));
        var acme = await h.OrganizationIdAsync("Acme IoT");

        TransferPreview preview = null!;
        var commands = await SqlCommandCount.OfAsync(h, async () =>
            preview = await h.Get<TransferService>().PreviewAsync(TransferSelection.Of([.. tokens]), acme, "staff@acme.example"));
        return (commands, preview);
    }

    [Fact, Trait("Rule", "D7")]
    public async Task APreview_IssuesTheSameNumberOfSqlCommands_WhateverTheNumberOfDevicesOrganizationsAndOwners()
    {
        var (few, small) = await PreviewAsync(1);
        var (many, large) = await PreviewAsync(60);
        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands per transfer preview: {few} for 4 devices, {many} for 240");

        Assert.Equal(4, small.Moving);
        Assert.Equal(240, large.Moving);
        Assert.InRange(few, 3, 15);
        Assert.Equal(few, many);
        // The same accounts change the same way, now on 60 times as many devices.
        Assert.Equal(small.AccessChanges.Select(c => (c.Email, c.Kind, c.Devices.Count * 60)),
            large.AccessChanges.Select(c => (c.Email, c.Kind, c.Devices.Count)));
    }
}
