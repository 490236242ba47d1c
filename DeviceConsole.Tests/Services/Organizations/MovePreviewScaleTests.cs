using DeviceConsole.Domain;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;

namespace DeviceConsole.Tests.Services.Organizations;

/// <summary>O3 at scale: the move preview is computed set-based, in the same few queries whatever the subtree holds.</summary>
public sealed class MovePreviewScaleTests
{
    /// <summary>Client A Warehouse under Client B: devices of Client A's members are blocked (D1), others are not.</summary>
    private static async Task<(int Commands, MovePreview Preview)> PreviewAsync(int scale)
    {
        await using var h = await ServiceHarness.CreateAsync();
        await h.ActAsync("admin@acme.example");
        var warehouse = await h.OrganizationIdAsync("Client A Warehouse");
        for (var i = 0; i < scale; i++)
            await h.Get<OrganizationCommands>().CreateAsync(new CreateOrganizationRequest(warehouse, $"Bay {i}"));
        for (var i = 0; i < scale; i++)
        {
            var email = $"member{i}@example.com";
            await h.CreateAccountAsync(email);
            await h.AddMembershipAsync(email, $"Bay {i}", i % 2 == 0 ? Role.Staff : Role.User);
            await TransferTestData.AddDevicesAsync(h, $"Bay {i}", email, 3, $"BAY{i}");
            // Blocked after the move: owned by a member of Client A, in a bay.
            await TransferTestData.AddDevicesAsync(h, $"Bay {i}", "clienta.user@acme.example", 2, $"CAU{i}");
        }
        var request = new MoveOrganizationRequest(warehouse, await h.OrganizationIdAsync("Client B"), await h.AccountIdAsync("admin@acme.example"));

        MovePreview preview = null!;
        var commands = await SqlCommandCount.OfAsync(h, async () => preview = await h.Get<OrganizationMoves>().PreviewMoveAsync(request));
        return (commands, preview);
    }

    [Fact, Trait("Rule", "O3")]
    public async Task APreview_IssuesTheSameNumberOfSqlCommands_WhateverTheNumberOfOrganizationsDevicesAndOwners()
    {
        var (few, small) = await PreviewAsync(1);
        var (many, large) = await PreviewAsync(40);
        TestContext.Current.TestOutputHelper?.WriteLine($"SQL commands per move preview: {few} for {small.SubOrganizations} sub-organizations, {many} for {large.SubOrganizations}");

        Assert.Equal((1, 40), (small.SubOrganizations, large.SubOrganizations));
        Assert.Equal(small.Devices + 39 * 5, large.Devices);
        Assert.Equal(small.BlockedDevices.Count + 39 * 2, large.BlockedDevices.Count);
        Assert.InRange(few, 5, 16);
        Assert.Equal(few, many);
    }
}
