// Shared by the diary pages, the recent log and the feeds: how one entry is
// rendered (the diary policy, Markdown or HTML), its addresses, and who may
// see and post what.
#pragma once

#include <string>

#include "html/policy.h"
#include "html/safe_html.h"
#include "html/sanitize.h"
#include "model/content.h"
#include "web/site.h"

namespace journeyer::web::handlers {

// The sanitizer's policy for diary entries (html::diary_config()).
const html::Policy& diary_policy();

// The entry's source (Markdown or HTML) through the diary policy.
Result<html::SafeHtml> render_entry_body(const model::DiaryEntry& entry, html::Links links);

// The same for an entry being written (the form, XML-RPC, the JSON API):
// one that would show nothing (html::shows_nothing) is refused. With
// `report`, what the sanitizer did is added to it (for the preview's note).
Result<html::SafeHtml> render_new_entry_body(const model::DiaryEntry& entry, html::Links links,
                                             html::SanitizeReport* report = nullptr);

// "/person/NAME/diary/ID.html" and "/person/NAME/diary.html".
std::string entry_url(const model::DiaryEntry& entry);
std::string diary_url(std::string_view name);
// The site's base URL (config base_url, no trailing slash) + path.
std::string absolute_url(const Site& site, std::string_view path);

// A feed's (or FOAF document's) bytes with the validators a conditional GET
// compares: ETag from the bytes, Last-Modified from `last_modified` or, if
// later, when these bytes were first served at this address
// (Site::first_served).
Response xml_response(Context& ctx, Result<std::string> body, const char* content_type,
                      model::UnixTime last_modified);

// Whether links in this member's writing are followed (their level).
html::Links links_for(Context& ctx, const LevelSnapshot& snap, model::AccountId author);
// The same for an entry: a syndicated one's links are never followed (its
// author's level vouches for what they write here, not for what a feed
// brings; docs/feeds.md).
html::Links entry_links(Context& ctx, const LevelSnapshot& snap, const model::DiaryEntry& entry);
// Where "Syndicated DATE from BLOG" leads: the post's address, else the
// blog's, where a browser may follow it; empty when neither.
std::string syndicated_link(const model::Syndication& from);

// An entry for a template: id, permalink, date, title, body_html (or body_error),
// syndicated {date, link, blog}, and for its author edit_url/delete_url.
// With `with_author`, also author {name, url, level}.
View entry_view(Context& ctx, const LevelSnapshot& snap, const model::DiaryEntry& entry, bool with_author);

// Whether the visitor may post to a diary: logged in at the config level.
bool may_post_diary(Context& ctx, const LevelSnapshot& snap);

// Whether a member's diary is published as RSS, Atom and FOAF: certified
// above the lowest level, unless the config publishes everyone's.
bool feeds_published(const Site& site, const LevelSnapshot& snap, model::AccountId account);

}  // namespace journeyer::web::handlers
