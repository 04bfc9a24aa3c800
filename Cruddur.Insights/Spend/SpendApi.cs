using System.Globalization;
using Cruddur.Insights.Api;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Cruddur.Insights.Spend;

/// <summary>/api/spend: per sink, the volume at the current rate against its free tier; /api/what-if: the same for another sampling rule.</summary>
internal static class SpendApi
{
    public static WebApplicationBuilder AddSpendView(this WebApplicationBuilder builder)
    {
        builder.Services.AddSingleton(SpendOptions.Load(builder.Configuration));
        builder.Services.AddSingleton<SpendCalculator>();
        return builder;
    }

    public static IEndpointRouteBuilder MapSpendApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapApiGroup("Spend");
        api.MapGet("/spend", GetSpend).WithName("GetSpend")
            .WithSummary("Per sink: the window's volume, a 30-day month at that rate, and the share of the free tier.");
        api.MapGet("/spend/markdown", GetSpendMarkdown).WithName("GetSpendMarkdown")
            .WithSummary("The run's volume per sink and a month at its rate, as a Markdown table.");
        api.MapGet("/what-if", GetWhatIf).WithName("GetWhatIf")
            .WithSummary("X-Ray traces and Honeycomb events a month for a sampling rule and request rate, from the observed traffic mix.");
        return app;
    }

    public static Results<Ok<SpendReport>, ValidationProblem> GetSpend(SpendCalculator calculator, SpendOptions options, string? window)
    {
        var errors = new Dictionary<string, string[]>();
        var span = Window(window, options, errors);
        return errors.Count > 0
            ? QueryValues.Problem(errors, "Invalid spend query")
            : TypedResults.Ok(calculator.Report(span));
    }

    public static ContentHttpResult GetSpendMarkdown(SpendCalculator calculator, SpendOptions options) =>
        TypedResults.Text(SpendMarkdown.Render(calculator.Report(options.DefaultWindow)), "text/markdown; charset=utf-8");

    public static Results<Ok<SpendWhatIf>, ValidationProblem> GetWhatIf(SpendCalculator calculator, SpendOptions options,
        string? window, string? requestsPerSecond, string? reservoirSize, string? fixedRate)
    {
        var errors = new Dictionary<string, string[]>();
        var span = Window(window, options, errors);
        var rate = requestsPerSecond is null ? null : (double?)Number(requestsPerSecond, nameof(requestsPerSecond), 0, 1_000_000, errors);
        // X-Ray's own default rule when none is given: 1 a second, then 5 %.
        var reservoir = reservoirSize is null ? 1 : (int)Number(reservoirSize, nameof(reservoirSize), 0, 1_000_000, errors, integer: true);
        var fixedShare = fixedRate is null ? 0.05 : Number(fixedRate, nameof(fixedRate), 0, 1, errors);
        return errors.Count > 0
            ? QueryValues.Problem(errors, "Invalid what-if query")
            : TypedResults.Ok(calculator.WhatIf(span, rate, reservoir, fixedShare));
    }

    /// <summary>The window in seconds; the configured default when absent.</summary>
    private static TimeSpan Window(string? value, SpendOptions options, Dictionary<string, string[]> errors)
    {
        if (value is null)
        {
            return options.DefaultWindow;
        }
        var min = SpendProjection.MinWindow.TotalSeconds;
        var max = SpendProjection.MaxWindow.TotalSeconds;
        return TimeSpan.FromSeconds(Number(value, "window", min, max, errors, integer: true));
    }

    private static double Number(string value, string field, double min, double max, Dictionary<string, string[]> errors, bool integer = false)
    {
        if (!double.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
            || !double.IsFinite(number) || number < min || number > max || (integer && number != Math.Floor(number)))
        {
            errors[field] = [$"Must be {(integer ? "a whole number" : "a number")} from {min.ToString(CultureInfo.InvariantCulture)} to {max.ToString(CultureInfo.InvariantCulture)}."];
            return min;
        }
        return number;
    }
}
