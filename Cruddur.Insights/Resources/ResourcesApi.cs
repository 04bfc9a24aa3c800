using System.Text.Json;
using Cruddur.Insights.Hosting;
using Cruddur.Insights.Security;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.Extensions.Options;

namespace Cruddur.Insights.Resources;

/// <summary>/api/resources: the AppHost puts its snapshot list, the UI reads it and asks for restarts.</summary>
internal static class ResourcesApi
{
    private const int MaxResources = 100;
    private const int MaxNameLength = 100;
    private const int MaxConsoleLines = 500;
    private const int MaxEnvironment = 200;
    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    public static IEndpointRouteBuilder MapResourcesApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api/resources").OnListener(Listener.Frontend).WithTags("Resources");
        api.MapPut("/", PutResources).AddEndpointFilter<ResourceServiceKeyFilter>().WithName("PutResources")
            .WithSummary("The AppHost's full snapshot list; answers the pending commands.");
        api.MapGet("/", (ResourceStore store) => TypedResults.Ok(store.Current)).AddEndpointFilter<ApiAccessFilter>().WithName("ListResources");
        api.MapPost("/{name}/restart", Restart).AddEndpointFilter<ApiAccessFilter>().WithName("RestartResource");
        return app;
    }

    public static async Task<IResult> PutResources(HttpContext context, ResourceStore store, IOptions<InsightsOptions> options)
    {
        var request = context.Request;
        if (request.ContentType is null || !request.ContentType.StartsWith("application/json", StringComparison.OrdinalIgnoreCase))
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status415UnsupportedMediaType, title: "Send application/json");
        }
        var limit = options.Value.Resources.MaxRequestBodyBytes;
        if (request.ContentLength > limit)
        {
            return TooLarge(limit);
        }

        // Read at most limit + 1 bytes: a chunked body without a length is capped the same way.
        using var buffer = new MemoryStream();
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await request.Body.ReadAsync(chunk, context.RequestAborted)) > 0)
        {
            buffer.Write(chunk, 0, read);
            if (buffer.Length > limit)
            {
                return TooLarge(limit);
            }
        }

        ResourceUpdate? update;
        try
        {
            update = JsonSerializer.Deserialize<ResourceUpdate>(buffer.GetBuffer().AsSpan(0, (int)buffer.Length), Json);
        }
        catch (JsonException error)
        {
            return TypedResults.Problem(statusCode: StatusCodes.Status400BadRequest, title: "Malformed JSON", detail: error.Message);
        }

        var errors = Validate(update);
        if (errors.Count > 0)
        {
            return TypedResults.ValidationProblem(errors, title: "Invalid resource update");
        }
        return TypedResults.Ok(store.Replace(update!.Resources!));
    }

    public static Results<Accepted<ResourceCommands>, ProblemHttpResult> Restart(string name, ResourceStore store) =>
        store.RequestRestart(name)
            ? TypedResults.Accepted((string?)null, new ResourceCommands([name]))
            : TypedResults.Problem(statusCode: StatusCodes.Status404NotFound, title: "Resource not found", detail: $"The AppHost has not reported a resource named '{name}'.");

    private static ProblemHttpResult TooLarge(long limit) =>
        TypedResults.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Body too large", detail: $"At most {limit} bytes (Dashboard:Resources:MaxRequestBodyBytes).");

    private static Dictionary<string, string[]> Validate(ResourceUpdate? update)
    {
        var errors = new Dictionary<string, string[]>();
        if (update?.Resources is null)
        {
            errors["resources"] = ["Required: the list of resources."];
            return errors;
        }
        if (update.Resources.Count > MaxResources)
        {
            errors["resources"] = [$"At most {MaxResources} resources."];
            return errors;
        }
        var names = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < update.Resources.Count; i++)
        {
            var item = update.Resources[i];
            var at = $"resources[{i}]";
            if (item is null)
            {
                errors[at] = ["Must be an object."];
                continue;
            }
            if (string.IsNullOrWhiteSpace(item.Name) || item.Name.Length > MaxNameLength || !item.Name.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.'))
            {
                errors[$"{at}.name"] = [$"Required: 1-{MaxNameLength} letters, digits, '-', '_' or '.'."];
            }
            else if (!names.Add(item.Name))
            {
                errors[$"{at}.name"] = [$"Duplicate name '{item.Name}'."];
            }
            if (string.IsNullOrWhiteSpace(item.State) || string.IsNullOrWhiteSpace(item.Type))
            {
                errors[$"{at}.state"] = ["State and type are required."];
            }
            if (item.Urls?.Any(url => !Uri.TryCreate(url, UriKind.Absolute, out var uri) || (uri.Scheme != Uri.UriSchemeHttp && uri.Scheme != Uri.UriSchemeHttps && uri.Scheme != "udp" && uri.Scheme != "tcp")) == true)
            {
                errors[$"{at}.urls"] = ["Each URL must be absolute http, https, tcp or udp."];
            }
            if (item.Console?.Count > MaxConsoleLines || item.Console?.Any(line => line is null) == true)
            {
                errors[$"{at}.console"] = [$"At most {MaxConsoleLines} lines, none null."];
            }
            if (item.Environment?.Count > MaxEnvironment)
            {
                errors[$"{at}.environment"] = [$"At most {MaxEnvironment} variables."];
            }
        }
        return errors;
    }
}
