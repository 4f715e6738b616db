// `journeyer serve` (the web site) and `journeyer admin create`.
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <optional>
#include <iostream>

#include "cli/commands.h"
#include "feeds/aggregator.h"
#include "html/policy.h"
#include "model/account.h"
#include "model/project.h"
#include "storage/store.h"
#include "util/text.h"
#include "web/config.h"
#include "web/crypto.h"
#include "web/handlers/account/password_rules.h"
#include "web/mail.h"
#include "web/server.h"
#include "web/site.h"
#include "web/trust_service.h"

namespace journeyer::cli {

namespace {

int fail(const Error& e) {
  std::fprintf(stderr, "journeyer: %s\n", e.message().c_str());
  return e.kind() == ErrorKind::InvalidInput || e.kind() == ErrorKind::NotFound ? kExitBadInput : kExitFailure;
}

model::UnixTime wall_clock() {
  return std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}

struct ServeOptions {
  std::string db;
  std::string listen = "127.0.0.1:8080";
  std::string config;
  std::string base_url;  // overrides the configuration's
};

Result<web::SiteConfig> config_from(const std::string& path) {
  if (path.empty()) return web::SiteConfig{};
  return web::load_site_config(path);
}

int run_serve(const ServeOptions& o) {
  auto config = config_from(o.config);
  if (!config) return fail(config.error());
  if (!o.base_url.empty())
    if (Status st = config->set_base_url(o.base_url); !st)
      return fail(Error::invalid_input("--base-url: " + st.error().message()));
  auto listen = web::parse_listen(o.listen);
  if (!listen) return fail(listen.error());
  // A mail program that cannot run would leave every reset request
  // unanswered, with only the log to say so: refuse to start instead.
  if (!config->sendmail.empty()) {
    struct stat st {};
    const bool runnable = ::stat(config->sendmail.c_str(), &st) == 0 && ::access(config->sendmail.c_str(), X_OK) == 0;
    const int why = errno;
    if (!runnable || !S_ISREG(st.st_mode))
      return fail(Error::invalid_input(o.config + ": mail.sendmail " + config->sendmail + " cannot be run: " +
                                       (runnable ? std::string("not a program file") : std::strerror(why))));
  }
  // Before the database is opened (and perhaps migrated) at all.
  auto claim = storage::claim_for_serving(o.db);
  if (!claim) return fail(claim.error());
  auto store = storage::open_store(o.db);
  if (!store) return fail(store.error());
  web::TrustService trust(**store, config->trust, wall_clock);
  trust.set_log([](const std::string& line) { std::fprintf(stderr, "journeyer: %s\n", line.c_str()); });
  web::Site site(**store, *config, trust, wall_clock);
  std::optional<web::MailOutbox> outbox;
  if (!config->sendmail.empty()) {
    outbox.emplace(
        [sendmail = config->sendmail, from = config->mail_from](const web::MailOutbox::Message& m) {
          if (Status st = web::send_mail(sendmail, from, m.to, m.subject, m.body); !st)
            std::fprintf(stderr, "journeyer: mail to %s not sent: %s\n", m.to.c_str(), st.error().message().c_str());
          else
            std::fprintf(stderr, "journeyer: mail to %s: %s\n", m.to.c_str(), m.subject.c_str());
        },
        [](const web::MailOutbox::Message& m) {
          std::fprintf(stderr, "journeyer: mail to %s not sent: too many waiting, or the server is stopping\n",
                       m.to.c_str());
        });
    site.set_mail_sender([&outbox](const std::string& to, const std::string& subject, const std::string& body) {
      outbox->post({to, subject, body});
    });
  }
  // The address first: a server that cannot have it stops before it
  // computes (and records) anything. It listens once the levels are ready;
  // until then connections are refused, and a load balancer tries another
  // process.
  auto server = web::Server::bind(site, *listen, config->request_threads());
  if (!server) return fail(server.error());
  if (auto st = trust.start_up(); !st) return fail(st.error());
  if (auto st = (*server)->start_listening(); !st) return fail(st.error());
  auto snap = trust.snapshot();
  if ((*store)->shared_by_processes())
    std::fprintf(stderr, "journeyer: %s\n",
                 trust.computes() ? "this process computes the levels (it holds the trust lock)"
                                  : "another process computes the levels; this one follows");
  trust.start();
  // The blog aggregator runs beside the site, on its own thread.
  auto diary_policy = html::named_policy("diary");
  if (!diary_policy) return fail(diary_policy.error());
  feeds::Aggregator aggregator(**store, *diary_policy, config->feeds, wall_clock);
  feeds::AggregatorService syndication(aggregator);
  site.set_feed_changed([&syndication] { syndication.poke(); });
  syndication.start();
  std::printf("journeyer: serving %s on http://%s:%u/ (%zu accounts, %zu certificates, levels computed in %.0f ms)\n",
              config->name.c_str(), listen->host.c_str(), (*server)->port(), snap->accounts, snap->certificates,
              static_cast<double>(snap->compute_micros) / 1000.0);
  std::fflush(stdout);
  (*server)->run(web::Signals::Handle);
  syndication.stop();
  if (outbox) outbox->stop();
  trust.stop();
  std::printf("journeyer: stopped\n");
  return kExitOk;
}

struct CreateOptions {
  std::string db;
  std::string config;
  std::string name;
  std::string email;
  bool password_stdin = false;
};

int run_admin_create(const CreateOptions& o) {
  auto config = config_from(o.config);
  if (!config) return fail(config.error());
  if (auto st = model::check_account_name(o.name); !st) return fail(st.error());
  std::string password;
  if (o.password_stdin) {
    std::getline(std::cin, password);
  } else {
    // 20 characters, or as many as the site asks for.
    while (password.size() < std::max<std::size_t>(20, config->min_password_chars)) password += web::random_token();
    password.resize(std::max<std::size_t>(20, config->min_password_chars));
  }
  if (utf8_chars(password) < config->min_password_chars)
    return fail(Error::invalid_input("the password must have at least " + std::to_string(config->min_password_chars) +
                                     " characters (leave out --password-stdin for one made up to that length)"));
  // The address a password-reset link would go to: what the sign-up form
  // accepts, so that the mail can be sent.
  if (!o.email.empty())
    if (auto st = web::handlers::check_email(o.email); !st)
      return fail(Error::invalid_input("--email: " + st.error().message()));
  auto hash = web::hash_password(password);
  if (!hash) return fail(hash.error());
  auto store = storage::open_store(o.db);
  if (!store) return fail(store.error());
  storage::NewAccount a;
  a.name = o.name;
  a.profile.email = o.email;
  a.password_hash = *hash;
  a.member_since = wall_clock();
  auto id = (*store)->create_account(a);
  if (!id) return fail(id.error());
  (void)(*store)->append_audit({wall_clock(), model::AccountId{}, "account.create", "person/" + o.name, "journeyer admin create"});
  if (!o.password_stdin) std::printf("%s\t%s\n", o.name.c_str(), password.c_str());
  // With a configuration: say when the account has no role there (an
  // administrator is listed in admins, a seed in [trust] seeds).
  const bool seed = std::any_of(config->trust.seeds.begin(), config->trust.seeds.end(), [&](const std::string& s) {
    return model::account_name_key(s) == model::account_name_key(o.name);
  });
  if (!o.config.empty() && !config->is_admin(o.name) && !seed)
    std::fprintf(stderr,
                 "journeyer: %s is a member like any other; list it in admins of %s for administrator rights\n",
                 o.name.c_str(), o.config.c_str());
  return kExitOk;
}

struct RenameProjectOptions {
  std::string db;
  std::string old_name;
  std::string new_name;
};

// Renames a project found by its name (or a former one), whatever that name
// is: a project saved under a name the present rule refuses (one with a
// backslash, which no address carries) can be renamed here when the site's
// pages cannot reach it.
int run_admin_rename_project(const RenameProjectOptions& o) {
  const std::string name = model::tidy_project_name(o.new_name);
  if (auto st = model::check_project_name(name); !st) return fail(st.error());
  auto store = storage::open_store(o.db);
  if (!store) return fail(store.error());
  auto project = (*store)->project_by_name(o.old_name);
  if (!project)
    return fail(project.error().kind() == ErrorKind::NotFound
                    ? Error::not_found("there is no project called " + o.old_name)
                    : project.error());
  if (auto st = (*store)->rename_project(project->id, name); !st) {
    if (st.error().kind() == ErrorKind::Conflict)
      return fail(Error::invalid_input("a project called " + name + " exists already (names are compared ignoring case)"));
    return fail(st.error());
  }
  (void)(*store)->append_audit(
      {wall_clock(), model::AccountId{}, "project.rename", "proj/" + project->name, name});
  std::printf("journeyer: the project %s is now called %s\n", project->name.c_str(), name.c_str());
  return kExitOk;
}

}  // namespace

void add_web_commands(CLI::App& app, Action& chosen) {
  auto serve = std::make_shared<ServeOptions>();
  auto* s = app.add_subcommand("serve", "Serve the web site");
  s->add_option("--db", serve->db, "Database URL: sqlite:PATH or postgresql://user@host:port/dbname")
      ->envname("JOURNEYER_DB")
      ->required();
  s->add_option("--listen", serve->listen, "Address and port to listen on (port 0: any free port)")
      ->capture_default_str();
  s->add_option("--config", serve->config, "The site's configuration (TOML); see below");
  s->add_option("--base-url", serve->base_url,
                "The site's public address for links in feeds, FOAF and mail (instead of base_url in the configuration)");
  s->footer(web::config_help());
  s->callback([&chosen, serve] { chosen = [serve] { return run_serve(*serve); }; });

  auto* admin = app.add_subcommand("admin", "Administration from the command line");
  admin->require_subcommand(1);
  auto create = std::make_shared<CreateOptions>();
  auto* c = admin->add_subcommand(
      "create",
      "Create an account (reserved names allowed); prints NAME<TAB>PASSWORD. Administrator rights come from "
      "admins in the configuration");
  c->add_option("NAME", create->name, "The account's name")->required();
  c->add_option("--db", create->db, "Database URL")->envname("JOURNEYER_DB")->required();
  c->add_option("--config", create->config, "The site's configuration (TOML)");
  c->add_option("--email", create->email, "The account's e-mail address");
  c->add_flag("--password-stdin", create->password_stdin, "Read the password from standard input instead of generating one");
  c->callback([&chosen, create] { chosen = [create] { return run_admin_create(*create); }; });
  auto rename = std::make_shared<RenameProjectOptions>();
  auto* r = admin->add_subcommand(
      "rename-project",
      "Rename a project found by its present or a former name, even one the site's pages cannot reach "
      "(saved before the name rule refused it); the new name follows the rule");
  r->add_option("OLD", rename->old_name, "The project's name now")->required();
  r->add_option("NEW", rename->new_name, "Its new name")->required();
  r->add_option("--db", rename->db, "Database URL")->envname("JOURNEYER_DB")->required();
  r->callback([&chosen, rename] { chosen = [rename] { return run_admin_rename_project(*rename); }; });
}

}  // namespace journeyer::cli
