using System;
using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace DeviceConsole.Data.Migrations
{
    /// <inheritdoc />
    public partial class TagsSavedViewsMembershipEnds : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.AddColumn<DateTime>(
                name: "EndsAt",
                table: "Memberships",
                type: "TEXT",
                nullable: true);

            migrationBuilder.AddColumn<DateTime>(
                name: "MembershipEndsAt",
                table: "Invitations",
                type: "TEXT",
                nullable: true);

            migrationBuilder.CreateTable(
                name: "DeviceTags",
                columns: table => new
                {
                    DeviceId = table.Column<int>(type: "INTEGER", nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 64, nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_DeviceTags", x => new { x.DeviceId, x.NormalizedName });
                    table.ForeignKey(
                        name: "FK_DeviceTags_Devices_DeviceId",
                        column: x => x.DeviceId,
                        principalTable: "Devices",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateTable(
                name: "SavedViews",
                columns: table => new
                {
                    Id = table.Column<int>(type: "INTEGER", nullable: false)
                        .Annotation("Sqlite:Autoincrement", true),
                    OwnerId = table.Column<string>(type: "TEXT", nullable: false),
                    Name = table.Column<string>(type: "TEXT", maxLength: 60, nullable: false),
                    NormalizedName = table.Column<string>(type: "TEXT", maxLength: 120, nullable: false),
                    SharedOrganizationId = table.Column<int>(type: "INTEGER", nullable: true),
                    OrganizationId = table.Column<int>(type: "INTEGER", nullable: false),
                    IncludeSubOrganizations = table.Column<bool>(type: "INTEGER", nullable: false),
                    Search = table.Column<string>(type: "TEXT", maxLength: 200, nullable: true),
                    Status = table.Column<int>(type: "INTEGER", nullable: true),
                    Tags = table.Column<string>(type: "TEXT", maxLength: 660, nullable: false),
                    SortBy = table.Column<string>(type: "TEXT", maxLength: 32, nullable: false),
                    Descending = table.Column<bool>(type: "INTEGER", nullable: false),
                    PageSize = table.Column<int>(type: "INTEGER", nullable: false),
                    CreatedAt = table.Column<DateTime>(type: "TEXT", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("PK_SavedViews", x => x.Id);
                    table.ForeignKey(
                        name: "FK_SavedViews_AspNetUsers_OwnerId",
                        column: x => x.OwnerId,
                        principalTable: "AspNetUsers",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SavedViews_Organizations_OrganizationId",
                        column: x => x.OrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                    table.ForeignKey(
                        name: "FK_SavedViews_Organizations_SharedOrganizationId",
                        column: x => x.SharedOrganizationId,
                        principalTable: "Organizations",
                        principalColumn: "Id",
                        onDelete: ReferentialAction.Cascade);
                });

            migrationBuilder.CreateIndex(
                name: "IX_Memberships_EndsAt",
                table: "Memberships",
                column: "EndsAt");

            migrationBuilder.CreateIndex(
                name: "IX_DeviceTags_NormalizedName_DeviceId",
                table: "DeviceTags",
                columns: new[] { "NormalizedName", "DeviceId" });

            migrationBuilder.CreateIndex(
                name: "IX_SavedViews_OrganizationId",
                table: "SavedViews",
                column: "OrganizationId");

            migrationBuilder.CreateIndex(
                name: "IX_SavedViews_OwnerId_NormalizedName",
                table: "SavedViews",
                columns: new[] { "OwnerId", "NormalizedName" },
                unique: true,
                filter: "\"SharedOrganizationId\" IS NULL");

            migrationBuilder.CreateIndex(
                name: "IX_SavedViews_SharedOrganizationId_NormalizedName",
                table: "SavedViews",
                columns: new[] { "SharedOrganizationId", "NormalizedName" },
                unique: true,
                filter: "\"SharedOrganizationId\" IS NOT NULL");
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "DeviceTags");

            migrationBuilder.DropTable(
                name: "SavedViews");

            migrationBuilder.DropIndex(
                name: "IX_Memberships_EndsAt",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "EndsAt",
                table: "Memberships");

            migrationBuilder.DropColumn(
                name: "MembershipEndsAt",
                table: "Invitations");
        }
    }
}
