// Posting, editing and deleting one's own diary entries, with a preview
// that keeps a draft (store: save_diary_draft), so that nothing typed is
// lost if the browser closes before the entry is posted. The form for a new
// entry carries a one-time submission key: a double click, or Back and Post
// again, finds the entry the first one made.
#include <charconv>
#include <optional>
#include <vector>
#include <nlohmann/json.hpp>

#include "web/crypto.h"
#include "web/form.h"
#include "web/handlers/diary/common.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

// What the form holds; also what a draft keeps.
struct EntryForm {
  std::int64_t entry = 0;  // 0: a new entry
  std::string title;
  std::string body;
  model::TextFormat format = model::TextFormat::Html;
};

EntryForm read_form(Context& ctx, std::int64_t entry) {
  EntryForm f;
  f.entry = entry;
  f.title = std::string(ctx.form.get("title"));
  f.body = std::string(ctx.form.get("body"));
  f.format = model::parse_text_format(ctx.form.get("format")).value_or(model::TextFormat::Html);
  return f;
}

// A member's drafts: the form of a new entry and of each entry being
// edited, newest first, kept as JSON in the member's one draft record
// ({"drafts": [{"entry", "title", "body", "format"}, ...]}; a record from
// before, one form alone, reads as a list of one). A new entry's draft and
// an edit's do not replace each other.
constexpr std::size_t kMaxDrafts = 8;

// The drafts a draft record holds.
std::vector<EntryForm> drafts_in(const std::optional<std::string>& record) {
  std::vector<EntryForm> out;
  if (!record) return out;
  auto j = nlohmann::json::parse(*record, nullptr, false);
  if (j.is_discarded() || !j.is_object()) return out;
  const nlohmann::json list = j.contains("drafts") ? j["drafts"] : nlohmann::json::array({j});
  if (!list.is_array()) return out;
  for (const auto& d : list) {
    if (!d.is_object()) continue;
    EntryForm f;
    f.entry = d.value("entry", std::int64_t{-1});
    if (f.entry < 0) continue;
    f.title = d.value("title", std::string());
    f.body = d.value("body", std::string());
    f.format = model::parse_text_format(d.value("format", std::string("html"))).value_or(model::TextFormat::Html);
    out.push_back(std::move(f));
  }
  return out;
}

// The member's draft for `entry` (0: a new one), if they have one.
std::optional<EntryForm> load_draft(Context& ctx, std::int64_t entry) {
  auto record = ctx.site.store().diary_draft(ctx.visitor.account->id);
  if (!record) return std::nullopt;
  for (auto& f : drafts_in(*record))
    if (f.entry == entry) return std::move(f);
  return std::nullopt;
}

// The record that holds `drafts` (none: no record), adding to `dropped` how
// many of the oldest had to go: more than kMaxDrafts, or the record over
// the store's size.
std::optional<std::string> record_of(std::vector<EntryForm> drafts, std::size_t& dropped) {
  if (drafts.empty()) return std::nullopt;
  if (drafts.size() > kMaxDrafts) {
    dropped += drafts.size() - kMaxDrafts;
    drafts.resize(kMaxDrafts);
  }
  for (;;) {
    nlohmann::json list = nlohmann::json::array();
    for (const auto& f : drafts)
      list.push_back({{"entry", f.entry}, {"title", f.title}, {"body", f.body},
                      {"format", std::string(model::to_string(f.format))}});
    std::string text = nlohmann::json{{"drafts", list}}.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    if (text.size() <= storage::Store::kMaxDraftRecordBytes || drafts.size() == 1) return text;
    drafts.pop_back();
    ++dropped;
  }
}

// Keeps `f` as the draft of its entry, in front of the others; answers how
// many older drafts had to go to make room. The record is read and written
// in one step (Store::edit_diary_draft): a preview in another tab at the
// same moment keeps its draft too.
Result<std::size_t> save_draft(Context& ctx, const EntryForm& f) {
  std::size_t dropped = 0;
  auto st = ctx.site.store().edit_diary_draft(
      ctx.visitor.account->id,
      [&](const std::optional<std::string>& record) -> Result<std::optional<std::string>> {
        std::vector<EntryForm> drafts = drafts_in(record);
        std::erase_if(drafts, [&](const EntryForm& d) { return d.entry == f.entry; });
        drafts.insert(drafts.begin(), f);
        dropped = 0;
        return record_of(std::move(drafts), dropped);
      },
      ctx.site.now());
  if (!st) return st.error();
  return dropped;
}

