using DeviceConsole.Components.Account;
using DeviceConsole.Components.Layout;
using DeviceConsole.Data;
using DeviceConsole.Services.Access;
using DeviceConsole.Services.Accounts;
using DeviceConsole.Services.Accounts.Passwords;
using DeviceConsole.Services.Accounts.Sessions;
using DeviceConsole.Services.Accounts.SignIn;
using DeviceConsole.Services.Accounts.TwoFactor;
using DeviceConsole.Services.Audit;
using DeviceConsole.Services.Dashboard;
using DeviceConsole.Services.Devices;
using DeviceConsole.Services.Devices.Transfers;
using DeviceConsole.Services.Email;
using DeviceConsole.Services.Members;
using DeviceConsole.Services.Organizations;
using DeviceConsole.Services.SavedViews;
using DeviceConsole.Services.Tags;
using DeviceConsole.Services.Tokens;
using Microsoft.AspNetCore.Components.Authorization;
using Microsoft.AspNetCore.Components.Server.Circuits;
using Microsoft.AspNetCore.Identity;

namespace DeviceConsole.Services.Common;

public static class ServiceRegistration
{
    public static IServiceCollection AddDeviceConsoleServices(this IServiceCollection services, IConfiguration configuration, string contentRoot)
    {
        services.Configure<SeedOptions>(configuration.GetSection(SeedOptions.Section));
        services.Configure<OrganizationOptions>(configuration.GetSection(OrganizationOptions.Section));
        services.Configure<InvitationOptions>(configuration.GetSection(InvitationOptions.Section));
        services.Configure<TransferOptions>(configuration.GetSection(TransferOptions.Section));
        services.Configure<TagOptions>(configuration.GetSection(TagOptions.Section));
        services.Configure<LockoutSettings>(configuration.GetSection(LockoutSettings.Section));
        services.Configure<DashboardOptions>(configuration.GetSection(DashboardOptions.Section));
        services.Configure<RegistrationOptions>(configuration.GetSection(RegistrationOptions.Section));
        services.Configure<SecurityOptions>(configuration.GetSection(SecurityOptions.Section));
        services.AddSingleton<AdminTwoFactor>();

        services.AddSingleton(TimeProvider.System);
        services.AddHttpContextAccessor();
        services.AddTokenServices(configuration);
        services.AddExclusiveJobs();
        services.AddSingleton<AuditLog>();
        services.AddSingleton<PageCursors>();
        services.AddScoped<CurrentUser>();
        services.AddScoped<AccessService>();
        services.AddScoped<Operations>();
        services.AddScoped<OrganizationQueries>();
        services.AddScoped<OrganizationCommands>();
        services.AddScoped<MovePlanner>();
        services.AddScoped<OrganizationMoves>();
        services.AddScoped<ActiveOrganizationService>();
        services.AddScoped<AppearanceService>();
        services.AddScoped<DeviceQueries>();
        services.AddScoped<DashboardQueries>();
        services.AddScoped<AuditQueries>();
        services.AddScoped<DeviceOwnership>();
        services.AddScoped<DeviceConcurrency>();
        services.AddScoped<DeviceCommands>();
        services.AddScoped<TransferPlanner>();
        services.AddScoped<TransferUndo>();
        services.AddScoped<TransferService>();
        services.AddScoped<TagCommands>();
        services.AddScoped<DeviceExport>();
        services.AddScoped<SavedViewCommands>();
        services.AddScoped<SavedViewQueries>();
        services.AddScoped<MembershipEnds>();
        services.AddScoped<MembershipChecks>();
        services.AddScoped<FrozenSelections>();
        services.AddScoped<MembershipExpiry>();
        services.AddScoped<EndingMembershipQueries>();
        services.AddHostedService<MembershipExpiryJob>();
        services.AddScoped<TagQueries>();
        services.AddScoped<DemoSeeder>();
        services.AddScoped<MembershipService>();
        services.AddScoped<InvitationService>();
        services.AddScoped<InvitationMail>();
        services.AddScoped<InvitationResponseService>();
        services.AddScoped<AccountService>();
        services.AddScoped<AccountSuspensions>();
        services.AddScoped<EmailChangeUndo>();
        services.AddScoped<SuspendedOwnerDevices>();
        services.AddScoped<RegistrationService>();

        // Circuit-scoped UI state: the active organization shown by the layout and the pages.
        services.AddScoped<ActiveOrganizationState>();
        services.AddScoped<Components.Shared.BrowserTimeZone>();
        services.AddTransient<Components.Shared.UiAction>();

        services.AddMailSender(configuration, contentRoot);
        services.AddSingleton<IEmailSender<ApplicationUser>, IdentityEmailSender>();
        return services;
    }

    /// <summary>Identity with cookie sign-in, lockout and unique emails (S1), server-side sessions (S5) and the password policy.</summary>
    public static IServiceCollection AddDeviceConsoleIdentity(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddCascadingAuthenticationState();
        services.AddScoped<IdentityRedirectManager>();
        services.AddScoped<RecentPassword>();
        services.AddScoped<AuthenticationStateProvider, IdentityRevalidatingAuthenticationStateProvider>();
        services.AddScoped<CircuitHandler, SessionCircuitHandler>();
        services.Configure<SignInSessionOptions>(configuration.GetSection(SignInSessionOptions.Section));
        services.AddSingleton<AccountSessions>();
        services.AddSingleton<SignInAttempts>();
        services.AddSingleton<DummyPasswordHash>();
        services.Configure<AnswerPacingOptions>(configuration.GetSection(AnswerPacingOptions.Section));
        services.AddSingleton<AnswerPacing>();
        services.Configure<PasswordHasherOptions>(o => o.IterationCount = PasswordPolicy.Pbkdf2Iterations);

        services.AddAuthentication(options =>
            {
                options.DefaultScheme = IdentityConstants.ApplicationScheme;
                options.DefaultSignInScheme = IdentityConstants.ExternalScheme;
            })
            .AddIdentityCookies();

        var lockout = configuration.GetSection(LockoutSettings.Section).Get<LockoutSettings>() ?? new LockoutSettings();
        services.AddIdentityCore<ApplicationUser>(options =>
            {
                options.SignIn.RequireConfirmedAccount = true;
                options.Stores.SchemaVersion = IdentitySchemaVersions.Version3;
                options.User.RequireUniqueEmail = true;
                PasswordPolicy.Configure(options.Password);
                options.Lockout.AllowedForNewUsers = true;
                options.Lockout.MaxFailedAccessAttempts = lockout.MaxFailedAttempts;
                options.Lockout.DefaultLockoutTimeSpan = TimeSpan.FromMinutes(lockout.Minutes);
            })
            .AddEntityFrameworkStores<AppDbContext>()
            .AddSignInManager<ConsoleSignInManager>()
            .AddPasswordValidator<PasswordPolicy>()
            .AddDefaultTokenProviders();
        return services;
    }
}
