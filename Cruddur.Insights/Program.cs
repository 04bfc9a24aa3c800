namespace Cruddur.Insights;

/// <summary>Runs Insights on its own: <c>dotnet run --project Cruddur.Insights</c>.</summary>
internal static class Program
{
    public static Task Main(string[] args) => InsightsApp.Create(args).RunAsync();
}