// Drops the draft of `entry` (posted, saved or deleted), keeping the others.
void clear_draft(Context& ctx, std::int64_t entry) {
  (void)ctx.site.store().edit_diary_draft(
      ctx.visitor.account->id,
      [&](const std::optional<std::string>& record) -> Result<std::optional<std::string>> {
        std::vector<EntryForm> drafts = drafts_in(record);
        if (std::erase_if(drafts, [&](const EntryForm& d) { return d.entry == entry; }) == 0) return record;
        std::size_t dropped = 0;
        return record_of(std::move(drafts), dropped);
      },
      ctx.site.now());
}

struct FormPage {
  std::string submission;  // a new entry's one-time key
  FormError error;  // and the form field it is about (marked invalid and focused), if any
  std::string notice;
  std::optional<html::SafeHtml> preview;
  std::string preview_note;  // how its headings and images show here, if it has any
  const model::DiaryEntry* editing = nullptr;  // the stored entry being edited
  int status = 200;
};

Response form_page(Context& ctx, const EntryForm& f, const FormPage& p) {
  View data;
  const bool editing = p.editing != nullptr;
  data.set("heading", editing ? "Edit your diary entry" : "Post to your diary");
  data.set("action", editing ? "/diary/" + std::to_string(f.entry) + "/edit" : std::string("/diary/post"));
  data.set("submit", editing ? "Save" : "Post");
  if (!editing) data.set("submission", p.submission);
  data.set("title", f.title);
  data.set("body", f.body);
  data.set("format_html", bool_view(f.format == model::TextFormat::Html));
  data.set("format_markdown", bool_view(f.format == model::TextFormat::Markdown));
  data.set("diary_url", diary_url(ctx.visitor.account->name));
  set_form_error(data, p.error);
  if (!p.notice.empty()) data.set("notice", p.notice);
  if (p.preview) {
    set_html(data, "preview_html", *p.preview);
    data.set("previewing", bool_view(true));
    if (!p.preview_note.empty()) data.set("preview_note", p.preview_note);
  }
  if (editing) {
    data.set("delete_url", "/diary/" + std::to_string(f.entry) + "/delete");
    if (p.editing->syndicated) {
      View syn;
      const auto& s = *p.editing->syndicated;
      syn.set("blog", !s.blog_title.empty() ? s.blog_title : s.blog_url);
      // The box stays ticked when it was, so that another refusal (a title
      // too long) does not ask for it again.
      syn.set("ticked", bool_view(ctx.form.get("syndicated_ok") == "1"));
      data.set("syndicated", syn);
    }
  }
  return page(ctx, editing ? "Edit your diary entry" : "Post to your diary", "diary_post", std::move(data), p.status);
}

// The entry named by the route, if it is the visitor's own; else `error`.
std::optional<model::DiaryEntry> own_entry(Context& ctx, Response& error) {
  std::string_view text = ctx.params.at(0);
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(text.data(), text.data() + text.size(), id);
  if (ec != std::errc{} || p != text.data() + text.size() || id <= 0) {
    error = not_found(ctx);
    return std::nullopt;
  }
  auto entry = ctx.site.store().diary_entry(model::DiaryEntryId{id});
  if (!entry) {
    error = entry.error().kind() == ErrorKind::NotFound
                ? error_page(ctx, 404, "There is no such diary entry; it may have been deleted.")
                : error_page(ctx, 503, "The database did not answer; try again.");
    return std::nullopt;
  }
  if (entry->author != ctx.visitor.account->id) {
    error = error_page(ctx, 403, "This is another member's diary entry; only its author may change it.");
    return std::nullopt;
  }
  return std::move(*entry);
}

Response below_diary_level(Context& ctx) {
  const SiteConfig& config = ctx.site.config();
  return refusal_page(ctx, below_level(ctx, needs_level_text(config, "Keeping a diary here", config.diary_level)));
}

