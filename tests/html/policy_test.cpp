// Policies as data: what a config may and may not allow.
#include "html/policy.h"

#include <gtest/gtest.h>

#include "html/links.h"
#include "model/account.h"
#include "model/project.h"

namespace journeyer::html {
namespace {

TEST(Policy, DiaryIsAdvogatosAllowlistPlusCode) {
  Policy p = *named_policy("diary");
  for (const char* tag : {"a", "b", "blockquote", "br", "cite", "code", "div", "em", "i", "li", "ol", "p",
                          "pre", "strong", "tt", "ul"})
    EXPECT_TRUE(p.allows(*element_from_name(tag))) << tag;
  for (const char* tag : {"img", "span", "h1", "hr", "del"})
    EXPECT_FALSE(p.allows(*element_from_name(tag))) << tag;
  EXPECT_TRUE(p.allows(Element::A, Attribute::Href));
  EXPECT_FALSE(p.allows(Element::A, Attribute::Title));
  EXPECT_TRUE(p.allows_link_scheme("HTTPS"));
  EXPECT_FALSE(p.allows_link_scheme("javascript"));
  EXPECT_EQ(p.max_input_bytes(), 256u * 1024);
  EXPECT_EQ(p.max_depth(), 64u);
}

TEST(Policy, NotesAndReplies) {
  EXPECT_TRUE(named_policy("notes")->allows(Element::Div));
  EXPECT_FALSE(named_policy("reply")->allows(Element::Div));
  EXPECT_EQ(named_policy("reply")->max_input_bytes(), 64u * 1024);
  auto bad = named_policy("blog");
  ASSERT_FALSE(bad);
  EXPECT_NE(bad.error().message().find("diary, notes or reply"), std::string::npos);
}

struct Refusal {
  const char* what;
  PolicyConfig config;
  const char* message_part;
};

TEST(Policy, RefusesWhatCouldRunOrRestyle) {
  auto with = [](auto change) {
    PolicyConfig c = diary_config();
    change(c);
    return c;
  };
  const Refusal table[] = {
      {"script element", with([](auto& c) {
         c.elements.push_back({"script", {}});
       }),
       "<script>"},
      {"iframe element", with([](auto& c) {
         c.elements.push_back({"iframe", {}});
       }),
       "<iframe>"},
      {"style attribute", with([](auto& c) {
         c.elements.push_back({"span", {"style"}});
       }),
       "style"},
      {"handler attribute", with([](auto& c) {
         c.elements.push_back({"b", {"onclick"}});
       }),
       "onclick"},
      {"id attribute", with([](auto& c) {
         c.elements.push_back({"p", {"id"}});
       }),
       "id"},
      {"href on p", with([](auto& c) {
         c.elements.push_back({"p", {"href"}});
       }),
       "does not belong"},
      {"img in list", with([](auto& c) {
         c.elements.push_back({"img", {"src"}});
       }),
       "images switch"},
      {"javascript scheme", with([](auto& c) { c.link_schemes.push_back("javascript"); }), "javascript"},
      {"data image scheme", with([](auto& c) { c.image_schemes.push_back("data"); }), "data"},
      {"huge input", with([](auto& c) { c.max_input_bytes = kMaxInputBytesCeiling + 1; }), "max input"},
      {"zero depth", with([](auto& c) { c.max_depth = 0; }), "max depth"},
      {"too many tags", with([](auto& c) { c.max_tags = kMaxTagsCeiling + 1; }), "max tags"},
  };
  for (const auto& r : table) {
    auto p = Policy::from_config(r.config);
    ASSERT_FALSE(p) << r.what;
    EXPECT_NE(p.error().message().find(r.message_part), std::string::npos)
        << r.what << ": " << p.error().message();
  }
}

TEST(Policy, ASiteCanWidenWithinTheVocabulary) {
  PolicyConfig c = diary_config();
  c.elements.push_back({"h2", {"lang", "dir"}});
  c.elements.push_back({"del", {"datetime", "cite"}});
  auto p = Policy::from_config(c);
  ASSERT_TRUE(p) << p.error().message();
  EXPECT_TRUE(p->allows(Element::H2, Attribute::Dir));
  EXPECT_TRUE(p->allows(Element::Del, Attribute::Cite));
}

// The special tags link only to names the model could hold.
TEST(Policy, SpecialTagNamesFollowTheModelsRules) {
  for (std::string_view name : {"raph", "Raph_Levien", "a-b", "x", "", "with space", "dot.name", "slash/x",
                                "abcdefghijklmnopqrstuvwxyz0123", "abcdefghijklmnopqrstuvwxyz01234",
                                "\xC3\xA9t\xC3\xA9", "tab\tname", "<b>"})
    EXPECT_EQ(is_account_name(name), model::check_account_name(name).has_value()) << name;
  for (std::string_view name :
       {"GTK+", "The GIMP", ".hidden", "a/b", "", "x", "0123456789012345678901234",
        "01234567890123456789012345", "ctrl\x01", "del\x7F", "caf\xC3\xA9", "<script>",
        "\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89\xC3\x89",
        // Names no address carries, or that look like another's.
        "a\\b", " spaced", "spaced ", "two  spaces", "no\xC2\xA0" "break", "zero\xE2\x80\x8B" "width",
        "GNOME\xE2\x80\xAE" "emong", "c1\xC2\x85", "\xE2\xA0\x80", "Done \xE2\x9C\x93"})
    EXPECT_EQ(is_project_name(name), model::check_project_name(name).has_value()) << name;
}

TEST(Policy, UrlCheck) {
  Policy p = *named_policy("diary");
  struct Row {
    const char* in;
    const char* out;  // nullptr: refused
  } rows[] = {
      {"http://x.org/", "http://x.org/"},
      {" https://x.org/\n", "https://x.org/"},
      {"mailto:a@b.org", "mailto:a@b.org"},
      {"/relative", "/relative"},
      {"page.html#frag", "page.html#frag"},
      {"?q=1:2", "?q=1:2"},
      {"//x.org/", "//x.org/"},
      {"javascript:alert(1)", nullptr},
      {"java\nscript:alert(1)", nullptr},
      {"\x01javascript:x", nullptr},
      {"JAVASCRIPT:x", nullptr},
      {"data:text/html,x", nullptr},
      {"1http:x", nullptr},
      {"jav ascript:x", nullptr},
      {"http://x.org/\x01"
       "b",
       nullptr},
      {"", nullptr},
      {"   ", nullptr},
  };
  for (const auto& r : rows) {
    auto u = checked_url(r.in, p, UrlUse::Link);
    if (r.out) {
      ASSERT_TRUE(u.has_value()) << r.in;
      EXPECT_EQ(*u, r.out);
    } else {
      EXPECT_FALSE(u.has_value()) << r.in;
    }
  }
  EXPECT_FALSE(checked_url("mailto:a@b", p, UrlUse::Image).has_value());
}

}  // namespace
}  // namespace journeyer::html
