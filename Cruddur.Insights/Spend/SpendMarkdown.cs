using System.Globalization;
using System.Text;

namespace Cruddur.Insights.Spend;

/// <summary>The spend report as a Markdown table: what the AppHost's "Spend summary" command shows in the Aspire dashboard.</summary>
internal static class SpendMarkdown
{
    public static string Render(SpendReport report)
    {
        var culture = CultureInfo.InvariantCulture;
        var text = new StringBuilder();
        text.Append("**This run** (").Append(TimeSpan.FromSeconds(Math.Round(report.RunSeconds)).ToString("c", culture)).AppendLine("), and a 30-day month at its rate:");
        text.AppendLine();
        text.AppendLine("| sink | this run | a month at this rate | free tier | share |");
        text.AppendLine("| --- | ---: | ---: | ---: | ---: |");
        foreach (var sink in report.Sinks)
        {
            var perMonth = report.RunSeconds > 0 ? SpendProjection.PerMonth(sink.Run, report.RunSeconds) : 0;
            var share = SpendProjection.Percent(perMonth, sink.FreeTier);
            text.Append("| ").Append(sink.Name)
                .Append(" | ").Append(Amount(sink, sink.Run))
                .Append(" | ").Append(Amount(sink, perMonth))
                .Append(" | ").Append(Amount(sink, sink.FreeTier))
                .Append(" | ").Append(share.ToString("0.#", culture)).Append(share > 100 ? " % ⚠" : " %")
                .AppendLine(" |");
        }
        return text.ToString();
    }

    private static string Amount(SinkSpend sink, double value) =>
        sink.Sink == "cloudwatch" ? SpendCalculator.Bytes(value) : $"{value.ToString("N0", CultureInfo.InvariantCulture)} {sink.Unit}";
}
