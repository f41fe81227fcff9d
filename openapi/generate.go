// Package openapi serves the OpenAPI document of the Latsar ledger API and its
// browsable UI, and checks HTTP responses against the document in tests.
//
// openapi.json is generated, never edited by hand. swag reads the general
// information in api/doc.go and the annotations on the handlers in api/, with
// the types they name from any package api imports (--parseDependencyLevel 1:
// models only), and writes Swagger 2.0 to swagger/ (not committed); .swaggo
// swaps in the stand-ins of swagtypes/; gen converts the result to OpenAPI
// 3.0.3 and fixes what swag cannot express (see gen/main.go). Run
//
//	go generate ./openapi
//
// from the module root after changing an annotation or a type a handler
// documents, and commit openapi.json.
package openapi

//go:generate go tool swag init --quiet --generalInfo doc.go --dir ../api,./swagtypes --parseDependencyLevel 1 --output ./swagger --outputTypes json --propertyStrategy snakecase --parseInternal --requiredByDefault
//go:generate go run ./gen -in swagger/swagger.json -out openapi.json
