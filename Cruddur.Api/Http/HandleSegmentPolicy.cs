using System.Collections.Concurrent;
using Microsoft.AspNetCore.Routing.Matching;
using Microsoft.AspNetCore.Routing.Patterns;

namespace Cruddur.Api.Http;

/// <summary>
/// Matches a <c>@{handle}</c> route segment the way the original's Flask route <c>@&lt;string:handle&gt;</c>
/// and the OpenAPI path template read it: an '@', then the rest of the segment, '@' included.
/// ASP.NET Core matches a segment of literal and parameter from its right end, so in <c>@a@b</c> it takes
/// the last '@' for the literal, finds "@a" left over and rejects the route: the request fell through to
/// <c>{activity_uuid}</c> (400) or to nothing (404). This policy accepts what it rejected for that reason.
/// </summary>
internal sealed class HandleSegmentPolicy : MatcherPolicy, IEndpointSelectorPolicy
{
    private const string Prefix = "@";

    private readonly ConcurrentDictionary<Endpoint, (int Index, string Parameter)?> _handleSegments = new();

    // First, so a candidate found invalid here can only have been rejected by its route's own segments.
    public override int Order => int.MinValue;

    public bool AppliesToEndpoints(IReadOnlyList<Endpoint> endpoints) => endpoints.Any(endpoint => HandleSegmentOf(endpoint) is not null);

    public Task ApplyAsync(HttpContext httpContext, CandidateSet candidates)
    {
        for (var i = 0; i < candidates.Count; i++)
        {
            if (candidates.IsValidCandidate(i) || HandleSegmentOf(candidates[i].Endpoint) is not { } handle)
            {
                continue;
            }

            var segment = Segment(httpContext.Request.Path.Value, handle.Index);
            if (segment.Length > Prefix.Length && segment.StartsWith(Prefix, StringComparison.Ordinal))
            {
                var values = candidates[i].Values ?? [];
                values[handle.Parameter] = segment[Prefix.Length..].ToString();
                candidates.ReplaceEndpoint(i, candidates[i].Endpoint, values);
                candidates.SetValidity(i, true);
            }
        }

        return Task.CompletedTask;
    }

    private (int Index, string Parameter)? HandleSegmentOf(Endpoint endpoint) => _handleSegments.GetOrAdd(endpoint, HandleSegment);

    /// <summary>
    /// Where the route has its one <c>@{parameter}</c> segment, for routes with no other complex segment and no
    /// constraint (nothing else could have rejected them); null for every other route.
    /// </summary>
    private static (int Index, string Parameter)? HandleSegment(Endpoint endpoint)
    {
        if (endpoint is not RouteEndpoint { RoutePattern: var pattern } || pattern.ParameterPolicies.Count > 0)
        {
            return null;
        }

        var complex = pattern.PathSegments.Where(segment => !segment.IsSimple).ToList();
        if (complex is not [{ Parts: [RoutePatternLiteralPart { Content: Prefix }, RoutePatternParameterPart { IsCatchAll: false } parameter] } handle])
        {
            return null;
        }

        return (pattern.PathSegments.ToList().IndexOf(handle), parameter.Name);
    }

    /// <summary>The path's segment at <paramref name="index"/> (0 is the one after the leading slash), or empty.</summary>
    private static ReadOnlySpan<char> Segment(string? path, int index)
    {
        var rest = (path ?? "").AsSpan();
        rest = rest.StartsWith('/') ? rest[1..] : rest;
        for (var i = 0; i < index; i++)
        {
            var slash = rest.IndexOf('/');
            if (slash < 0)
            {
                return [];
            }

            rest = rest[(slash + 1)..];
        }

        var end = rest.IndexOf('/');
        return end < 0 ? rest : rest[..end];
    }
}
