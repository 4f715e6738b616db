// The sanitizer on the attack and benign tables, and on what members write.
#include "html/sanitize.h"

#include <gtest/gtest.h>

#include <string>

#include "html/audit.h"
#include "tests/html/cases.h"

namespace journeyer::html {
namespace {

using testing::attack_cases;
using testing::benign_cases;

Policy diary() { return *named_policy("diary"); }

std::string clean(std::string_view input, const Policy& policy = diary(), Links links = Links::NoFollow) {
  auto r = sanitize(input, policy, links);
  EXPECT_TRUE(r) << (r ? "" : r.error().message());
  return r ? r->str() : std::string();
}

std::string lower(std::string s) {
  for (char& c : s)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return s;
}

// The parts of the output's tags that are not inside quoted attribute
// values (the sanitizer always quotes them with ").
std::string markup_outside_quotes(std::string_view html) {
  std::string markup;
  bool in_tag = false, in_quotes = false;
  for (char c : html) {
    if (!in_tag) {
      if (c == '<') in_tag = true, markup += ' ';
      continue;
    }
    if (c == '"')
      in_quotes = !in_quotes;
    else if (!in_quotes && c == '>')
      in_tag = false;
    else if (!in_quotes)
      markup += c;
  }
  return markup;
}

class AttackTest : public ::testing::TestWithParam<testing::AttackCase> {};

TEST_P(AttackTest, OutputHoldsNothingOutsideThePolicy) {
  const auto& c = GetParam();
  for (Images images : {Images::Off, Images::On}) {
    PolicyConfig config = diary_config();
    config.images = images;
    Policy policy = *Policy::from_config(config);
    std::string out = clean(c.input, policy);
    auto audited = audit(out, policy);
    EXPECT_TRUE(audited) << out << "\n" << (audited ? "" : audited.error().message());
    // No tag or attribute name from the attack survives: the markup of the
    // output, outside quoted values, holds none of these words.
    std::string markup = lower(markup_outside_quotes(out));
    for (const char* bad :
         {"script", "svg", "math", "iframe", "style", "form", "base", "meta", "object", "embed", "!--",
          "srcset", "onerror", "onclick", "onload", "onmouseover", "onfocus"}) {
      EXPECT_EQ(markup.find(bad), std::string::npos) << bad << " in " << out;
    }
    if (images == Images::Off) {
      EXPECT_EQ(markup.find("img"), std::string::npos) << out;
    }
    for (const char* bad : {"\"javascript:", "\"vbscript:", "\"data:"}) {
      EXPECT_EQ(lower(out).find(bad), std::string::npos) << bad << " in " << out;
    }
    // Re-sanitizing changes nothing: a browser parses the output into the tree we wrote.
    EXPECT_EQ(clean(out, policy), out);
  }
}

INSTANTIATE_TEST_SUITE_P(Table, AttackTest, ::testing::ValuesIn(attack_cases()), [](const auto& info) {
  std::string n;
  for (char c : info.param.name) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
});

class BenignTest : public ::testing::TestWithParam<testing::BenignCase> {};

TEST_P(BenignTest, SurvivesIntact) {
  const auto& c = GetParam();
  std::string out = clean(c.input);
  EXPECT_EQ(out, c.expected);
  EXPECT_EQ(clean(out), out);
  EXPECT_TRUE(audit(out, diary()));
}

INSTANTIATE_TEST_SUITE_P(Table, BenignTest, ::testing::ValuesIn(benign_cases()), [](const auto& info) {
  std::string n;
  for (char c : info.param.name) n += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return n;
});

TEST(Sanitize, KeepsTheTextOfDroppedElementsButNotOfScriptLikeOnes) {
  EXPECT_EQ(clean("<span>kept</span><font color=red>too</font>"), "kepttoo");
  EXPECT_EQ(clean("a<script>x()</script>b<style>p{}</style>c<template>t</template>d"), "abcd");
  EXPECT_EQ(clean("<noscript>ns</noscript><title>t</title><iframe>i</iframe>e"), "e");
  EXPECT_EQ(clean("<textarea>typed &amp; kept</textarea>"), "typed &amp; kept");
  EXPECT_EQ(clean("<svg><text>drawn</text><script>s()</script></svg>"), "drawn");
  EXPECT_EQ(clean("<table><tr><td>cell</td></tr></table>"), "cell");
}

TEST(Sanitize, SaysWhenWhatIsLeftShowsNothing) {
  PolicyConfig with_images = diary_config();
  with_images.images = Images::On;
  const Policy policy = *Policy::from_config(with_images);
  auto blank = [&](std::string_view in) {
    auto r = sanitize(in, policy);
    EXPECT_TRUE(r) << in;
    return r && shows_nothing(*r);
  };
  EXPECT_TRUE(blank(""));
  EXPECT_TRUE(blank("<script>alert(1)</script>"));
  EXPECT_TRUE(blank("  <p> </p>\n<b>&nbsp;</b><i>\xC2\xA0</i><br>"));
  EXPECT_TRUE(blank("<a href=\"javascript:alert(1)\">   </a><style>p{}</style>"));
  EXPECT_TRUE(blank("<p title=\"a > b &amp; c\"> </p>"));
  EXPECT_FALSE(blank("<script>x()</script>hello"));
  EXPECT_FALSE(blank("<p>&lt;</p>"));
  EXPECT_FALSE(blank("<p title=\"x\">.</p>"));
  EXPECT_FALSE(blank("<b>0</b>"));
  EXPECT_FALSE(blank("\xE2\x80\x94"));  // an em dash
  EXPECT_FALSE(blank("<img src=\"https://example.org/a.png\" alt=\"\">"));
  EXPECT_TRUE(blank("<img src=\"javascript:alert(1)\">"));  // dropped: nothing left
}

TEST(Sanitize, DropsAttributesOutsideThePolicy) {
  auto r = sanitize_with_report("<p style=\"color:red\" id=x class=y onclick=z>t</p>", diary());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->html.str(), "<p>t</p>");
  EXPECT_EQ(r->report.dropped_attributes, 4u);
}

TEST(Sanitize, InvalidUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(clean("a\xFF"
                  "b\xC3"
                  "c\xED\xA0\x80"
                  "d"),
            "a\xEF\xBF\xBD"
            "b\xEF\xBF\xBD"
            "c\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD"
            "d");
  EXPECT_EQ(clean("<a href=\"/x\xFF\">\xC0\xAF</a>"),
            "<a href=\"/x\xEF\xBF\xBD\">\xEF\xBF\xBD\xEF\xBF\xBD</a>");
}

TEST(Sanitize, NormalizesEntitiesAndKeepsText) {
  EXPECT_EQ(clean("&lt;b&gt; &quot;q&quot; &#39;s&#39; &nbsp;&#x1F600;"),
            "&lt;b&gt; \"q\" 's' \xC2\xA0\xF0\x9F\x98\x80");
  // As a browser reads it: "&not" is a legacy entity even without its ";".
  EXPECT_EQ(clean("AT&T &notanentity; &amp"),
            "AT&amp;T \xC2\xAC"
            "anentity; &amp;");
}

TEST(Sanitize, ControlCharacterReferencesReadBackTheSame) {
  std::string out = clean("a&#1;b&#x81;c&#xFDD0;d<a href=/ title=x>&#11;</a>");
  EXPECT_EQ(out, "a&#x1;b&#x81;c&#xFDD0;d<a href=\"/\">&#xB;</a>");
  EXPECT_EQ(clean(out), out);
}

TEST(Sanitize, LinksAreNofollowUnlessTheAuthorIsTrusted) {
  Policy p = diary();
  EXPECT_EQ(p.links_for_level(0), Links::NoFollow);
  EXPECT_EQ(p.links_for_level(1), Links::Follow);
  EXPECT_EQ(clean("<a href=\"http://x.org/\">x</a>", p, p.links_for_level(0)),
            "<a href=\"http://x.org/\" rel=\"nofollow ugc\">x</a>");
  EXPECT_EQ(clean("<a href=\"http://x.org/\">x</a>", p, p.links_for_level(2)),
            "<a href=\"http://x.org/\">x</a>");
  PolicyConfig strict = diary_config();
  strict.follow_links_level = 3;
  EXPECT_EQ(Policy::from_config(strict)->links_for_level(2), Links::NoFollow);
}

TEST(Sanitize, UrlsAreJudgedAfterTheBrowsersDecoding) {
  EXPECT_EQ(clean("<a href=\" \t HTTPS://x.org/a\nb \">x</a>"),
            "<a href=\"HTTPS://x.org/ab\" rel=\"nofollow ugc\">x</a>");
  EXPECT_EQ(clean("<a href=\"relative/page?q=a:b\">x</a>"), "<a href=\"relative/page?q=a:b\">x</a>");
  // Only links that leave the site get rel; "/\\host" leaves it too (browsers read \\ as /).
  EXPECT_EQ(clean("<a href=\"//x.org/\">x</a>"), "<a href=\"//x.org/\" rel=\"nofollow ugc\">x</a>");
  EXPECT_EQ(clean("<a href=\"/\\x.org/\">x</a>"), "<a href=\"/\\x.org/\" rel=\"nofollow ugc\">x</a>");
  EXPECT_EQ(clean("<a href=\"ftp://x.org/\">x</a>"), "<a>x</a>");  // not in the diary's schemes
  EXPECT_EQ(clean("<a href=\"\">x</a>"), "<a>x</a>");
}

TEST(Sanitize, AdvogatoSpecialTags) {
  EXPECT_EQ(clean("<person> raph </person>"), "<a href=\"/person/raph/\">raph</a>");
  EXPECT_EQ(clean("<PROJECT>The GIMP</PROJECT>"), "<a href=\"/proj/The%20GIMP/\">The GIMP</a>");
  EXPECT_EQ(clean("<person>not a name!</person>"), "not a name!");
  EXPECT_EQ(clean("<proj>.hidden</proj>"), ".hidden");
  // Names no project may have are no links: no address carries a
  // backslash, and an invisible character would pass for another name.
  EXPECT_EQ(clean("<proj>a\\b</proj>"), "a\\b");
  EXPECT_EQ(clean("<proj>Gnu\xE2\x80\x8Bmeric</proj>"), "Gnu\xE2\x80\x8Bmeric");
  EXPECT_EQ(clean("<a href=\"/x\"><person>raph</person></a>"), "<a href=\"/x\">raph</a>");
  PolicyConfig off = diary_config();
  off.special_tags = SpecialTags::Off;
  EXPECT_EQ(clean("<person>raph</person>", *Policy::from_config(off)), "raph");
}

TEST(Sanitize, ImagesOnlyBehindTheSwitch) {
  const char* img = "<img src=\"https://x.org/a.png\" alt=\"A\" srcset=\"b.png 2x\" width=9>";
  EXPECT_EQ(clean(img), "<a href=\"https://x.org/a.png\" rel=\"nofollow ugc\">[image: A]</a>");
  PolicyConfig on = diary_config();
  on.images = Images::On;
  Policy p = *Policy::from_config(on);
  EXPECT_EQ(clean(img, p), "<img src=\"https://x.org/a.png\" alt=\"A\">");
  EXPECT_EQ(clean("<img src=\"mailto:a@b\"><img src=\"data:image/png;base64,AA\"><img alt=x>", p), "");
}

// Right-to-left writing keeps its direction on the blocks; only the three
// directions there are.
TEST(Sanitize, BlocksKeepTheirWritingDirection) {
  EXPECT_EQ(clean("<p dir=\"rtl\">\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D</p>"), "<p dir=\"rtl\">\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D</p>");
  EXPECT_EQ(clean("<blockquote dir=RTL><ul dir=auto><li dir=ltr>x</li></ul></blockquote>"),
            "<blockquote dir=\"rtl\"><ul dir=\"auto\"><li dir=\"ltr\">x</li></ul></blockquote>");
  EXPECT_EQ(clean("<p dir=\"up\">x</p><p dir=\"rtl;color:red\">y</p>"), "<p>x</p><p>y</p>");
  EXPECT_EQ(clean("<b dir=\"rtl\">x</b>"), "<b>x</b>") << "inline elements have bdi for that, which the policy leaves out";
}

TEST(Sanitize, SectionBreaksOutsideThePolicyAreSpacedAsterisks) {
  auto r = sanitize_with_report("<p>one</p><hr title=x><p>two</p>", diary());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->html.str(), "<p>one</p><p>* * *</p><p>two</p>");
  EXPECT_EQ(r->report.breaks_as_paragraphs, 1u);
  EXPECT_EQ(r->report.dropped_elements, 0u);
  // In a list item or a quotation too; inside a paragraph (through a
  // removed element) a paragraph cannot stand, and the break goes.
  EXPECT_EQ(clean("<ul><li>a<hr>b</li></ul><blockquote><hr></blockquote>"),
            "<ul><li>a<p>* * *</p>b</li></ul><blockquote><p>* * *</p></blockquote>");
  EXPECT_EQ(clean("<p>x<button><hr></button>y</p>"), "<p>xy</p>");
  // A policy that allows hr keeps it.
  PolicyConfig with_hr = diary_config();
  with_hr.elements.push_back({"hr", {}});
  EXPECT_EQ(clean("<p>a</p><hr><p>b</p>", *Policy::from_config(with_hr)), "<p>a</p><hr><p>b</p>");
}