// What the form's limits refuse, and the field it is about.
std::optional<FormError> check_form(const EntryForm& f) {
  if (f.body.empty()) return FormError{"The entry is empty: write something first.", "body"};
  if (auto st = model::check_title(f.title); !st) return FormError{st.error().message(), "title"};
  if (auto st = model::check_diary_body(f.body); !st) return FormError{st.error().message(), "body"};
  return std::nullopt;
}

// The rendered body as readers will see it, or the sanitizer's refusal
// (with the links of the entry being edited: a syndicated one's are never
// followed).
Result<html::SafeHtml> render(Context& ctx, const EntryForm& f, const model::DiaryEntry* editing = nullptr,
                              html::SanitizeReport* report = nullptr) {
  model::DiaryEntry e;
  e.body = f.body;
  e.format = f.format;
  auto snap = ctx.site.trust().snapshot();
  const html::Links links =
      editing ? entry_links(ctx, *snap, *editing) : links_for(ctx, *snap, ctx.visitor.account->id);
  return render_new_entry_body(e, links, report);
}

// What stops an entry from being stored: the form's limits, then the
// sanitizer's refusal (an empty error: nothing), and the field it is about.
FormError refusal(Context& ctx, const EntryForm& f) {
  if (auto error = check_form(f)) return *error;
  if (auto body = render(ctx, f); !body) return {body.error().message(), "body"};
  return {};
}

// The member's newest entry when this form repeats it (kRepostSeconds:
// Back and Post again), unless it came from their blog.
std::optional<model::DiaryEntry> just_posted(Context& ctx, const EntryForm& f) {
  auto newest = ctx.site.store().diary_entries(ctx.visitor.account->id, {0, 1});
  if (!newest || newest->empty()) return std::nullopt;
  model::DiaryEntry& e = newest->front();
  if (e.syndicated || ctx.site.now() - e.created > kRepostSeconds) return std::nullopt;
  if (e.title != f.title || e.body != f.body || e.format != f.format) return std::nullopt;
  return std::move(e);
}

// Preview: show the rendering and keep the draft.
Response preview(Context& ctx, const EntryForm& f, const model::DiaryEntry* editing, const std::string& submission) {
  FormPage p;
  p.submission = submission;
  p.editing = editing;
  if (auto error = check_form(f)) {
    p.error = *error;
    p.status = 400;
    return form_page(ctx, f, p);
  }
  html::SanitizeReport report;
  if (auto body = render(ctx, f, editing, &report)) {
    p.preview = *body;
    p.preview_note = html::stand_ins_note(report);
  } else {
    p.error = {body.error().message(), "body"};
    p.status = 400;
  }
  auto st = save_draft(ctx, f);
  if (editing)
    p.notice = st ? "Not saved yet. Your changes are kept: they will be here if you come back."
                  : "Not saved yet, and your changes could not be kept: " + st.error().message();
  else
    p.notice = st ? "Not posted yet. Your draft is kept: it will be here if you come back."
                  : "Not posted yet, and the draft could not be kept: " + st.error().message();
  if (st && *st > 0)
    p.notice += " To make room, " + std::string(*st == 1 ? "your oldest other draft was" : "your oldest other drafts were") +
                " let go (" + std::to_string(*st) + ").";
  return form_page(ctx, f, p);
}

}  // namespace

Response diary_post_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (!may_post_diary(ctx, *ctx.site.trust().snapshot())) return below_diary_level(ctx);
  FormPage p;
  p.submission = random_token();
  EntryForm f;
  if (auto draft = load_draft(ctx, 0)) {
    f = *draft;
    p.notice = "Your unposted draft is restored.";
  }
  return form_page(ctx, f, p);
}

