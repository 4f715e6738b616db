// Feeds out: RSS 2.0, Atom 1.0 and FOAF written with libxml2's
// xmlTextWriter, which escapes every text and attribute value. The web
// layer fills these plain structs (absolute URLs, sanitized HTML) and
// serves the bytes; nothing here reads the store or the clock.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "model/ids.h"
#include "util/result.h"

namespace journeyer::feeds {

// One diary entry as a feed shows it.
struct FeedItem {
  std::string title;         // may be empty: the writers fall back to `fallback_title`
  std::string fallback_title;
  std::string link;          // absolute permalink; also the RSS guid and the Atom id
  std::string author;        // the member's name
  std::string author_url;    // absolute URL of the member's page
  std::string content_html;  // sanitized HTML, escaped into the feed as text
  model::UnixTime published = 0;
  model::UnixTime updated = 0;
};

// The feed as a whole: a member's diary or the site's recent log.
struct FeedChannel {
  std::string title;
  std::string link;         // absolute URL of the HTML page the feed mirrors
  std::string self_link;    // absolute URL of the feed itself
  std::string description;  // RSS channel description, Atom subtitle
  std::string base_url;     // the site's base, for relative links inside content
  std::string author;       // Atom feed author (empty: each entry names its own)
  std::string author_url;
  // The newest item's `updated`, or when there are none, any fixed time
  // (0: unknown; RSS then has no lastBuildDate, Atom says 1970).
  model::UnixTime updated = 0;
  std::vector<FeedItem> items;  // newest first
};

// `html` (the sanitizer's output: every tag's attributes quoted) with each
// href and src that is a path on the site ("/person/NAME/") made absolute
// with `base_url`: feed readers show items away from the site, and few of
// them read xml:base.
std::string absolute_links(std::string_view html, std::string_view base_url);

// RSS 2.0 (https://www.rssboard.org/rss-specification), with atom:link
// rel="self" and dc:creator for the author.
Result<std::string> write_rss(const FeedChannel& channel);
// Atom 1.0 (RFC 4287).
Result<std::string> write_atom(const FeedChannel& channel);

// FOAF 0.1 (http://xmlns.com/foaf/spec/) in RDF/XML.
struct FoafKnows {
  std::string nick;
  std::string page;  // absolute URL of their person page
  std::string foaf;  // absolute URL of their FOAF document (rdfs:seeAlso); empty: none published
};

// A project the person names a relation to (foaf:currentProject, with a
// foaf:Project node).
struct FoafProject {
  std::string name;
  std::string page;      // absolute URL of the project's page on the site
  std::string homepage;  // may be empty
};

struct FoafPerson {
  std::string document;  // absolute URL of this FOAF document
  std::string nick;
  std::string name;          // may be empty
  std::string page;          // absolute URL of the person page (foaf:page... as homepage when none)
  std::string homepage;      // may be empty
  std::string weblog;        // may be empty
  std::string mbox_sha1sum;  // may be empty: only when the member chose to publish it
  std::vector<FoafKnows> knows;
  std::vector<FoafProject> projects;
};

Result<std::string> write_foaf(const FoafPerson& person);

// "mailto:ADDRESS" hashed with SHA-1, in lower-case hex, as FOAF's
// mbox_sha1sum property defines it.
std::string mbox_sha1sum(const std::string& email);

// Dates: RFC 822 as RSS 2.0 asks (with a four-digit year), which is also
// HTTP's IMF-fixdate (RFC 9110, 5.6.7), and RFC 3339 for Atom.
std::string rfc822_date(model::UnixTime t);
std::string rfc3339_date(model::UnixTime t);

}  // namespace journeyer::feeds