TEST(Sanitize, HeadingsOutsideThePolicyAreStrongParagraphs) {
  auto r = sanitize_with_report("<h1 id=top>Title</h1>text<h3>Part <em>two</em></h3><p>more</p>", diary());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->html.str(),
            "<p><strong>Title</strong></p>text<p><strong>Part <em>two</em></strong></p><p>more</p>");
  EXPECT_EQ(r->report.headings_as_paragraphs, 2u);
  EXPECT_EQ(r->report.dropped_elements, 0u);
  // What a heading holds is held to a paragraph's rules: no block inside.
  EXPECT_EQ(clean("<h2>a<div>b</div></h2>"), "<p><strong>ab</strong></p>");
  // Inside a paragraph (through a removed element) it is its text alone.
  EXPECT_EQ(clean("<p><button><h2>x</h2></button>y</p>"), "<p>xy</p>");
  // The reply policy has no div but the same stand-in.
  EXPECT_EQ(clean("<h6>Note</h6>", *named_policy("reply")), "<p><strong>Note</strong></p>");
  // A policy that allows headings keeps them.
  PolicyConfig with_h2 = diary_config();
  with_h2.elements.push_back({"h2", {}});
  EXPECT_EQ(clean("<h2>Part</h2>", *Policy::from_config(with_h2)), "<h2>Part</h2>");
}

