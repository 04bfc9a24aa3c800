namespace Cruddur.Api.Model;

/// <summary>Body of <c>POST /api/activities</c>; fields are optional so a missing one is reported as an error code.</summary>
public sealed record CreateActivityRequest(string? Message, string? Ttl);

/// <summary>Body of <c>POST /api/activities/{activity_uuid}/reply</c>.</summary>
public sealed record CreateReplyRequest(string? Message);

/// <summary>Body of <c>POST /api/messages</c>.</summary>
public sealed record CreateMessageRequest(string? Message, string? UserReceiverHandle);
