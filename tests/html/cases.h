// The attack and benign inputs shared by the unit tests (sanitize_test.cpp)
// and the browser test (tests/browser/sanitize.test.mjs, through
// html_cases). Attack payloads call alert(), which the browser test traps.
#pragma once

#include <string_view>
#include <vector>

namespace journeyer::html::testing {

using namespace std::literals;

struct AttackCase {
  std::string_view name;
  std::string_view input;
};

struct BenignCase {
  std::string_view name;
  std::string_view input;
  std::string_view expected;  // the sanitizer's output for the diary policy, nofollow links
};

inline const std::vector<AttackCase>& attack_cases() {
  static const std::vector<AttackCase> cases{
      // Script in all spellings.
      {"script", "<script>alert(1)</script>"sv},
      {"script upper src", "<SCRIPT SRC=http://127.0.0.1:9/x.js></SCRIPT>"sv},
      {"script mixed case", "<ScRiPt>alert(1)</sCrIpT>"sv},
      {"script split", "<scr<script>ipt>alert(1)</scr</script>ipt>"sv},
      {"script slash attr", "<script/xss src=http://127.0.0.1:9/x.js></script>"sv},
      {"script double lt", "<<script>alert(1);//<</script>"sv},
      {"script unclosed", "<p>hi<script>alert(1)"sv},
      {"script nul in name", "<scr\0ipt>alert(1)</script>"sv},
      {"script in attribute text", "<p title=\"<script>alert(1)</script>\">t</p>"sv},
      // Event handlers.
      {"img onerror", "<img src=x onerror=alert(1)>"sv},
      {"body onload", "<body onload=alert(1)>x</body>"sv},
      {"div onmouseover", "<div onmouseover=\"alert(1)\">hover</div>"sv},
      {"a onclick", "<a href=\"http://127.0.0.1:9/\" onclick=\"alert(1)\">x</a>"sv},
      {"slash separated handler", "<p/onclick=alert(1)>x</p>"sv},
      {"handler after newline", "<b onclick\n=alert(1)>x</b>"sv},
      {"svg onload", "<svg onload=alert(1)>"sv},
      {"details ontoggle", "<details open ontoggle=alert(1)>x</details>"sv},
      {"input autofocus", "<input autofocus onfocus=alert(1)>"sv},
      {"video source onerror", "<video><source onerror=alert(1)></video>"sv},
      {"marquee onstart", "<marquee onstart=alert(1)>x</marquee>"sv},
      {"handler unquoted backtick", "<em onclick=`alert(1)`>x</em>"sv},
      // javascript:, data:, vbscript: with every obfuscation.
      {"javascript href", "<a href=\"javascript:alert(1)\">x</a>"sv},
      {"javascript case", "<a href=\"JaVaScRiPt:alert(1)\">x</a>"sv},
      {"javascript leading space", "<a href=\" javascript:alert(1)\">x</a>"sv},
      {"javascript leading control", "<a href=\"\x01javascript:alert(1)\">x</a>"sv},
      {"javascript tab inside", "<a href=\"java\tscript:alert(1)\">x</a>"sv},
      {"javascript tab entity", "<a href=\"java&#x09;script:alert(1)\">x</a>"sv},
      {"javascript newline entity", "<a href=\"java&#10;script:alert(1)\">x</a>"sv},
      {"javascript cr entity", "<a href=\"jav&#x0D;ascript:alert(1)\">x</a>"sv},
      {"javascript decimal entities",
       "<a href=\"&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)\">x</a>"sv},
      {"javascript hex entities no semicolon",
       "<a href=\"&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A;alert(1)\">x</a>"sv},
      {"javascript padded entity", "<a href=\"&#0000106avascript:alert(1)\">x</a>"sv},
      {"javascript named colon", "<a href=\"javascript&colon;alert(1)\">x</a>"sv},
      {"javascript unquoted", "<a href=javascript:alert(1)>x</a>"sv},
      {"javascript nul inside", "<a href=\"java\0script:alert(1)\">x</a>"sv},
      {"javascript ideographic space", "<a href=\"\xE3\x80\x80javascript:alert(1)\">x</a>"sv},
      {"vbscript", "<a href=\"vbscript:msgbox(1)\">x</a>"sv},
      {"data base64", "<a href=\"data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==\">x</a>"sv},
      {"data html", "<a href=\"data:text/html,<script>alert(1)</script>\">x</a>"sv},
      {"img javascript src", "<IMG SRC=JaVaScRiPt:alert(1)>"sv},
      {"blockquote javascript cite", "<blockquote cite=\"javascript:alert(1)\">q</blockquote>"sv},
      // SVG and MathML namespace confusion.
      {"svg script", "<svg><script>alert(1)</script></svg>"sv},
      {"svg a xlink", "<svg><a xlink:href=\"javascript:alert(1)\"><text x=20 y=20>XSS</text></a></svg>"sv},
      {"svg animate", "<svg><animate onbegin=alert(1) attributeName=x dur=1s>"sv},
      {"svg set href",
       "<svg><a><set attributeName=\"href\" to=\"javascript:alert(1)\"/><text>x</text></a></svg>"sv},
      {"svg foreignObject iframe",
       "<svg><foreignObject><iframe srcdoc=\"<script>alert(1)</script>\"></iframe></foreignObject></svg>"sv},
      {"math href", "<math href=\"javascript:alert(1)\">CLICKME</math>"sv},
      {"math mglyph style", "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>"sv},
      {"svg p style", "<svg></p><style><a id=\"</style><img src=1 onerror=alert(1)>\">"sv},
      {"math svg textarea",
       "<math><mi><mglyph><svg><mtext><textarea><path id=\"</textarea><img onerror=alert(1) src=1>\">"sv},
      {"form math mglyph",
       "<form><math><mtext></form><form><mglyph><style></math><img src onerror=alert(1)>"sv},
      // Mutation XSS through elements with unusual content.
      {"noscript title", "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">"sv},
      {"style img", "<style><img src=x onerror=alert(1)></style>"sv},
      {"template script", "<template><script>alert(1)</script></template>"sv},
      {"title img", "<title><img src=x onerror=alert(1)></title>"sv},
      {"textarea img", "<textarea><img src=x onerror=alert(1)></textarea>"sv},
      {"xmp img", "<xmp><img src=x onerror=alert(1)></xmp>"sv},
      {"iframe img", "<iframe><img src=x onerror=alert(1)></iframe>"sv},
      {"noembed img", "<noembed><img src=x onerror=alert(1)></noembed>"sv},
      {"noframes img", "<noframes><img src=x onerror=alert(1)></noframes>"sv},
      {"plaintext img", "<plaintext><img src=x onerror=alert(1)>"sv},
      {"select style", "<select><style><img src=x onerror=alert(1)></style></select>"sv},
      {"a title closes", "<a title=\"</a><img src=x onerror=alert(1)>\">x</a>"sv},
      // Comments and CDATA.
      {"comment", "<!--<img src=x onerror=alert(1)>-->"sv},
      {"comment abrupt", "<!--><img src=x onerror=alert(1)>-->"sv},
      {"comment abrupt dash", "<!---><img src=x onerror=alert(1)>-->"sv},
      {"comment bang close", "<!-- --!><img src=x onerror=alert(1)>-->"sv},
      {"cdata in html", "<![CDATA[<img src=x onerror=alert(1)>]]>"sv},
      {"cdata in svg", "<svg><![CDATA[</svg><img src=x onerror=alert(1)>]]></svg>"sv},
      {"conditional comment", "<!--[if IE]><script>alert(1)</script><![endif]-->"sv},
      {"processing instruction", "<? <img src=x onerror=alert(1)> ?>"sv},
      // Broken quoting.
      {"no space between attrs", "<a href=\"http://127.0.0.1:9/\"onclick=\"alert(1)\">x</a>"sv},
      {"single quotes", "<a href='http://127.0.0.1:9/' onclick='alert(1)'>x</a>"sv},
      {"unquoted handler", "<a href=http://127.0.0.1:9/ onmouseover=alert(1)>x</a>"sv},
      {"quotes in tag", "<img \"\"\"><script>alert(1)</script>\">"sv},
      {"handler inside url", "<a href=\"http://127.0.0.1:9/ onclick=alert(1)//\">x</a>"sv},
      {"backtick value", "<a href=`javascript:alert(1)`>x</a>"sv},
      {"attr glued", "<div id=\"x\"onclick=\"alert(1)\">x</div>"sv},
      {"unterminated attr", "<a href=\"http://127.0.0.1:9/>x</a><script>alert(1)</script>"sv},
      // Elements that load, navigate or take input.
      {"base", "<base href=\"javascript:alert(1)//\"><a href=\"x\">x</a>"sv},
      {"meta refresh", "<meta http-equiv=\"refresh\" content=\"0;url=javascript:alert(1)\">"sv},
      {"form action", "<form action=\"javascript:alert(1)\"><button>x</button></form>"sv},
      {"button formaction", "<button formaction=\"javascript:alert(1)\">x</button>"sv},
      {"iframe javascript", "<iframe src=\"javascript:alert(1)\"></iframe>"sv},
      {"iframe srcdoc", "<iframe srcdoc=\"&lt;script&gt;alert(1)&lt;/script&gt;\"></iframe>"sv},
      {"object data", "<object data=\"javascript:alert(1)\"></object>"sv},
      {"embed", "<embed src=\"javascript:alert(1)\">"sv},
      {"link stylesheet", "<link rel=stylesheet href=\"http://127.0.0.1:9/x.css\">"sv},
      {"isindex", "<isindex action=javascript:alert(1) type=image>"sv},
      {"frameset", "<frameset onload=alert(1)>"sv},
      {"img srcset", "<img srcset=\"x 1x, javascript:alert(1) 2x\">"sv},
      {"picture source",
       "<picture><source srcset=\"http://127.0.0.1:9/x.png\"><img src=x onerror=alert(1)></picture>"sv},
      {"audio", "<audio src=x onerror=alert(1)></audio>"sv},
      // CSS.
      {"style url", "<div style=\"background:url(javascript:alert(1))\">x</div>"sv},
      {"style overlay", "<p style=\"position:fixed;top:0;left:0;width:100%;height:100%\">x</p>"sv},
      {"style import", "<style>@import 'http://127.0.0.1:9/x.css';</style>"sv},
      {"style expression", "<div style=\"width: expression(alert(1))\">x</div>"sv},
      {"style behavior", "<b style=\"behavior:url(x.htc)\">x</b>"sv},
      // Clobbering and link tricks.
      {"id name class",
       "<a id=\"cookie\" name=\"forms\" class=\"login\" href=\"http://127.0.0.1:9/\">x</a>"sv},
      {"target blank", "<a href=\"http://127.0.0.1:9/\" target=\"_blank\" rel=\"opener\">x</a>"sv},
      // Advogato's special tags.
      {"person script", "<person>\"><script>alert(1)</script></person>"sv},
      {"person quote", "<person>raph\" onclick=\"alert(1)</person>"sv},
      {"proj traversal", "<proj>../../admin</proj>"sv},
      {"person in link", "<a href=\"javascript:alert(1)\"><person>raph</person></a>"sv},
      // Nesting the serializer must not let a browser restructure.
      {"link in table in link",
       "<a href=\"http://127.0.0.1:9/\"><table><td><a href=\"javascript:alert(1)\">x</a></td></table></a>"sv},
      {"div in p via table",
       "<p><table><tr><td><div>x</div><script>alert(1)</script></td></tr></table></p>"sv},
      {"li in li via object", "<ul><li>a<object><li>b</li></object></li></ul>"sv},
      {"deep nesting", "<div><div><div><div><div><div><div><div><div><div><img src=x onerror=alert(1)>"sv},
  };
  return cases;
}

inline const std::vector<BenignCase>& benign_cases() {
  static const std::vector<BenignCase> cases{
      {"link", "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\">the page</a>.</p>"sv,
       "<p>See <a href=\"https://example.org/a?b=1&amp;c=2\" rel=\"nofollow ugc\">the page</a>.</p>"sv},
      {"mailto", "<a href=\"mailto:raph@example.org\">mail me</a>"sv,
       "<a href=\"mailto:raph@example.org\" rel=\"nofollow ugc\">mail me</a>"sv},
      {"relative link", "<a href=\"/person/raph/\">raph</a>"sv, "<a href=\"/person/raph/\">raph</a>"sv},
      {"code block",
       "<pre><code>if (a &lt; b &amp;&amp; c &gt; d) {\n  return &quot;x&quot;;\n}</code></pre>"sv,
       "<pre><code>if (a &lt; b &amp;&amp; c &gt; d) {\n  return \"x\";\n}</code></pre>"sv},
      {"pre leading newline", "<pre>\n\nfirst line\n  indented\n\ttab</pre>"sv,
       "<pre>\n\nfirst line\n  indented\n\ttab</pre>"sv},
      {"nested lists",
       "<ul><li>one<ul><li>one.a</li><li>one.b</li></ul></li><li>two<ol><li>two.1</li></ol></li></ul>"sv,
       "<ul><li>one<ul><li>one.a</li><li>one.b</li></ul></li><li>two<ol><li>two.1</li></ol></li></ul>"sv},
      {"emoji",
       "<p>Ship it \xF0\x9F\x9A\x80\xF0\x9F\x8E\x89 \xE2\x80\x94 done \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD</p>"sv,
       "<p>Ship it \xF0\x9F\x9A\x80\xF0\x9F\x8E\x89 \xE2\x80\x94 done \xF0\x9F\x91\x8D\xF0\x9F\x8F\xBD</p>"sv},
      {"cjk",
       "<p>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87\xE7\xAB\xA0\xE3\x80\x81"
       "\xE4\xB8\xAD\xE6\x96\x87\xEF\xBC\x8C\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4</p>"sv,
       "<p>\xE6\x97\xA5\xE6\x9C\xAC\xE8\xAA\x9E\xE3\x81\xAE\xE6\x96\x87\xE7\xAB\xA0\xE3\x80\x81"
       "\xE4\xB8\xAD\xE6\x96\x87\xEF\xBC\x8C\xED\x95\x9C\xEA\xB5\xAD\xEC\x96\xB4</p>"sv},
      {"right to left",
       "<p>\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D and "
       "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85</p>"sv,
       "<p>\xD7\xA9\xD7\x9C\xD7\x95\xD7\x9D \xD7\xA2\xD7\x95\xD7\x9C\xD7\x9D and "
       "\xD9\x85\xD8\xB1\xD8\xAD\xD8\xA8\xD8\xA7 \xD8\xA8\xD8\xA7\xD9\x84\xD8\xB9\xD8\xA7\xD9\x84\xD9\x85</p>"sv},
      {"formatting",
       "<p><b>bold</b> <i>italic</i> <em>em</em> <strong>strong</strong> <tt>tt</tt> <code>x&lt;y</code> "
       "<cite>A Book</cite></p>"sv,
       "<p><b>bold</b> <i>italic</i> <em>em</em> <strong>strong</strong> <tt>tt</tt> <code>x&lt;y</code> "
       "<cite>A Book</cite></p>"sv},
      {"blockquote", "<blockquote><p>To be, or not to be.</p></blockquote><div>after</div>"sv,
       "<blockquote><p>To be, or not to be.</p></blockquote><div>after</div>"sv},
      {"line breaks", "<p>line one<br>line two<br/>line three</p>"sv,
       "<p>line one<br>line two<br>line three</p>"sv},
      {"entities", "<p>caf&eacute; &amp; cr&egrave;me &lt;3 &copy; &#8364;</p>"sv,
       "<p>caf\xC3\xA9 &amp; cr\xC3\xA8me &lt;3 \xC2\xA9 \xE2\x82\xAC</p>"sv},
      {"prose with angle brackets", "if a < b and c > d then a&b"sv,
       "if a &lt; b and c &gt; d then a&amp;b"sv},
      {"person", "<p>Thanks to <person>raph</person> and <proj>GTK+</proj>.</p>"sv,
       "<p>Thanks to <a href=\"/person/raph/\">raph</a> and <a href=\"/proj/GTK%2B/\">GTK+</a>.</p>"sv},
      {"paragraphs", "<p>One</p>\n\n<p>Two</p>\n"sv, "<p>One</p>\n\n<p>Two</p>\n"sv},
  };
  return cases;
}

}  // namespace journeyer::html::testing
