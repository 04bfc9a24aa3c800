using System.Text.Json;
using System.Text.Json.Serialization;
using Cruddur.Api.Http;
using Cruddur.Api.Services;
using Cruddur.Api.Storage;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Cruddur.Api.Extensions;

internal static class Extensions
{
    /// <summary>Settings, the store, the services and the HTTP behaviour the endpoints rely on.</summary>
    public static void AddApplicationServices(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;

        services.AddOptions<CruddurUserOptions>()
            .BindConfiguration(CruddurUserOptions.SectionName)
            .ValidateOnStart();
        services.AddSingleton<IValidateOptions<CruddurUserOptions>, CruddurUserOptionsValidator>();
        services.AddOptions<CruddurStoreOptions>()
            .BindConfiguration(CruddurStoreOptions.SectionName)
            .ValidateDataAnnotations()
            .ValidateOnStart();

        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton<ICruddurStore, InMemoryCruddurStore>();
        services.AddSingleton<ActingUser>();
        services.AddSingleton<HomeActivities>();
        services.AddSingleton<NotificationsActivities>();
        services.AddSingleton<UserActivities>();
        services.AddSingleton<SearchActivities>();
        services.AddSingleton<ShowActivity>();
        services.AddSingleton<CreateActivity>();
        services.AddSingleton<CreateReply>();
        services.AddSingleton<MessageGroups>();
        services.AddSingleton<Messages>();
        services.AddSingleton<CreateMessage>();

        // The original's field names (display_name, created_at...), which the front end reads.
        // Numbers stay numbers both ways, so OpenAPI describes the counts as plain integers.
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower;
            options.SerializerOptions.NumberHandling = JsonNumberHandling.Strict;
        });

        // Binding failures throw in every environment, so ServiceDefaults' BadRequestExceptionHandler answers
        // them with problem details rather than an empty 400.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<ProblemDetailsOptions>(options => options.CustomizeProblemDetails = ProblemDetailTexts.Describe);
        services.Configure<KestrelServerOptions>(options => options.Limits.MaxRequestBodySize = RequestBodyLimits.MaxBodyBytes);

        // Handles route as in the original, '@' included: /api/activities/@a@b is a@b's feed.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<MatcherPolicy, HandleSegmentPolicy>());
    }
}
