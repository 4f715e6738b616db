// A renamed project's former names lead to it: however often it is renamed,
// until another project takes the name (created with it, or renamed to it)
// or the project is deleted. A database from before former names were kept
// migrates, and a dump keeps them. Runs on both backends.
#include <gtest/gtest.h>

#include <sstream>

#include "storage/dump.h"
#include "storage/sql/schema.h"
#include "storage/store_fixture.h"

namespace journeyer::storage::testing {
namespace {

NewProject project_named(const std::string& name, AccountId by) { return {name, "", "", "", "", by, 100}; }

// The present name of the project `former` leads to, or "" when it leads
// nowhere.
std::string leads_to(Store& store, const std::string& former) {
  auto p = store.project_by_former_name(former);
  if (!p) {
    EXPECT_EQ(p.error().kind(), ErrorKind::NotFound) << p.error().message();
    return "";
  }
  return p->name;
}

TEST_P(StoreTest, EveryFormerNameLeadsToTheProjectAsItIsNamedNow) {
  AccountId a = make_account("alice");
  auto p = store_->create_project(project_named("Gnumeric", a));
  ASSERT_OK(p);
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "") << "a present name is no former name";
  ASSERT_OK(store_->rename_project(*p, "Gnumeric2"));
  ASSERT_OK(store_->rename_project(*p, "Sheets"));
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "Sheets");
  EXPECT_EQ(leads_to(*store_, "GNUMERIC2"), "Sheets") << "ignoring case";
  EXPECT_EQ(leads_to(*store_, "Sheets"), "");
  EXPECT_ERROR(store_->project_by_name("Gnumeric"), NotFound);
  auto found = store_->project_by_former_name("gnumeric");
  ASSERT_OK(found);
  EXPECT_EQ(found->id, *p);

  auto former = store_->project_former_names(*p);
  ASSERT_OK(former);
  EXPECT_EQ(*former, (std::vector<std::string>{"Gnumeric", "Gnumeric2"}));

  // Only the case changes: the name is the same, and no former one.
  ASSERT_OK(store_->rename_project(*p, "SHEETS"));
  EXPECT_EQ(store_->project_former_names(*p)->size(), 2u);
  EXPECT_EQ(leads_to(*store_, "sheets"), "");
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "SHEETS");
  // Back to a former name: it is the present one again, and the name it
  // leaves is a former one.
  ASSERT_OK(store_->rename_project(*p, "Gnumeric"));
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
  EXPECT_EQ(store_->project_by_name("gnumeric")->id, *p);
  EXPECT_EQ(leads_to(*store_, "Sheets"), "Gnumeric");
  EXPECT_EQ(leads_to(*store_, "Gnumeric2"), "Gnumeric");
  EXPECT_EQ(*store_->project_former_names(*p), (std::vector<std::string>{"Gnumeric2", "SHEETS"}))
      << "the name it has again is no former one";

  // A refused rename remembers nothing.
  ASSERT_OK(store_->create_project(project_named("Mutt", a)));
  EXPECT_ERROR(store_->rename_project(*p, "mutt"), Conflict);
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
  EXPECT_ERROR(store_->rename_project(ProjectId{9999}, "Nowhere"), NotFound);
  EXPECT_EQ(leads_to(*store_, "Nowhere"), "");
}

TEST_P(StoreTest, AProjectTakingAFormerNameStopsItLeadingToTheOld) {
  AccountId a = make_account("alice");
  auto old = store_->create_project(project_named("Gnumeric", a));
  ASSERT_OK(old);
  ASSERT_OK(store_->rename_project(*old, "Sheets"));
  ASSERT_OK(store_->rename_project(*old, "Tables"));
  // Created with the former name: the new project has it.
  auto created = store_->create_project(project_named("gnumeric", a));
  ASSERT_OK(created);
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
  EXPECT_EQ(store_->project_by_name("Gnumeric")->id, *created);
  // Renamed to the other former name: so does this one.
  auto renamed = store_->create_project(project_named("Calc", a));
  ASSERT_OK(renamed);
  ASSERT_OK(store_->rename_project(*renamed, "Sheets"));
  EXPECT_EQ(leads_to(*store_, "Sheets"), "");
  EXPECT_EQ(leads_to(*store_, "Calc"), "Sheets");
  EXPECT_EQ(*store_->project_former_names(*old), std::vector<std::string>{}) << "both taken over";
  EXPECT_EQ(*store_->project_former_names(*renamed), std::vector<std::string>{"Calc"});
  EXPECT_EQ(*store_->project_former_names(*created), std::vector<std::string>{});
  // Neither leads back to the old project once the new ones are gone.
  ASSERT_OK(store_->delete_project(*created));
  ASSERT_OK(store_->rename_project(*renamed, "Calc"));
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
  EXPECT_EQ(leads_to(*store_, "Sheets"), "Calc");
  EXPECT_EQ(store_->project_by_name("Tables")->id, *old);
}

