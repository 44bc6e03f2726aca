// Validates an OpenAPI document as the tools that read one do (swagger-parser: the OpenAPI 3.1 schema, and every
// $ref resolved). Run by the suite (ApiDescriptionTests): node validate-openapi.mjs ../../docs/openapi.json
import SwaggerParser from '@apidevtools/swagger-parser';

const api = await SwaggerParser.validate(process.argv[2]);
console.log(`valid OpenAPI ${api.openapi}: ${Object.keys(api.paths).length} paths`);
