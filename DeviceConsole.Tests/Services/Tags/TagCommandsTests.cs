using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Tags;
using DeviceConsole.Tests.Services.Devices.Transfers;
using DeviceConsole.Tests.Support;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Services.Tags;

public sealed class TagCommandsTests : ServiceTest
{
    private TagCommands Tags => H.Get<TagCommands>();

    private Task<DeviceToken> TokenAsync(string serial) => TransferTestData.TokenAsync(H, serial);

    private Task<TagResult> AddAsync(string tag, params DeviceToken[] devices) => Tags.ApplyAsync(new TagRequest(devices, [tag], []));

    private async Task<List<string>> TagsOfAsync(int deviceId)
    {
        await using var db = H.NewDbContext();
        return await db.DeviceTags.Where(t => t.DeviceId == deviceId).OrderBy(t => t.NormalizedName).Select(t => t.Name).ToListAsync();
    }

    private async Task<int> TagEntriesAsync()
    {
        await using var db = H.NewDbContext();
        return await db.AuditEntries.CountAsync(e => e.Action == AuditActions.DeviceTagsChanged);
    }

    [Fact, Trait("Rule", "G1"), Trait("Rule", "L1")]
    public async Task AddingATag_TrimsIt_ComparesIgnoringCase_AndAuditsTheDevice()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");

        var first = await Tags.ApplyAsync(new TagRequest([token], ["  Rooftop ", "zone-3"], []));
        var again = await AddAsync("ROOFTOP", token);

