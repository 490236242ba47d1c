using DeviceConsole.Services.Devices;
using Microsoft.EntityFrameworkCore;

namespace DeviceConsole.Tests.Support;

/// <summary>A device's current concurrency token (D9), read straight from the database, as a page would have loaded it.</summary>
public static class DeviceTokens
{
    public static async Task<DeviceToken> TokenAsync(this ServiceHarness h, string serial)
    {
        await using var db = h.NewDbContext();
        return await db.Devices.Where(d => d.SerialNumber == serial).Select(d => new DeviceToken(d.Id, d.Version)).SingleAsync();
    }

    public static async Task<DeviceToken> TokenAsync(this ServiceHarness h, int deviceId)
    {
        await using var db = h.NewDbContext();
        return await db.Devices.Where(d => d.Id == deviceId).Select(d => new DeviceToken(d.Id, d.Version)).SingleAsync();
    }
}
