// The route table seen from outside routes.cpp: which methods and paths the
// site answers, for tests and documentation (the OpenAPI document must list
// every /api/v1/ route).
#pragma once

#include <string>
#include <vector>

#include "web/http.h"

namespace journeyer::web {

// Who a route is for, which decides what runs before its handler.
enum class Door {
  Site,    // browsers: the session cookie, and a form with a CSRF token on POST
  Api,     // programs: a bearer token, JSON bodies; cookies are never read
  XmlRpc,  // programs: a raw XML body; cookies are never read
};

struct RouteInfo {
  Method method;
  std::string path;  // "/api/v1/people/{}": "{}" stands for one captured segment
  Door door;
};

std::vector<RouteInfo> route_table();

}  // namespace journeyer::web