TEST(Sanitize, ImagesOutsideThePolicyAreLinksToThem) {
  auto r = sanitize_with_report("<p>See <img src=\"https://x.org/cat.png\" alt=\" A cat \">.</p>", diary());
  ASSERT_TRUE(r);
  EXPECT_EQ(r->html.str(), "<p>See <a href=\"https://x.org/cat.png\" rel=\"nofollow ugc\">[image: A cat]</a>.</p>");
  EXPECT_EQ(r->report.images_as_links, 1u);
  EXPECT_EQ(r->report.images_as_text, 0u);
  // The author's level decides rel, as for any link; the site's own images need none.
  EXPECT_EQ(clean("<img src=\"https://x.org/a.png\">", diary(), Links::Follow),
            "<a href=\"https://x.org/a.png\">[image]</a>");
  EXPECT_EQ(clean("<img src=\"/pics/a.png\" alt=\"<b>\">"), "<a href=\"/pics/a.png\">[image: &lt;b&gt;]</a>");
  // An address no link may have leaves the alt text; inside a link, the text.
  EXPECT_EQ(clean("<img src=\"javascript:alert(1)\" alt=\"x\">"), "[image: x]");
  EXPECT_EQ(clean("<a href=\"/big\"><img src=\"/small.png\" alt=\"thumb\"></a>"),
            "<a href=\"/big\">[image: thumb]</a>");
  // Neither an address nor alt text: nothing to show.
  EXPECT_EQ(clean("<img src=\"data:image/png;base64,AA\"><img>"), "");
}

