// GET /api/v1/openapi.json: the OpenAPI 3 document of the JSON API
// (src/web/api/openapi.json, built into the binary). tests/web checks that
// it names every /api/v1/ route of the route table.
#include "web/embedded.h"
#include "web/handlers/api/common.h"
#include "web/handlers/handlers.h"

namespace journeyer::web::handlers {

Response api_openapi(Context& ctx) {
  Response error;
  if (!api_read_allowed(ctx, error)) return error;
  const auto* f = embedded::find("api/openapi.json");
  if (!f) return api::json_error(404, "not_found", "The OpenAPI document is missing from this build.");
  Response r;
  r.content_type = "application/json; charset=utf-8";
  r.body = std::string(f->text);
  r.add_header("Cache-Control", "public, max-age=3600");
  return r;
}

}  // namespace journeyer::web::handlers
