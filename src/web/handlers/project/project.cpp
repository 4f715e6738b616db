// Projects: /proj/ (alphabetical, and the recently changed ones, with the
// create form), /proj/NAME/ (the project page), editing, each member's own
// relation to a project, and an administrator's rename and delete.
#include "model/project.h"

#include <charconv>

#include "html/sanitize.h"
#include "util/text.h"
#include "web/crypto.h"
#include "web/handlers/handlers.h"
#include "web/handlers/person/common.h"

namespace journeyer::web::handlers {

namespace {

constexpr std::size_t kProjectsPerPage = 100;
constexpr std::size_t kRecentlyChanged = 10;
// Characters, as the forms' maxlength counts them (fits_chars).
constexpr std::size_t kMaxLicenseChars = 200;
constexpr std::size_t kMaxDescriptionChars = 2000;

// The `gone` of every project form (store_refusal).
constexpr std::string_view kProjectGone = "the project is no longer on the site";

// `name` as typed; the message names the project that has it, as it is
// spelled ("widget" typed, "Widget" there).
std::string name_taken(Context& ctx, const std::string& name) {
  auto there = ctx.site.store().project_by_name(name);
  const std::string& spelled = there ? there->name : name;
  return "A project called " + spelled + " exists already (names are compared ignoring case).";
}

std::optional<WhyNot> cannot_change_projects(Context& ctx) {
  if (!ctx.visitor.logged_in()) return WhyNot{"Log in to create or edit a project."};
  const SiteConfig& config = ctx.site.config();
  if (ctx.site.trust().snapshot()->level(ctx.visitor.account->id) < config.project_level)
    return below_level(ctx, needs_level_text(config, "Creating and editing projects", config.project_level));
  return std::nullopt;
}

struct ProjectFields {
  std::string name, homepage, license, description, notes;
};

ProjectFields read_fields(Context& ctx) {
  return {model::tidy_project_name(ctx.form.get("name")), std::string(ctx.form.get("homepage")),
          std::string(ctx.form.get("license")), std::string(ctx.form.get("description")),
          std::string(ctx.form.get("notes"))};
}

// What is wrong with the fields besides the name, and which field it is.
std::optional<FormError> check_fields(const ProjectFields& f) {
  if (auto st = check_homepage(f.homepage); !st) return FormError{st.error().message(), "homepage"};
  if (!fits_chars(f.license, kMaxLicenseChars))
    return FormError{"The license is too long (at most 200 characters).", "license"};
  if (!fits_chars(f.description, kMaxDescriptionChars))
    return FormError{"The description is too long (at most 2000 characters).", "description"};
  auto notes = html::sanitize(f.notes, notes_policy());
  if (!notes) return FormError{"Notes: " + notes.error().message(), "notes"};
  return std::nullopt;
}

void set_fields(View& data, const ProjectFields& f) {
  data.set("name", f.name);
  data.set("homepage", f.homepage);
  data.set("license", f.license);
  data.set("description", f.description);
  data.set("notes", f.notes);
}

View project_items(const std::vector<model::Project>& projects) {
  View list = list_view();
  for (const auto& p : projects) {
    View v;
    v.set("name", p.name);
    v.set("href", project_url(p.name));
    v.set("modified", format_date(p.modified));
    v.set("modified_by", p.modified_by_name);
    list.push_back(v);
  }
  return list;
}

// The list with the create form: what was typed, and an error marking the
// field it is about.
Response list_page(Context& ctx, const ProjectFields& typed, const FormError& error, int status) {
  storage::Store& store = ctx.site.store();
  const std::size_t page_no = page_param(ctx.query);
  auto all =
      store.projects(storage::ProjectOrder::ByName, {(page_no - 1) * kProjectsPerPage, kProjectsPerPage + 1});
  auto recent = store.projects(storage::ProjectOrder::RecentlyChanged, {0, kRecentlyChanged});
  if (!all || !recent) return error_page(ctx, 503, "The database did not answer; try again.");
  bool more = all->size() > kProjectsPerPage;
  if (more) all->pop_back();
  View data;
  data.set("projects", project_items(*all));
  data.set("recent", project_items(*recent));
  data.set("empty", bool_view(all->empty() && page_no == 1));
  // A page past the last (an old link, a number typed) says so and leads
  // to the first, not to pages as empty as itself.
  if (all->empty() && page_no > 1)
    data.set("past_end", std::string("/proj/"));
  else if (page_no > 1)
    data.set("previous", "/proj/?page=" + std::to_string(page_no - 1));
  if (more) data.set("next", "/proj/?page=" + std::to_string(page_no + 1));
  if (auto why = cannot_change_projects(ctx)) {
    data.set("create_why_not", why_not_view(*why));
  } else {
    View form;
    set_fields(form, typed);
    data.set("create", form);
  }
  set_form_error(data, error);
  // After a delete (project_admin): said only while no project has the
  // name, so that a link made up by someone else cannot claim a live
  // project is gone.
  if (std::string_view deleted = ctx.query.get("deleted");
      !deleted.empty() && model::check_project_name(deleted) && !store.project_by_name(deleted))
    data.set("notice", "The project " + std::string(deleted) + " is deleted.");
  return page(ctx, "Projects", "project_list", std::move(data), status);
}

// The same page of `project` at its present address: a permanent redirect
// from an address with a former name (RFC 9110, 15.4.2 and 15.4.9: 308 keeps
// a form's POST as it was sent).
Response moved_to(Context& ctx, const model::Project& project) {
  constexpr std::string_view kPrefix = "/proj/";
  const std::string& path = ctx.request.path;
  const std::size_t end_of_name = path.find('/', kPrefix.size());
  std::string location = project_url(project.name);
  if (end_of_name != std::string::npos) location += path.substr(end_of_name + 1);
  if (!ctx.request.query.empty()) location += "?" + ctx.request.query;
  Response r = redirect(std::move(location));
  r.status = ctx.request.method == Method::Post ? 308 : 301;
  // A project created with that name later takes the address over: a
  // browser asks again rather than keeping the redirect for good (logged in,
  // the site marks every answer private, no-store).
  if (!ctx.visitor.logged_in()) r.add_header("Cache-Control", "no-cache");
  return r;
}

// The project the address names; a former name of a renamed project answers
// the same page at the project's present address.
std::optional<model::Project> named_project(Context& ctx, Response& error) {
  storage::Store& store = ctx.site.store();
  auto project = store.project_by_name(ctx.params.at(0));
  if (project) return std::move(*project);
  if (project.error().kind() == ErrorKind::NotFound) project = store.project_by_former_name(ctx.params.at(0));
  if (project)
    error = moved_to(ctx, *project);
  else if (project.error().kind() == ErrorKind::NotFound)
    error = error_page(ctx, 404, "There is no project called " + ctx.params.at(0) + ".");
  else
    error = error_page(ctx, 503, "The database did not answer; try again.");
  return std::nullopt;
}

// The project's text as an edit form shows it, in a word: the form sends it
// back, and the save is refused if the project's text has changed since
// (another member saved in between), instead of undoing their changes.
std::string text_seen(const model::Project& p) {
  std::string all;
  for (const std::string* field : {&p.homepage, &p.license, &p.description, &p.notes}) {
    all += std::to_string(field->size()) + ':';
    all += *field;
  }
  return token_hash(all);
}

// The edit form with what was typed and an error, marking the field it is
// about; `seen`: the text_seen of the project as the member last saw it.
Response edit_page(Context& ctx, const model::Project& project, const ProjectFields& f, const std::string& seen,
                   const FormError& error, int status = 200) {
  View data;
  set_fields(data, f);
  data.set("seen", seen);
  data.set("action", project_url(project.name) + "edit");
  data.set("project_url", project_url(project.name));
  set_form_error(data, error);
  return page(ctx, "Edit " + project.name, "project_edit", std::move(data), status);
}

// What an administrator sent in the project page's forms: which form
// (rename or delete), and what was typed and ticked.
struct AdminFields {
  std::string action, new_name, reason;
  bool confirmed = false;
};

// What a member sent in the project page's relation form, when it comes back.
struct RelationFields {
  std::optional<model::ProjectRelation> chosen;
  FormError error;
};

// The project page; an administrator's forms (rename, delete) hold what was
// typed and `admin_error`, marking the field it is about; the relation form
// the relation chosen and `relation.error`.
Response project_view(Context& ctx, const model::Project& project, const AdminFields& typed,
                      const FormError& admin_error, int status = 200, const RelationFields& relation = {}) {
  storage::Store& store = ctx.site.store();
  auto members = store.project_members(project.id);
  if (!members) return error_page(ctx, 503, "The database did not answer; try again.");
  auto snap = ctx.site.trust().snapshot();
  // Links count at the level of whoever last changed the page.
  bool follow = snap->level(project.modified_by) >= ctx.site.config().follow_links_level;

  View data;
  data.set("name", project.name);
  if (!project.homepage.empty()) {
    data.set("homepage", project.homepage);
    data.set("homepage_follow", bool_view(follow));
  }
  if (!project.license.empty()) data.set("license", project.license);
  if (!project.description.empty()) data.set("description", project.description);
  // The names its old addresses carry, which lead here: a visitor who came
  // by one sees why the page has another name.
  if (auto former = store.project_former_names(project.id); former && !former->empty())
    data.set("former_names", comma_list(*former));
  if (!project.notes.empty()) {
    auto notes =
        html::sanitize(project.notes, notes_policy(), follow ? html::Links::Follow : html::Links::NoFollow);
    if (notes)
      set_html(data, "notes_html", *notes);
    else
      data.set("notes_error", notes.error().message());
  }
  data.set("created", format_date(project.created));
  data.set("created_by", member_view(ctx, *snap, project.created_by, project.created_by_name));
  data.set("modified", format_date(project.modified));
  data.set("modified_by", member_view(ctx, *snap, project.modified_by, project.modified_by_name));

  View developers = list_view();
  model::ProjectRelation mine = model::ProjectRelation::None;
  for (const auto& m : *members) {
    View v = member_view(ctx, *snap, m.account, m.account_name);
    v.set("relation", std::string(model::to_string(m.relation)));
    developers.push_back(v);
    if (ctx.visitor.logged_in() && m.account == ctx.visitor.account->id) mine = m.relation;
  }
  data.set("developers", developers);
  data.set("has_developers", bool_view(!members->empty()));

  if (auto why = cannot_change_projects(ctx)) {
    data.set("why_not", why_not_view(*why));
  } else {
    data.set("edit_url", project_url(project.name) + "edit");
    View form;
    form.set("action", project_url(project.name) + "relation");
    View options = list_view();
    for (auto r : {model::ProjectRelation::None, model::ProjectRelation::Helper,
                   model::ProjectRelation::Documenter, model::ProjectRelation::Contributor,
                   model::ProjectRelation::Developer, model::ProjectRelation::LeadDeveloper}) {
      View o;
      o.set("value", std::string(model::to_string(r)));
      o.set("label", r == model::ProjectRelation::None ? std::string("No relation")
                                                       : std::string(model::to_string(r)));
      o.set("selected", bool_view(r == relation.chosen.value_or(mine)));
      options.push_back(o);
    }
    form.set("options", options);
    set_form_error(form, relation.error);
    data.set("relation_form", form);
  }
  if (ctx.visitor.admin) {
    View admin;
    // Posted to the page itself, so that a refusal comes back at the
    // project's own address (a reload or a link there shows the project).
    admin.set("action", project_url(project.name));
    admin.set("new_name", typed.new_name);
    admin.set("reason", typed.reason);
    admin.set("confirmed", bool_view(typed.confirmed));
    // The answer stands with the form it answers.
    admin.set("answers_delete", bool_view(typed.action == "delete"));
    set_form_error(admin, admin_error);
    data.set("admin_form", admin);
  }
  if (ctx.query.get("renamed") == "1") data.set("notice", "The project is renamed to " + project.name + ".");
  if (ctx.query.get("created") == "1") data.set("notice", "The project is created.");
  if (ctx.query.get("saved") == "1") data.set("notice", "Your changes are saved.");
  if (ctx.query.get("relation") == "set") data.set("notice", "Your relation to the project is saved.");
  if (ctx.query.get("relation") == "removed") data.set("notice", "Your relation to the project is removed.");
  return page(ctx, project.name, "project", std::move(data), status);
}

}  // namespace

Response project_list(Context& ctx) { return list_page(ctx, {}, {}, 200); }

Response project_create(Context& ctx) {
  if (auto why = cannot_change_projects(ctx)) return refusal_page(ctx, *why);
  ProjectFields f = read_fields(ctx);
  if (auto st = model::check_project_name(f.name); !st)
    return list_page(ctx, f, {as_sentence(st.error().message()), "name"}, 400);
  if (auto error = check_fields(f)) return list_page(ctx, f, *error, 400);
  storage::NewProject p{f.name,        f.homepage, f.license, f.description, f.notes, ctx.visitor.account->id,
                        ctx.site.now()};
  auto id = ctx.site.store().create_project(p);
  if (!id) {
    if (id.error().kind() == ErrorKind::Conflict)
      return list_page(ctx, f, {name_taken(ctx, f.name), "name"}, 409);
    auto [error, status] = store_refusal(id.error(), "The project is not created", kAccountGone);
    return list_page(ctx, f, error, status);
  }
  (void)ctx.site.store().append_audit(
      {ctx.site.now(), ctx.visitor.account->id, "project.create", "proj/" + f.name, ""});
  return redirect(project_url(f.name) + "?created=1");
}

Response project_slash(Context& ctx) { return redirect(project_url(ctx.params.at(0))); }

Response project_page(Context& ctx) {
  Response error;
  auto project = named_project(ctx, error);
  if (!project) return error;
  return project_view(ctx, *project, {}, {});
}

Response project_edit_form(Context& ctx) {
  Response error;
  auto project = named_project(ctx, error);
  if (!project) return error;
  if (!ctx.visitor.logged_in()) return log_in_first(ctx);
  if (auto why = cannot_change_projects(ctx)) return refusal_page(ctx, *why);
  return edit_page(ctx, *project,
                   {project->name, project->homepage, project->license, project->description, project->notes},
                   text_seen(*project), {});
}

Response project_edit(Context& ctx) {
  Response error;
  auto project = named_project(ctx, error);
  if (!project) return error;
  if (auto why = cannot_change_projects(ctx)) return refusal_page(ctx, *why);
  ProjectFields f = read_fields(ctx);
  f.name = project->name;
  // A form from before forms carried it checks nothing.
  const std::string seen(ctx.form.get("seen"));
  if (auto error = check_fields(f)) return edit_page(ctx, *project, f, seen, *error, 400);
  storage::ProjectEdit e{f.homepage, f.license, f.description, f.notes, ctx.visitor.account->id, ctx.site.now(),
                         std::nullopt};
  // Changed since the form was opened: the member's text comes back with
  // who changed it, and the form, now for the project as it is, saves it
  // over theirs if sent again.
  auto changed_meanwhile = [&](const model::Project& now) {
    return edit_page(ctx, now, f, text_seen(now),
                     {"Your changes are not saved: " +
                          (now.modified_by_name.empty() ? std::string("someone") : now.modified_by_name) +
                          " changed the project while you were editing it (see the project's page). Your text "
                          "is below; send it again to save it over theirs.",
                      ""},
                     409);
  };
  if (!seen.empty() && seen != text_seen(*project)) return changed_meanwhile(*project);
  if (!seen.empty())
    e.seen = storage::ProjectEdit::Text{project->homepage, project->license, project->description, project->notes};
  if (auto st = ctx.site.store().edit_project(project->id, e); !st) {
    if (st.error().kind() == ErrorKind::Conflict) {
      auto now = ctx.site.store().project_by_name(project->name);
      if (now) return changed_meanwhile(*now);
    }
    auto [error, status] = store_refusal(st.error(), "Your changes are not saved",
                                         kProjectGone);
    return edit_page(ctx, *project, f, seen, error, status);
  }
  (void)ctx.site.store().append_audit(
      {ctx.site.now(), ctx.visitor.account->id, "project.edit", "proj/" + project->name, ""});
  return redirect(project_url(project->name) + "?saved=1");
}

Response project_relation(Context& ctx) {
  Response error;
  auto project = named_project(ctx, error);
  if (!project) return error;
  if (auto why = cannot_change_projects(ctx)) return refusal_page(ctx, *why);
  auto relation = model::parse_project_relation(ctx.form.get("relation"));
  if (!relation) return error_page(ctx, 400, "Choose a relation from the list.");
  if (auto st = ctx.site.store().set_project_relation(ctx.visitor.account->id, project->id, *relation); !st) {
    // The project page comes back with the relation chosen and why it is not set.
    auto [error, status] = store_refusal(st.error(), "Your relation is not set", kProjectGone);
    return project_view(ctx, *project, {}, {}, status, {*relation, error});
  }
  return redirect(project_url(project->name) +
                  (*relation == model::ProjectRelation::None ? "?relation=removed" : "?relation=set"));
}

Response project_admin(Context& ctx) {
  if (!ctx.visitor.admin) return error_page(ctx, 403, "Only administrators rename or delete projects.");
  Response error;
  auto project = named_project(ctx, error);
  if (!project) return error;
  storage::Store& store = ctx.site.store();
  std::string_view action = ctx.form.get("action");
  const AdminFields typed{std::string(action), model::tidy_project_name(ctx.form.get("new_name")),
                          std::string(ctx.form.get("reason")), ctx.form.get("confirm") == "yes"};
  // The project page comes back with what was typed.
  auto refuse = [&](const FormError& error, int status) {
    return project_view(ctx, *project, typed, error, status);
  };
  if (action == "rename") {
    const std::string& name = typed.new_name;
    if (auto st = model::check_project_name(name); !st)
      return refuse({as_sentence(st.error().message()), "new_name"}, 400);
    if (auto st = store.rename_project(project->id, name); !st) {
      if (st.error().kind() == ErrorKind::Conflict)
        return refuse({name_taken(ctx, name), "new_name"}, 409);
      auto [error, status] =
          store_refusal(st.error(), "The project is not renamed", kProjectGone);
      return refuse(error, status);
    }
    (void)store.append_audit(
        {ctx.site.now(), ctx.visitor.account->id, "project.rename", "proj/" + project->name, name});
    return redirect(project_url(name) + "?renamed=1");
  }
  if (action == "delete") {
    if (!typed.confirmed) return refuse({"Tick the box to confirm the deletion.", "confirm"}, 400);
    if (typed.reason.find_first_not_of(" \t\r\n") == std::string::npos)
      return refuse({"Say why the project is deleted: the reason is kept in the audit log.", "reason"}, 400);
    if (auto st = store.delete_project(project->id); !st) {
      auto [error, status] =
          store_refusal(st.error(), "The project is not deleted", kProjectGone);
      return refuse(error, status);
    }
    (void)store.append_audit(
        {ctx.site.now(), ctx.visitor.account->id, "project.delete", "proj/" + project->name, typed.reason});
    return redirect("/proj/?deleted=" + url_encode(project->name));
  }
  return error_page(ctx, 400, "Choose rename or delete.");
}

}  // namespace journeyer::web::handlers
