// The OpenAPI document (src/web/api/openapi.json) describes every /api/v1/
// route of the route table, and no route that is not there.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <set>

#include "web/embedded.h"
#include "web/routes.h"

namespace journeyer::web {
namespace {

constexpr std::string_view kPrefix = "/api/v1";

std::string method_name(Method m) {
  switch (m) {
    case Method::Get:
      return "get";
    case Method::Post:
      return "post";
    case Method::Put:
      return "put";
    default:
      return "other";
  }
}

// "/people/{name}" -> "/people/{}", as the route table writes it.
std::string without_names(const std::string& path) {
  std::string out;
  bool in_name = false;
  for (char c : path) {
    if (c == '{')
      in_name = true, out += "{}";
    else if (c == '}')
      in_name = false;
    else if (!in_name)
      out += c;
  }
  return out;
}

TEST(OpenApi, EveryApiRouteIsDescribedAndNothingElse) {
  const auto* f = embedded::find("api/openapi.json");
  ASSERT_NE(f, nullptr);
  auto doc = nlohmann::json::parse(f->text);
  EXPECT_EQ(doc.at("openapi").get<std::string>().substr(0, 2), "3.");
  EXPECT_EQ(doc.at("servers").at(0).at("url"), kPrefix);
  std::set<std::string> documented;
  for (const auto& [path, ops] : doc.at("paths").items())
    for (const auto& [method, op] : ops.items()) {
      documented.insert(method + " " + std::string(kPrefix) + without_names(path));
      EXPECT_TRUE(op.contains("responses")) << method << " " << path;
    }
  std::set<std::string> routed;
  for (const auto& r : route_table()) {
    if (r.path.rfind(std::string(kPrefix) + "/", 0) != 0) continue;
    EXPECT_EQ(r.door, Door::Api) << r.path << " must not read cookies";
    routed.insert(method_name(r.method) + " " + r.path);
  }
  EXPECT_FALSE(routed.empty());
  for (const auto& r : routed) EXPECT_TRUE(documented.count(r)) << r << " is routed but not in openapi.json";
  for (const auto& d : documented) EXPECT_TRUE(routed.count(d)) << d << " is in openapi.json but not routed";
}

}  // namespace
}  // namespace journeyer::web
