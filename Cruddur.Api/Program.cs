using Cruddur.ServiceDefaults.Rollbar;
using Cruddur.Api.Apis;
using Cruddur.Api.Extensions;

var builder = WebApplication.CreateBuilder(args);

builder.AddServiceDefaults();
builder.AddApplicationServices();
builder.Services.AddProblemDetails();
builder.AddDefaultOpenApi();

var app = builder.Build();

app.UseCruddurForwardedHeaders();
app.UseExceptionHandler();
app.UseStatusCodePages();

app.MapDefaultOpenApi();
app.MapDefaultEndpoints();
app.MapActivitiesApi();
app.MapMessagesApi();
app.MapRollbarTestEndpoint();

app.Run();

/// <summary>Entry point, visible to the tests' WebApplicationFactory.</summary>
public partial class Program;