TEST(Sanitize, StandInsAreExplainedToTheAuthor) {
  auto note = [](std::string_view in) {
    auto r = sanitize_with_report(in, diary());
    EXPECT_TRUE(r);
    return r ? stand_ins_note(r->report) : std::string();
  };
  EXPECT_EQ(note("<p>plain</p><script>x()</script>"), "");
  EXPECT_EQ(note("<h1>T</h1>"), "Headings show here as bold lines.");
  EXPECT_EQ(note("<p>one</p><hr><p>two</p>"), "Section breaks show here as * * *.");
  EXPECT_EQ(note("<hr><h1>T</h1>"), "Section breaks show here as * * *. Headings show here as bold lines.");
  EXPECT_EQ(note("<img src=\"https://x.org/a.png\">"),
            "Images show here as links to them: pages here load no pictures from other sites, which would "
            "tell those sites who reads them.");
  // An image with no address a link may have is its description alone, and
  // the note does not promise a link.
  EXPECT_EQ(note("<h2>T</h2><img alt=\"a\">"),
            "Headings show here as bold lines, and images as their description: pages here load no pictures "
            "from other sites, which would tell those sites who reads them.");
  EXPECT_EQ(note("<img src=\"javascript:x()\" alt=\"a\">"),
            "Images show here as their description: pages here load no pictures from other sites, which would "
            "tell those sites who reads them.");
  EXPECT_EQ(note("<img src=\"https://x.org/a.png\"><a href=\"/big\"><img src=\"/small.png\" alt=\"thumb\"></a>"),
            "Images show here as links to them (or, where no link can be made, as their description): pages here "
            "load no pictures from other sites, which would tell those sites who reads them.");
}

