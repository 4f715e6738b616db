// The XML-RPC parser and writer (src/web/api/xmlrpc.cpp), table-driven.
#include "web/api/xmlrpc.h"

#include <gtest/gtest.h>

namespace journeyer::web::xmlrpc {
namespace {

std::string call_xml(const std::string& name, const std::string& params) {
  return "<?xml version=\"1.0\"?>\n<methodCall><methodName>" + name + "</methodName><params>" + params +
         "</params></methodCall>";
}
std::string param(const std::string& value) { return "<param><value>" + value + "</value></param>"; }

TEST(XmlRpc, ReadsEveryType) {
  auto c = parse_call(call_xml(
      "diary.set", param("<string>cookie &amp; &lt;b&gt;</string>") + param("<i4>-1</i4>") +
                       param("<int> 7 </int>") + param("untyped") + param("<boolean>1</boolean>") +
                       param("<double>-2.5</double>") +
                       param("<dateTime.iso8601>19980717T14:08:55</dateTime.iso8601>") +
                       param("<array><data><value><int>1</int></value><value>two</value></data></array>") +
                       param("<struct><member><name>a</name><value><int>3</int></value></member></struct>") +
                       param("<string><![CDATA[<p>x</p>]]></string>") + param("")));
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_EQ(c->method, "diary.set");
  ASSERT_EQ(c->params.size(), 11u);
  EXPECT_EQ(c->params[0].text, "cookie & <b>");
  EXPECT_EQ(c->params[1].type, Type::Int);
  EXPECT_EQ(c->params[1].integer, -1);
  EXPECT_EQ(c->params[2].integer, 7);
  EXPECT_EQ(c->params[3].type, Type::String);
  EXPECT_EQ(c->params[3].text, "untyped");
  EXPECT_EQ(c->params[4].type, Type::Boolean);
  EXPECT_EQ(c->params[4].integer, 1);
  EXPECT_EQ(c->params[5].real, -2.5);
  EXPECT_EQ(c->params[6].type, Type::DateTime);
  EXPECT_EQ(c->params[7].items.size(), 2u);
  EXPECT_EQ(c->params[7].items[1].text, "two");
  EXPECT_EQ(c->params[8].names.at(0), "a");
  EXPECT_EQ(c->params[8].items.at(0).integer, 3);
  EXPECT_EQ(c->params[9].text, "<p>x</p>");
  EXPECT_EQ(c->params[10].text, "");
}

TEST(XmlRpc, NoParamsIsFine) {
  auto c = parse_call("<methodCall><methodName>test.ping</methodName></methodCall>");
  ASSERT_TRUE(c) << c.error().message();
  EXPECT_TRUE(c->params.empty());
}

struct Bad {
  const char* what;
  std::string body;
  int code;
  const char* message_part;
};

TEST(XmlRpc, RefusesBadCallsWithClearFaults) {
  std::string deep;
  for (int i = 0; i < 20; ++i) deep += "<value><array><data>";
  std::string deep_end;
  for (int i = 0; i < 20; ++i) deep_end += "</data></array></value>";
  const std::vector<Bad> cases = {
      {"empty", "", kNotWellFormed, "empty"},
      {"not xml", "hello", kNotWellFormed, "not well-formed"},
      {"unclosed", "<methodCall><methodName>x</methodName>", kNotWellFormed, "not well-formed"},
      {"dtd",
       "<?xml version=\"1.0\"?><!DOCTYPE m [<!ENTITY a "
       "\"aaaa\">]><methodCall><methodName>&a;</methodName></methodCall>",
       kNotWellFormed, "document type"},
      {"external entity",
       "<!DOCTYPE m [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><methodCall><methodName>a</methodName>"
       "<params><param><value>&x;</value></param></params></methodCall>",
       kNotWellFormed, "document type"},
      {"undeclared entity",
       "<methodCall><methodName>a</methodName><params>" + param("&x;") + "</params></methodCall>",
       kNotWellFormed, "not well-formed"},
      {"wrong root", "<methodResponse/>", kInvalidCall, "<methodCall>"},
      {"no name", "<methodCall><params/></methodCall>", kInvalidCall, "<methodName>"},
      {"bad name", "<methodCall><methodName>a b</methodName></methodCall>", kInvalidCall, "method name"},
      {"not an int", call_xml("a", param("<int>seven</int>")), kInvalidCall, "not an integer"},
      {"int overflow", call_xml("a", param("<i4>4294967296</i4>")), kInvalidCall, "32 bits"},
      {"bad boolean", call_xml("a", param("<boolean>yes</boolean>")), kInvalidCall, "not 0 or 1"},
      {"bad double", call_xml("a", param("<double>1e400</double>")), kInvalidCall, "not a number"},
      {"unknown type", call_xml("a", param("<float>1</float>")), kInvalidCall, "not an XML-RPC type"},
      {"two types", call_xml("a", param("<int>1</int><int>2</int>")), kInvalidCall, "one typed element"},
      {"mixed", call_xml("a", param("x<int>1</int>")), kInvalidCall, "one typed element"},
      {"bad member", call_xml("a", param("<struct><member><value>1</value></member></struct>")), kInvalidCall,
       "<member>"},
      {"too deep", call_xml("a", "<param>" + deep + deep_end + "</param>"), kInvalidCall, "nested"},
      {"too large", std::string(kMaxCallBytes + 1, ' '), kNotWellFormed, "larger than"},
  };
  for (const auto& b : cases) {
    auto c = parse_call(b.body);
    ASSERT_FALSE(c) << b.what;
    EXPECT_EQ(call_error_code(c.error()), b.code) << b.what << ": " << c.error().message();
    EXPECT_NE(c.error().message().find(b.message_part), std::string::npos)
        << b.what << ": " << c.error().message();
  }
}

TEST(XmlRpc, ManyValuesAreRefused) {
  std::string items;
  for (std::size_t i = 0; i <= kMaxValues; ++i) items += "<value><int>1</int></value>";
  auto c = parse_call(call_xml("a", param("<array><data>" + items + "</data></array>")));
  ASSERT_FALSE(c);
  EXPECT_EQ(c.error().kind(), ErrorKind::TooLarge);
}

TEST(XmlRpc, WritesResponsesAndFaults) {
  std::string r = response(Value::of_array({Value::of_time(900684535), Value::of_string("a<b & c")}));
  EXPECT_NE(
      r.find("<methodResponse><params><param><value><array><data><value><dateTime.iso8601>19980717T14:08:55"
             "</dateTime.iso8601></value><value><string>a&lt;b &amp; c</string></value></data></array>"),
      std::string::npos)
      << r;
  std::string f = fault(kNoSuchUser, "There is no member called x.");
  EXPECT_NE(
      f.find("<fault><value><struct><member><name>faultCode</name><value><int>1</int></value></member>"),
      std::string::npos)
      << f;
  EXPECT_NE(f.find("<string>There is no member called x.</string>"), std::string::npos) << f;
}

}  // namespace
}  // namespace journeyer::web::xmlrpc
