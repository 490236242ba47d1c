using DeviceConsole.Data.Counters;
using DeviceConsole.Data.Search;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations
{
    /// <summary>
    /// Device counts per organization and status, and the trigram index of account emails, both
    /// kept by SQLite triggers (Data/Counters/SqliteDeviceCountTriggers, Data/Search/SqliteAccountSearch)
    /// and filled from the rows already there.
    /// </summary>
    public partial class DeviceCountsAndAccountSearch : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateTable(
                name: "DeviceCounts",
                columns: table => new
                {
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    Status = table.Column<int>(type: "INTEGER", nullable: false),
                    Count = table.Column<int>(type: "INTEGER", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceCounts", x => new { x.OrganizationId, x.Status });
                    table.ForeignKey(
                        name: "FK_DeviceCounts_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.Sql(SqliteDeviceCountTriggers.Create);
            migrationBuilder.Sql(SqliteDeviceCountTriggers.Rebuild);
            migrationBuilder.Sql(SqliteAccountSearch.Create);
            migrationBuilder.Sql(SqliteAccountSearch.Rebuild);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.Sql(SqliteAccountSearch.Drop);
            migrationBuilder.Sql(SqliteDeviceCountTriggers.Drop);
            migrationBuilder.DropTable(
                name: "DeviceCounts");
        }
    }
}