TEST(Sanitize, OutputStaysWhereTheParserPutsIt) {
  // Allowed elements that a browser would move are unwrapped, their text kept.
  EXPECT_EQ(clean("<p><button><div>x</div></button>y</p>"), "<p>xy</p>");
  EXPECT_EQ(clean("<p><table><tr><td><div>x</div></td></tr></table></p>"), "<p></p><div>x</div><p></p>");
  EXPECT_EQ(clean("<a href=/1><table><td><a href=/2>x</a></td></table></a>"), "<a href=\"/1\">x</a>");
  EXPECT_EQ(clean("<ul><li>a<object><li>b</li></object></li></ul>"), "<ul><li>ab</li></ul>");
  EXPECT_EQ(clean("<pre><span>\nx</span></pre>"), "<pre>\n\nx</pre>");
}

TEST(Sanitize, DeepNestingIsFlattenedAndTheTextKept) {
  std::string in;
  for (int i = 0; i < 200; ++i) in += "<div>" + std::to_string(i);
  auto r = sanitize_with_report(in, diary());
  ASSERT_TRUE(r);
  const std::string& out = r->html.str();
  std::size_t divs = 0;
  for (std::size_t at = out.find("<div>"); at != std::string::npos; at = out.find("<div>", at + 1)) ++divs;
  EXPECT_EQ(divs, kDefaultMaxDepth);
  EXPECT_EQ(r->report.flattened, 200 - kDefaultMaxDepth);
  EXPECT_NE(out.find("199"), std::string::npos);
  EXPECT_NE(out.find("63"), std::string::npos);
  EXPECT_EQ(clean(out), out);
}

}  // namespace
}  // namespace journeyer::html
