using DeviceConsole.Api;
using DeviceConsole.Components;
using DeviceConsole.Components.Account;
using DeviceConsole.Components.Audit;
using DeviceConsole.Components.Devices;
using DeviceConsole.Data;
using DeviceConsole.Fleet;
using DeviceConsole.Hosting;
using DeviceConsole.Services.Common;
using MudBlazor.Services;

// Command-line verbs (seed-large, benchmark) run instead of the web console.
if (await FleetVerbs.TryRunAsync(args) is { } exitCode)
    return exitCode;

var builder = WebApplication.CreateBuilder(args);
builder.Configuration.AddOperatorSettings();
builder.AddConsoleLogging();

builder.Services.AddRazorComponents()
    .AddInteractiveServerComponents();
builder.Services.AddMudServices();

var contentRoot = builder.Environment.ContentRootPath;
if (!StartupFailure.Guard(() => builder.Services.AddDeviceConsoleData(builder.Configuration, contentRoot)))
    return 1;
builder.Services.AddDeviceConsoleIdentity(builder.Configuration);
builder.Services.AddDeviceConsoleServices(builder.Configuration, contentRoot);
builder.Services.AddDeviceConsoleKeys(builder.Configuration);
builder.Services.AddHostedService<DeviceConsole.Services.Email.MailOutboxWorker>();
builder.Services.AddDatabaseDeveloperPageExceptionFilter();
builder.Services.AddHealthChecks().AddCheck<DatabaseHealthCheck>("database");
builder.AddWebSecurity();
builder.Services.AddDeviceConsoleApi(builder.Configuration);

var app = builder.Build();

app.UseWebSecurity();
if (app.Environment.IsDevelopment())
{
    app.UseMigrationsEndPoint();
}
else
{
    app.UseExceptionHandler("/Error", createScopeForErrors: true);
    app.UseHsts();
    // Development serves plain HTTP only; redirecting there would only log that no HTTPS port exists.
    app.UseHttpsRedirection();
}
app.UseStatusCodePagesWithReExecute("/not-found", createScopeForStatusCodePages: true);
app.UseDeviceConsoleApi();
app.UseRateLimiter();
app.UseBlazorOriginCheck();
app.UseTwoFactorEnrollment();

app.UseAntiforgery();

app.MapStaticAssets();
app.MapRazorComponents<App>()
    .AddInteractiveServerRenderMode();

app.MapAdditionalIdentityEndpoints();
app.MapHealthChecks("/health").AllowAnonymous();
app.MapAuditExport();
app.MapDeviceExport();
app.MapDeviceConsoleApi();

if (!await StartupFailure.GuardAsync(app.InitializeDatabaseAsync))
    return 1;
await app.RunAsync();
return 0;

public partial class Program;
