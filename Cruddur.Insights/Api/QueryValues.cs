using System.Globalization;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Insights.Api;

/// <summary>Reading the JSON API's query values; each bad one is named in the 400's detail.</summary>
internal static class QueryValues
{
    public const string TraceIdRule = "Must be 32 hex characters or the X-Ray form 1-xxxxxxxx-xxxxxxxxxxxxxxxxxxxxxxxx.";

    /// <summary>400 problem details: every bad parameter in <c>errors</c> and, by name, in the detail.</summary>
    public static ValidationProblem Problem(Dictionary<string, string[]> errors, string title) =>
        TypedResults.ValidationProblem(errors, Detail(errors), title: title);

    public static string Detail(Dictionary<string, string[]> errors) =>
        string.Join(" ", errors.Select(error => $"{error.Key}: {string.Join(" ", error.Value)}"));

    /// <summary>The stored (lowercase hex) form of a trace id given in either form, or null when malformed.</summary>
    public static string? TraceId(string? traceId)
    {
        var id = traceId?.Trim().ToLowerInvariant() ?? "";
        if (id.StartsWith("1-", StringComparison.Ordinal) && id.Length == 35 && id[10] == '-')
        {
            id = id[2..10] + id[11..]; // the X-Ray form
        }
        return id.Length == 32 && id.All(char.IsAsciiHexDigit) ? id : null;
    }

    public static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();

    /// <summary>A non-negative number of milliseconds, or null when absent; a bad one is added to <paramref name="errors"/>.</summary>
    public static double? Milliseconds(string? value, string field, Dictionary<string, string[]> errors)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return null;
        }
        if (double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number) && double.IsFinite(number) && number >= 0)
        {
            return number;
        }
        errors[field] = ["Must be a non-negative number of milliseconds."];
        return null;
    }
}
