using DeviceConsole.Data.Counters;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations.Postgres
{
    /// <summary>
    /// Hand-written, kept apart from the generated schema: the device counts per organization and
    /// status kept by PL/pgSQL triggers (Data/Counters/PostgresDeviceCountTriggers), filled from the
    /// devices already there. Its ID sorts after the generated migrations of the same day.
    /// </summary>
    [DbContext(typeof(PostgresDbContext))]
    [Migration("20261201999998_DeviceCountTriggers")]
    public partial class DeviceCountTriggers : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresDeviceCountTriggers.Create);
            migrationBuilder.Sql(PostgresDeviceCountTriggers.Rebuild);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(PostgresDeviceCountTriggers.Drop);
        }
    }
}
