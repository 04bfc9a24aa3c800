using System.Reflection;
using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Cruddur.ServiceDefaults.Http;

/// <summary>
/// Says in a caller's words what JSON body an endpoint takes, from the type its handler reads and the
/// service's JSON naming: "a JSON object with message and ttl (strings)". Never a .NET type's name.
/// </summary>
internal static class ExpectedJsonBody
{
    private const string AnyObject = "a JSON object";

    public static string Of(HttpContext context)
    {
        // The exception handler has cleared the request's endpoint by now; its feature keeps the one that failed.
        var endpoint = context.Features.Get<IExceptionHandlerFeature>()?.Endpoint ?? context.GetEndpoint();
        var type = endpoint?.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType;
        if (type is null || type == typeof(string) || type.IsPrimitive)
        {
            return AnyObject;
        }

        var naming = context.RequestServices.GetService<IOptions<Microsoft.AspNetCore.Http.Json.JsonOptions>>()?.Value.SerializerOptions.PropertyNamingPolicy;
        var fields = type.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(property => property.GetCustomAttribute<JsonIgnoreAttribute>() is null)
            .Select(property => (Name: JsonName(property, naming), Kind: KindOf(property.PropertyType)))
            .ToList();
        if (fields.Count == 0)
        {
            return AnyObject;
        }

        // "message and ttl (strings)" when the kinds agree, else "message (a string) and likes (a number)".
        var kinds = fields.Select(field => field.Kind).Distinct().ToList();
        return kinds is [var kind]
            ? $"{AnyObject} with {List(fields.Select(field => field.Name))} ({(fields.Count == 1 ? $"a {kind}" : $"{kind}s")})"
            : $"{AnyObject} with {List(fields.Select(field => $"{field.Name} (a {field.Kind})"))}";
    }

    private static string JsonName(PropertyInfo property, JsonNamingPolicy? naming) =>
        property.GetCustomAttribute<JsonPropertyNameAttribute>()?.Name ?? naming?.ConvertName(property.Name) ?? property.Name;

    private static string KindOf(Type type)
    {
        type = Nullable.GetUnderlyingType(type) ?? type;
        return type == typeof(string) || type == typeof(Guid) || type == typeof(DateTimeOffset) || type == typeof(DateTime) ? "string"
            : type == typeof(bool) ? "boolean"
            : type.IsPrimitive || type == typeof(decimal) ? "number"
            : typeof(System.Collections.IEnumerable).IsAssignableFrom(type) ? "array"
            : "object";
    }

    private static string List(IEnumerable<string> items)
    {
        var all = items.ToList();
        return all.Count == 1 ? all[0] : $"{string.Join(", ", all[..^1])} and {all[^1]}";
    }
}