TEST_P(StoreTest, ADeletedProjectsFormerNamesLeadNowhere) {
  AccountId a = make_account("alice");
  auto p = store_->create_project(project_named("Gnumeric", a));
  ASSERT_OK(p);
  auto other = store_->create_project(project_named("Mutt", a));
  ASSERT_OK(other);
  ASSERT_OK(store_->rename_project(*p, "Sheets"));
  ASSERT_OK(store_->rename_project(*other, "Mutt2"));
  ASSERT_OK(store_->delete_project(*p));
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
  EXPECT_EQ(leads_to(*store_, "Mutt"), "Mutt2") << "another project's are kept";
  // The name is free for a new project, which is no former one of anything.
  ASSERT_OK(store_->create_project(project_named("Gnumeric", a)));
  EXPECT_EQ(leads_to(*store_, "Gnumeric"), "");
}

// A database made by a journeyer from before former names were kept (schema
// version 6) migrates: its projects stay as they were, and a rename from
// then on is remembered.
TEST_P(StoreTest, ADatabaseFromBeforeFormerNamesMigrates) {
  store_.reset();
  auto old_url = fresh_url(GetParam(), dir_, "old");
  ASSERT_OK(old_url);
  {
    auto c = raw_connection(*old_url);
    ASSERT_OK(c);
    sql::Connection& conn = **c;
    ASSERT_OK(build_schema_up_to(conn, 6));
    ASSERT_OK(conn.exec_script(
        "INSERT INTO accounts (name, name_key, member_since) VALUES ('alice', 'alice', 1);"
        "INSERT INTO projects (name, name_key, created, created_by, modified, modified_by) VALUES "
        "('Gnumeric', 'gnumeric', 1, 1, 1, 1)"));
  }
  ASSERT_EQ(*read_version(*old_url), 6);
  auto migrated = open_store(*old_url);
  ASSERT_OK(migrated);
  Store& s = **migrated;
  EXPECT_EQ(s.schema_status()->version, sql::latest_version());
  auto p = s.project_by_name("gnumeric");
  ASSERT_OK(p);
  EXPECT_EQ(leads_to(s, "Gnumeric"), "");
  ASSERT_OK(s.rename_project(p->id, "Sheets"));
  EXPECT_EQ(leads_to(s, "Gnumeric"), "Sheets");
}

// A dump keeps former names, written on either backend and read on the
// other; a dump from before schema version 7 loads without any.
TEST_P(StoreTest, ADumpKeepsFormerNames) {
  auto p = store_->create_project(project_named("Gnumeric", make_account("carol")));
  ASSERT_OK(p);
  ASSERT_OK(store_->rename_project(*p, "Sheets"));
  ASSERT_OK(store_->rename_project(*p, "Tables"));
  std::ostringstream out;
  ASSERT_OK(write_dump(*store_, out, Secrets::Omit));
  // The same dump as a journeyer before schema version 7 wrote it (dump
  // format 1: no end line).
  std::string older;
  {
    std::istringstream lines(format_1(out.str()));
    std::string line;
    while (std::getline(lines, line))
      if (line.find("\"table\":\"project_former_names\"") == std::string::npos) older += line + "\n";
  }
  ASSERT_NE(older.size(), out.str().size()) << "the dump holds former names";
  const std::string other = GetParam() == "sqlite" ? "postgresql" : "sqlite";
  auto url = fresh_url(other, dir_, "copy");
  ASSERT_OK(url);
  auto s = open_store(*url);
  ASSERT_OK(s);
  std::istringstream in(out.str());
  ASSERT_OK(read_dump(**s, in));
  EXPECT_EQ(leads_to(**s, "Gnumeric"), "Tables");
  EXPECT_EQ(leads_to(**s, "sheets"), "Tables");
  // Taking a name over works on the loaded database as on the first.
  ASSERT_OK((*s)->create_project(project_named("Sheets", (*s)->account_by_name("carol")->id)));
  EXPECT_EQ(leads_to(**s, "Sheets"), "");

  auto old_url = fresh_url(other, dir_, "old");
  ASSERT_OK(old_url);
  auto o = open_store(*old_url);
  ASSERT_OK(o);
  std::istringstream old_in(older);
  ASSERT_OK(read_dump(**o, old_in));
  EXPECT_EQ((*o)->project_by_name("tables")->name, "Tables");
  EXPECT_EQ(leads_to(**o, "Gnumeric"), "");
}

}  // namespace
}  // namespace journeyer::storage::testing
