using System.Diagnostics;
using DeviceConsole.Domain;
using DeviceConsole.Services.Devices;
using DeviceConsole.Tests.Support;
using Microsoft.Data.Sqlite;

namespace DeviceConsole.Tests.Services.Devices;

/// <summary>
/// Measures the device list on 100,000 devices in 1,115 organizations and prints the figures the
/// README quotes. On demand only (it asserts nothing about time):
/// <c>dotnet test --project DeviceConsole.Tests --filter-class "*DeviceListMeasurement" --explicit only</c>.
/// </summary>
public sealed class DeviceListMeasurement(ITestOutputHelper output)
{
    [Fact(Explicit = true)]
    public async Task PageTimes_On100000Devices()
    {
        await using var h = await ServiceHarness.CreateFileAsync();
        var acme = await h.OrganizationIdAsync("Acme IoT");
        var adminId = await h.AccountIdAsync("admin@acme.example");
        var sw = Stopwatch.StartNew();
        await using (var conn = new SqliteConnection(h.ConnectionString))
        {
            await conn.OpenAsync();
            using var tx = conn.BeginTransaction();
            var cmd = conn.CreateCommand();
            cmd.Transaction = tx;
            // 10 clients x 10 sites x 10 areas = 1,110 orgs under Acme IoT.
            var orgIds = new List<(int Id, string Path)>();
            int NewOrg(string name, int parent, string parentPath)
            {
                cmd.CommandText = "INSERT INTO Organizations (Name, NormalizedName, ParentId, Path, CreatedAt) VALUES ($n, $nn, $p, '', '2026-01-01') RETURNING Id";
                cmd.Parameters.Clear();
                cmd.Parameters.AddWithValue("$n", name); cmd.Parameters.AddWithValue("$nn", name.ToUpperInvariant()); cmd.Parameters.AddWithValue("$p", parent);
                var id = Convert.ToInt32(cmd.ExecuteScalar());
                var path = $"{parentPath}{id}/";
                cmd.CommandText = "UPDATE Organizations SET Path = $path WHERE Id = $id";
                cmd.Parameters.Clear(); cmd.Parameters.AddWithValue("$path", path); cmd.Parameters.AddWithValue("$id", id);
                cmd.ExecuteNonQuery();
                orgIds.Add((id, path));
                return id;
            }
            var acmePath = $"/{acme}/";
            for (var c = 0; c < 10; c++)
            {
                var cid = NewOrg($"Bench Client {c}", acme, acmePath);
                var cpath = $"{acmePath}{cid}/";
                for (var s = 0; s < 10; s++)
                {
                    var sid = NewOrg($"Site {c}-{s}", cid, cpath);
                    for (var a = 0; a < 10; a++) NewOrg($"Area {c}-{s}-{a}", sid, $"{cpath}{sid}/");
                }
            }
            cmd.CommandText = "INSERT INTO Devices (Name, SerialNumber, NormalizedSerialNumber, OrganizationId, OwnerId, Status, LastSeenAt, CreatedAt, Version) VALUES ($n, $s, $s, $o, $owner, $st, '2026-11-01', '2026-01-01', $v)";
            cmd.Parameters.Clear();
            var pn = cmd.Parameters.Add("$n", SqliteType.Text); var ps = cmd.Parameters.Add("$s", SqliteType.Text);
            var po = cmd.Parameters.Add("$o", SqliteType.Integer); var pw = cmd.Parameters.Add("$owner", SqliteType.Text);
            var pst = cmd.Parameters.Add("$st", SqliteType.Integer); var pv = cmd.Parameters.Add("$v", SqliteType.Text);
            pw.Value = adminId;
            for (var i = 0; i < 100_000; i++)
            {
                pn.Value = $"Bench device {i:000000}"; ps.Value = $"BENCH-{i:000000}";
                po.Value = orgIds[i % orgIds.Count].Id; pst.Value = 1 + i % 4; pv.Value = Guid.NewGuid().ToString().ToUpperInvariant();
                cmd.ExecuteNonQuery();
            }
            tx.Commit();
            cmd.Transaction = null; cmd.Parameters.Clear(); cmd.CommandText = "ANALYZE"; cmd.ExecuteNonQuery();
        }
        output.WriteLine($"seeded in {sw.ElapsedMilliseconds} ms");
        await h.ActAsync("admin@acme.example");
        var devices = h.Get<DeviceQueries>();
        async Task Time(string label, DeviceListRequest request, int organizationId)
        {
            await devices.ListAsync(organizationId, request);
            var times = new List<double>();
            for (var i = 0; i < 5; i++)
            {
                var t = Stopwatch.StartNew();
                var page = await devices.ListAsync(organizationId, request);
                times.Add(t.Elapsed.TotalMilliseconds);
                if (i == 0) output.WriteLine($"{label}: total {page.Total}, rows {page.Rows.Count}");
            }
            times.Sort();
            output.WriteLine($"{label}: median {times[2]:F1} ms (min {times[0]:F1}, max {times[4]:F1})");
        }
        await Time("root first page by name", new DeviceListRequest(Take: 25), acme);
        await Time("root page 2000 by name", new DeviceListRequest(Skip: 50_000, Take: 25), acme);
        await Time("root search 'device 0999'", new DeviceListRequest(Search: "device 0999", Take: 25), acme);
        await Time("root status filter sort last seen desc", new DeviceListRequest(Status: DeviceStatus.Offline, SortBy: DeviceSort.LastSeen, Descending: true, Take: 25), acme);
        var client = await h.OrganizationIdAsync("Bench Client 3");
        await Time("client subtree first page", new DeviceListRequest(Take: 25), client);
        await h.ActAsync("clienta.user@acme.example");
        await Time("user in Client A", new DeviceListRequest(Take: 25), await h.OrganizationIdAsync("Client A"));
    }
}
