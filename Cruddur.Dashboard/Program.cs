namespace Cruddur.Dashboard;

/// <summary>Runs the dashboard on its own: <c>dotnet run --project Cruddur.Dashboard</c>.</summary>
internal static class Program
{
    public static Task Main(string[] args) => DashboardApp.Create(args).RunAsync();
}