Response diary_post(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  if (!may_post_diary(ctx, *ctx.site.trust().snapshot())) return below_diary_level(ctx);
  EntryForm f = read_form(ctx, 0);
  FormPage p;
  p.status = 400;
  // A form without a key (a client of its own) posts without the guard.
  std::string submission(ctx.form.get("submission"));
  if (!submission.empty() && !is_form_key(submission)) {
    p.submission = random_token();
    p.error = {"The form is incomplete; check it and post again."};
    return form_page(ctx, f, p);
  }
  p.submission = submission.empty() ? random_token() : submission;
  if (ctx.form.has("preview")) return preview(ctx, f, nullptr, p.submission);
  p.error = refusal(ctx, f);
  if (!p.error.message.empty()) return form_page(ctx, f, p);
  const model::Account& me = *ctx.visitor.account;
  if (auto same = just_posted(ctx, f)) return redirect(entry_url(*same) + "?saved=1");
  std::string key = submission.empty() ? std::string() : member_form_key(me.id.value, submission);
  auto added = ctx.site.store().append_diary_entry({me.id, f.title, f.body, f.format, ctx.site.now(), key});
  if (!added) {
    // The same key posts the form again.
    p.error = {"Your entry is not posted: " + added.error().message()};
    p.status = 503;
    return form_page(ctx, f, p);
  }
  clear_draft(ctx, 0);
  model::DiaryEntry e;
  e.id = added->id;
  e.author_name = me.name;
  return redirect(entry_url(e) + "?saved=1");
}

Response diary_edit_form(Context& ctx) {
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  Response error;
  auto entry = own_entry(ctx, error);
  if (!entry) return error;
  EntryForm f{entry->id.value, entry->title, entry->body, entry->format};
  FormPage p;
  p.editing = &*entry;
  if (auto draft = load_draft(ctx, entry->id.value)) {
    f = *draft;
    p.notice = "Your unsaved changes are restored.";
  }
  return form_page(ctx, f, p);
}

Response diary_edit(Context& ctx) {
  if (!ctx.visitor.logged_in()) return error_page(ctx, 403, "Log in first.");
  Response error;
  auto entry = own_entry(ctx, error);
  if (!entry) return error;
  EntryForm f = read_form(ctx, entry->id.value);
  if (ctx.form.has("preview")) return preview(ctx, f, &*entry, "");
  FormPage p;
  p.editing = &*entry;
  p.status = 400;
  if (entry->syndicated && ctx.form.get("syndicated_ok") != "1") {
    p.error = {"This entry comes from your blog: tick the box to edit it here anyway.", "syndicated_ok"};
    return form_page(ctx, f, p);
  }
  p.error = refusal(ctx, f);
  if (!p.error.message.empty()) return form_page(ctx, f, p);
  auto st = ctx.site.store().edit_diary_entry(entry->id, {f.title, f.body, f.format, ctx.site.now()});
  if (!st) {
    p.error = {"Your changes are not saved: " + st.error().message()};
    p.status = 503;
    return form_page(ctx, f, p);
  }
  clear_draft(ctx, entry->id.value);
  return redirect(entry_url(*entry) + "?edited=1");
}

Response diary_delete(Context& ctx) {
  if (!ctx.visitor.logged_in())
    return ctx.request.method == Method::Get ? log_in_first(ctx) : error_page(ctx, 403, "Log in first.");
  Response error;
  auto entry = own_entry(ctx, error);
  if (!entry) return error;
  if (ctx.request.method != Method::Post || ctx.form.get("confirm") != "1") {
    // Ask once more: a deleted entry cannot be brought back. (Also what
    // the confirmation's own address shows, reloaded or from the history.)
    auto snap = ctx.site.trust().snapshot();
    View data;
    data.set("entry", entry_view(ctx, *snap, *entry, false));
    data.set("syndicated", bool_view(entry->syndicated.has_value()));
    data.set("action", "/diary/" + std::to_string(entry->id.value) + "/delete");
    data.set("cancel_url", entry_url(*entry));
    return page(ctx, "Delete this diary entry?", "diary_delete", std::move(data));
  }
  if (auto st = ctx.site.store().delete_diary_entry(entry->id); !st)
    return error_page(ctx, 503, "The entry is not deleted: " + st.error().message());
  clear_draft(ctx, entry->id.value);
  (void)ctx.site.store().append_audit(
      {ctx.site.now(), entry->author, "diary.delete", "person/" + entry->author_name, entry->title});
  return redirect(diary_url(entry->author_name) + "?deleted=1");
}

}  // namespace journeyer::web::handlers