        Assert.Equal(1, first.Changed);
        Assert.Equal(0, again.Changed);
        Assert.Contains("Nothing was changed", again.Message);
        Assert.Equal(["Rooftop", "zone-3"], await TagsOfAsync(token.DeviceId));
        await using var db = H.NewDbContext();
        var entry = await db.AuditEntries.SingleAsync(e => e.Action == AuditActions.DeviceTagsChanged);
        Assert.Equal(token.DeviceId.ToString(), entry.TargetId);
        Assert.Equal("Tagged Client A Sensor 01 with Rooftop, zone-3", entry.Summary);
        Assert.Contains("Rooftop", entry.After);
    }

    [Theory, Trait("Rule", "G1")]
    [InlineData("", "A tag cannot be empty.")]
    [InlineData("   ", "A tag cannot be empty.")]
    [InlineData("a-tag-that-is-far-longer-than-32-chars", "at most 32 characters")]
    [InlineData("line\nbreak", "control or separator")]
    [InlineData("tab\there", "control or separator")]
    [InlineData("north wing", "spaces")]
    public async Task BadTags_AreRefused_AndChangeNothing(string tag, string message)
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");

        var error = await Assert.ThrowsAsync<DomainException>(() => AddAsync(tag, token));

        Assert.Contains(message, error.Message);
        Assert.Empty(await TagsOfAsync(token.DeviceId));
        Assert.Equal(0, await TagEntriesAsync());
    }

    [Fact, Trait("Rule", "G1"), Trait("Rule", "G2")]
    public async Task The21stTag_FailsTheWholeBatch_NamingTheDevice()
    {
        await H.ActAsync("admin@acme.example");
        var full = await TokenAsync("CLA-SN-1001");
        var other = await TokenAsync("CLA-SN-1002");
        await Tags.ApplyAsync(new TagRequest([full], Enumerable.Range(1, 20).Select(i => $"t{i}").ToList(), []));

        var error = await Assert.ThrowsAsync<TagRefusedException>(() => AddAsync("one-more", full, other));

        var failure = Assert.Single(error.Failures);
        Assert.Equal(full.DeviceId, failure.Id);
        Assert.Contains("Client A Sensor 01 would have 21 tags; a device has at most 20.", error.Message);
        Assert.Empty(await TagsOfAsync(other.DeviceId));
        Assert.Equal(20, (await TagsOfAsync(full.DeviceId)).Count);
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "D9")]
    public async Task ABatch_WithOneDeviceChangedSince_ChangesNothing_AndNamesTheChange()
    {
        await H.ActAsync("admin@acme.example");
        var stale = await TokenAsync("CLA-SN-1001");
        var fresh = await TokenAsync("CLA-SN-1002");
        await H.Get<DeviceCommands>().EditAsync(stale, new DeviceDraft("Renamed sensor", "CLA-SN-1001", DeviceStatus.Online));

        var error = await Assert.ThrowsAsync<TagRefusedException>(() => AddAsync("rooftop", stale, fresh));

        Assert.Equal(stale.DeviceId, Assert.Single(error.Failures).Id);
        Assert.Contains("changed after you loaded it: edited by admin@acme.example", error.Message);
        Assert.Empty(await TagsOfAsync(fresh.DeviceId));
        Assert.Equal(0, await TagEntriesAsync());
    }

    [Fact, Trait("Rule", "G2")]
    public async Task AUser_CannotTagEvenItsOwnDevice()
    {
        await H.ActAsync("clienta.user@acme.example");
        var owned = await TokenAsync("CLA-TR-1001");

        var error = await Assert.ThrowsAsync<TagRefusedException>(() => AddAsync("mine", owned));

        Assert.Equal("Tagging Client A Tracker 01 needs Staff in Client A.", error.Message);
        Assert.Contains(H.Logs.Entries, e => e.Message.Contains("Refused G2"));
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "A4")]
    public async Task ADeviceOutsideTheView_IsNotFound()
    {
        await H.ActAsync("clienta.admin@acme.example");
        var foreign = await TokenAsync("GLX-PU-1001");
        var crafted = new DeviceToken(999_999, Guid.NewGuid());

        await Assert.ThrowsAsync<NotFoundException>(() => AddAsync("x", foreign));
        await Assert.ThrowsAsync<NotFoundException>(() => AddAsync("x", crafted));
        await Assert.ThrowsAsync<NotFoundException>(() => Tags.PreviewAsync(TagSelection.Of(foreign), ["x"], []));
        Assert.Equal(0, await TagEntriesAsync());
    }

    [Fact, Trait("Rule", "G2"), Trait("Rule", "D8")]
    public async Task AllMatching_IsFrozenAtPreview_AndAuditedOncePerDevice()
    {
        await H.ActAsync("admin@acme.example");
        var clientA = await H.OrganizationIdAsync("Client A");
        var filter = new DeviceListRequest(Search: "Tracker", IncludeSubOrganizations: false);

        var preview = await Tags.PreviewAsync(TagSelection.Matching(clientA, filter), ["fleet-7"], []);
        // A device that matches after the preview is not included (D8).
        await TransferTestData.AddDevicesAsync(H, "Client A", "clienta.user@acme.example", 1, "Tracker");
        var result = await Tags.ApplyAsync(new TagRequest(preview.Tokens, preview.Add, preview.Remove));

        Assert.Equal(4, preview.Changing);
        Assert.Equal(4, result.Changed);
        Assert.Equal(4, await TagEntriesAsync());
        var tagged = await H.Get<DeviceQueries>().ListAsync(clientA, filter with { Tags = ["FLEET-7"] });
        Assert.Equal(4, tagged.Total);
    }

    [Fact, Trait("Rule", "G2")]
    public async Task RemovingATag_RemovesItWhateverItsCase_AndIsAudited()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");
        await Tags.ApplyAsync(new TagRequest([token], ["Rooftop", "zone-3"], []));

        var result = await Tags.ApplyAsync(new TagRequest([token], [], ["ROOFTOP"]));

        Assert.Equal(1, result.Changed);
        Assert.Equal(["zone-3"], await TagsOfAsync(token.DeviceId));
        Assert.Equal(2, await TagEntriesAsync());
    }

    [Fact, Trait("Rule", "G1")]
    public async Task ATransfer_KeepsTheTags_AndTaggingKeepsTheToken()
    {
        await H.ActAsync("admin@acme.example");
        var token = await TokenAsync("CLA-SN-1001");
        await AddAsync("rooftop", token);

        // Tagging leaves the concurrency token as it was, so the transfer with the loaded token goes through.
        await H.Get<TransferService>().TransferAsync(new TransferRequest([token], await H.OrganizationIdAsync("Client A Warehouse"), null));

        Assert.Equal(["rooftop"], await TagsOfAsync(token.DeviceId));
    }
}
