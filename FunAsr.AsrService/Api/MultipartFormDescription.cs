using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace FunAsr.AsrService.Api;

/// <summary>
/// Describes a multipart form in the OpenAPI document. The endpoints read the form themselves (to stream it under the
/// upload limit and answer every mistake in their own error dialect), so routing must not filter on content type.
/// </summary>
public static class MultipartFormDescription
{
    public sealed record Field(string Name, string Description, JsonSchemaType Type = JsonSchemaType.String, bool Required = false,
        bool Binary = false, bool Repeatable = false);

    public static RouteHandlerBuilder AcceptsMultipart(this RouteHandlerBuilder endpoint, params Field[] fields) =>
        endpoint.AddOpenApiOperationTransformer((operation, _, _) =>
        {
            var properties = new Dictionary<string, IOpenApiSchema>();
            foreach (var field in fields)
            {
                var schema = new OpenApiSchema { Type = field.Type, Description = field.Description, Format = field.Binary ? "binary" : null };
                properties[field.Name] = field.Repeatable ? new OpenApiSchema { Type = JsonSchemaType.Array, Items = schema, Description = field.Description } : schema;
            }
            operation.RequestBody = new OpenApiRequestBody
            {
                Required = true,
                Content = new Dictionary<string, OpenApiMediaType>
                {
                    ["multipart/form-data"] = new()
                    {
                        Schema = new OpenApiSchema
                        {
                            Type = JsonSchemaType.Object,
                            Properties = properties,
                            Required = fields.Where(f => f.Required).Select(f => f.Name).ToHashSet(),
                        },
                    },
                },
            };
            return Task.CompletedTask;
        });
}
