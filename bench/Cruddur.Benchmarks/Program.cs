using BenchmarkDotNet.Running;

namespace Cruddur.Benchmarks;

/// <summary>`memory` measures the full store and the span feed's path; anything else goes to BenchmarkDotNet's switcher.</summary>
internal static class Program
{
    public static void Main(string[] args)
    {
        if (args is ["memory"])
        {
            MemoryMeasurement.Run();
            return;
        }
        BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
    }
}
