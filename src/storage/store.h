// Store: the one door to everything Journeyer keeps. Two implementations
// (storage/sqlite/, storage/postgres/) sit behind open_store(); one
// conformance suite (tests/storage/) runs against both.
//
// Every call returns Result/Status. Error kinds: InvalidInput (a rule of
// model/ is broken), NotFound (a named account, entry, ... does not exist),
// Conflict (a uniqueness rule or a stale expected version), Busy (a
// concurrent writer held the database past the wait: the same call a moment
// later may go through), Io (the database failed: disk full, read-only file ...),
// Unavailable (the database cannot be reached).
//
// Times are passed in by the caller (model::UnixTime); the store reads no
// clock for values it keeps.
//
// A Store is safe to use from many threads at once: each thread gets its
// own connection. Each call is atomic; transaction() groups several.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "model/account.h"
#include "model/cert.h"
#include "model/content.h"
#include "model/ids.h"
#include "model/project.h"
#include "model/records.h"
#include "util/result.h"

namespace journeyer::trust {
struct StandingGraph;
}

namespace journeyer::storage {

using model::AccountId;
using model::ArticleId;
using model::AuditId;
using model::DiaryEntryId;
using model::FeedId;
using model::ProjectId;
using model::ReplyId;
using model::UnixTime;

// ---- Arguments and answers -------------------------------------------------

// What other processes sharing the database announced (Store::wait_notices).
// Members per level after one computation of the levels (the chart on /trust/).
struct LevelCountsRecord {
  std::int64_t generation = 0;
  UnixTime computed_at = 0;
  std::vector<std::int64_t> members;  // by level index
};

struct StoreNotices {
  bool levels_published = false;  // newer levels are in the store
  bool recompute_wanted = false;  // someone changed certificates
};

struct SchemaStatus {
  int version = 0;         // the database's schema version (0: empty)
  int binary_version = 0;  // the newest version this binary knows
  std::string backend;     // "sqlite" or "postgresql"
};

struct NewAccount {
  std::string name;  // checked with model::check_account_name
  model::Profile profile;
  std::string password_hash;  // may be empty
  model::AccountState state = model::AccountState::Active;
  UnixTime member_since = 0;
};

// Which accounts list_accounts returns, in name order (case-insensitive).
struct AccountQuery {
  std::string name_prefix;  // case-insensitive; empty: all
  std::string after_name;   // paging: names sorting after this one
  std::size_t limit = 100;
  bool include_disabled = false;
};

// One line of a member list: enough for /person/ and the front page.
struct AccountSummary {
  AccountId id;
  std::string name;
  model::AccountState state = model::AccountState::Active;
  UnixTime member_since = 0;
  model::CertLevel level;  // the published level (lowest if none published)
};

struct NewCertificate {
  AccountId issuer;
  AccountId subject;
  model::CertLevel level;  // model::kNoCertificate removes
  UnixTime when = 0;
};

// Options of the bulk graph read for the trust engine.
struct GraphOptions {
  // Also add every imported alias name (see import_graph) as an account
  // without certificates, so that the figures equal those of the dump.
  bool include_aliases = false;
};

// The standing graph, and the store id of each dense trust::AccountId (0 for
// alias names).
struct TrustGraph {
  std::unique_ptr<trust::StandingGraph> graph;
  std::vector<AccountId> account_ids;
  TrustGraph();
  TrustGraph(TrustGraph&&) noexcept;
  TrustGraph& operator=(TrustGraph&&) noexcept;
  ~TrustGraph();
};

// An Advogato-style graph to import: names, and certificates in history
// order by index into `names` (trust::CertGraph maps onto it directly).
struct GraphImport {
  std::vector<std::string> names;
  struct Cert {
    std::uint32_t issuer;
    std::uint32_t subject;
    model::CertLevel level;
  };
  std::vector<Cert> certificates;
  UnixTime when = 0;  // member_since of new accounts, time of new certificates
  // Called now and then with the work done so far and the total (names plus
  // certificates), for a progress bar. May be empty.
  std::function<void(std::size_t done, std::size_t total)> progress;
};

struct GraphImportSummary {
  std::size_t accounts_created = 0;
  std::size_t accounts_existing = 0;
  std::size_t aliases_created = 0;        // names equal to another ignoring case
  std::size_t certificates_recorded = 0;  // new history entries
  std::size_t certificates_unchanged = 0;
  std::size_t certificates_skipped = 0;  // self-certificates; lowest-level ones naming an alias
};

struct NewDiaryEntry {
  AccountId author;
  std::string title;
  std::string body;
  model::TextFormat format = model::TextFormat::Html;
  UnixTime when = 0;
  // A form's one-time key: a second submission with the same key answers
  // the entry the first one made instead of adding another. Empty: no dedupe.
  std::string submission_key = {};
};

// An entry just added, with the number it was given (model::DiaryEntry).
struct DiaryAppended {
  DiaryEntryId id;
  std::int64_t number = 0;
};

// What is left of a deleted diary entry: enough to say that it was deleted
// (rather than never there) and to keep its id and number from being given
// again.
struct DiaryDeletion {
  DiaryEntryId id;
  AccountId author;
  std::int64_t number = 0;
  UnixTime created = 0;
  UnixTime updated = 0;
};

struct DiaryEdit {
  std::string title;
  std::string body;
  model::TextFormat format = model::TextFormat::Html;
  UnixTime when = 0;
};

// A post from a member's blog, keyed by its guid.
struct SyndicatedPost {
  AccountId author;
  model::Syndication source;  // source.guid is the dedupe key
  std::string title;
  std::string body;  // already sanitized
  UnixTime published = 0;
  UnixTime updated = 0;
};

// Deleted: the member deleted the post's entry; it is not stored again.
enum class UpsertOutcome { Created, Updated, Unchanged, Deleted };

struct SyndicatedResult {
  DiaryEntryId id;
  UpsertOutcome outcome = UpsertOutcome::Created;
};

// One fetch of a member's feed as the aggregator records it: the posts it
// found and how the fetch went (record.new_post is set by the store when a
// post is created).
struct FeedFetch {
  FeedId feed;
  model::FetchRecord record;
  std::vector<SyndicatedPost> posts;
};

// Paging for a member's diary: newest first.
struct Page {
  std::size_t offset = 0;
  std::size_t limit = 20;
};

enum class RecentStyle {
  LatestPerMember,  // Advogato's "Unique": one entry, the latest, per member
  EveryEntry,
};

struct RecentQuery {
  RecentStyle style = RecentStyle::LatestPerMember;
  model::CertLevel min_level;  // by published level
  std::size_t limit = 20;
  UnixTime before = 0;  // 0: now; paging: entries created before this
  // With `before`: the entries created in that second too whose id is
  // lower (the last page's last entry's id), so that a page that ends
  // among entries of one second leaves none of them out. 0: none of them.
  std::int64_t before_id = 0;
};

struct RecentEntry {
  model::DiaryEntry entry;
  model::CertLevel author_level;
};

struct NewArticle {
  AccountId author;
  std::string title;
  std::string lead;
  std::string body;
  std::string topic;
  model::TextFormat format = model::TextFormat::Html;
  UnixTime when = 0;
  // A form's one-time key: a second submission with the same key returns the
  // first article's id instead of creating another. Empty: no dedupe.
  std::string submission_key;
};

struct ArticleEdit {
  std::string title;
  std::string lead;
  std::string body;
  std::string topic;
  model::TextFormat format = model::TextFormat::Html;
  UnixTime when = 0;
};

enum class Visibility { Public, IncludeHidden };

struct NewReply {
  ArticleId article;
  ReplyId parent;  // none: a reply to the article
  AccountId author;
  std::string title;
  std::string body;
  model::TextFormat format = model::TextFormat::Html;
  UnixTime when = 0;
  std::string submission_key;
};

struct NewProject {
  std::string name;  // checked with model::check_project_name
  std::string homepage;
  std::string license;
  std::string description;
  std::string notes;
  AccountId by;
  UnixTime when = 0;
};

struct ProjectEdit {
  std::string homepage;
  std::string license;
  std::string description;
  std::string notes;
  AccountId by;
  UnixTime when = 0;
  // The project's text as the editor saw it when the form was opened: the
  // edit is made only if the project still holds it (else Conflict), so
  // that of two members editing at once the second is told instead of
  // undoing the first's changes. None: no check.
  struct Text {
    std::string homepage, license, description, notes;
  };
  std::optional<Text> seen;
};

enum class ProjectOrder { ByName, RecentlyChanged };

struct NewAuditEntry {
  UnixTime when = 0;
  AccountId actor;
  std::string action;
  std::string target;
  std::string detail;
};

// One row of a dump (export/import): a table name and its columns.
using DumpValue = std::variant<std::monostate, std::int64_t, std::string>;
struct DumpRecord {
  std::string table;
  std::vector<std::pair<std::string, DumpValue>> columns;
};

enum class Secrets { Omit, Include };

// ---- The interface ---------------------------------------------------------

class Store {
 public:
  virtual ~Store() = default;

  virtual Result<SchemaStatus> schema_status() = 0;

  // Runs `body` in one transaction on one connection: everything it does
  // through the Store it is given commits together, or (when it returns an
  // error, or the commit fails) none of it does.
  virtual Status transaction(const std::function<Status(Store&)>& body) = 0;

  // -- Accounts
  // Conflict when the name is taken ignoring case (or is an alias).
  virtual Result<AccountId> create_account(const NewAccount& account) = 0;
  virtual Result<model::Account> account(AccountId id) = 0;
  // Case-insensitive; an imported alias name finds its account.
  virtual Result<model::Account> account_by_name(std::string_view name) = 0;
  virtual Result<std::vector<AccountSummary>> list_accounts(const AccountQuery& query) = 0;
  virtual Result<std::vector<AccountSummary>> newest_accounts(std::size_t limit) = 0;
  virtual Result<std::int64_t> count_accounts() = 0;  // not disabled
  // Conflict when the account's version is no longer `expected_version`.
  virtual Status update_profile(AccountId id, const model::Profile& profile,
                                std::int64_t expected_version) = 0;
  virtual Status set_password_hash(AccountId id, const std::string& hash) = 0;
  virtual Status set_account_state(AccountId id, model::AccountState state) = 0;
  virtual Status record_login(AccountId id, UnixTime when) = 0;

  // -- Sessions (token hashes only)
  virtual Status create_session(const model::Session& session) = 0;
  // NotFound when unknown or expired at `now`.
  virtual Result<model::Session> session(const std::string& token_hash, UnixTime now) = 0;
  virtual Status delete_session(const std::string& token_hash) = 0;
  virtual Result<std::int64_t> delete_sessions_of(AccountId account) = 0;
  virtual Result<std::int64_t> delete_expired_sessions(UnixTime now) = 0;

  // -- Tokens (API tokens, password-reset links; hashes only)
  virtual Result<model::ApiTokenId> create_token(const model::Token& token) = 0;
  // NotFound when unknown, revoked, expired at `now`, or of another kind.
  virtual Result<model::Token> token(model::TokenKind kind, const std::string& token_hash, UnixTime now) = 0;
  virtual Result<std::vector<model::Token>> tokens_of(AccountId account, model::TokenKind kind) = 0;
  virtual Status revoke_token(model::ApiTokenId id) = 0;

  // -- Certificates (history is kept; the latest per pair stands)
  // InvalidInput for self-certification; NotFound for a missing account.
  virtual Status certify(const NewCertificate& cert) = 0;
  // The standing certificate, or NotFound when none (or removed).
  virtual Result<model::Certificate> certificate(AccountId issuer, AccountId subject) = 0;
  // Standing certificates issued by / given to the account, ordered by the
  // other member's name; certificates with a disabled member are left out.
  virtual Result<std::vector<model::Certificate>> certificates_from(AccountId issuer) = 0;
  virtual Result<std::vector<model::Certificate>> certificates_to(AccountId subject) = 0;
  // Every certificate ever given from or to the account, oldest first
  // (removals included, at the lowest level).
  virtual Result<std::vector<model::Certificate>> certificate_history(AccountId account) = 0;
  // The whole standing graph for the trust engine in one bulk read.
  // Certificates issued by disabled accounts do not count.
  virtual Result<TrustGraph> load_trust_graph(const GraphOptions& options) = 0;
  // Creates missing accounts (state Imported) and records certificates that
  // differ from the standing ones: importing twice changes nothing. Names
  // equal ignoring case to another become aliases of the one with capitals.
  virtual Result<GraphImportSummary> import_graph(const GraphImport& graph) = 0;

  // -- Published levels
  // Replaces the published levels with `levels` atomically; returns the
  // new generation.
  virtual Result<std::int64_t> publish_levels(const model::LevelSnapshotInfo& info,
                                              const std::vector<model::PublishedLevel>& levels) = 0;
  virtual Result<model::LevelSnapshotInfo> published_levels_info() = 0;
  virtual Result<std::vector<model::PublishedLevel>> published_levels() = 0;
  // The lowest level when the account has none published.
  virtual Result<model::CertLevel> published_level(AccountId account) = 0;
  virtual Result<std::vector<std::int64_t>> count_by_level(std::size_t level_count) = 0;

  // -- Level history
  // Records how many members were at each level after the computation that
  // published `generation` (again for the same generation: replaced).
  virtual Status record_level_counts(const LevelCountsRecord& record) = 0;
  // The newest `limit` records, oldest first.
  virtual Result<std::vector<LevelCountsRecord>> level_history(std::size_t limit) = 0;

  // -- Several processes on one database (PostgreSQL; a SQLite store serves
  // one process, and these keep their single-process defaults)
  // Whether other processes may share the database, so that the calls below
  // coordinate with them.
  virtual bool shared_by_processes() const { return false; }
  // Takes the trust-computation lock (a session advisory lock on a connection
  // of its own) unless another process holds it. True while this store holds
  // it; it is let go when the store is closed or that connection drops.
  virtual Result<bool> try_trust_lock() { return true; }
  // Tells the other processes that levels of generation `generation` are
  // published.
  virtual Status notify_levels(std::int64_t generation) {
    (void)generation;
    return Ok{};
  }
  // Asks the process holding the trust lock to recompute.
  virtual Status notify_recompute() { return Ok{}; }
  // Waits up to `timeout` for notifications from other processes (on a
  // connection of its own). Single-process stores return none at once.
  virtual Result<StoreNotices> wait_notices(std::chrono::milliseconds timeout) {
    (void)timeout;
    return StoreNotices{};
  }

  // -- Diary
  // Every new entry (posted or syndicated) gets the next number of its
  // author's diary: one more than the highest ever given, deleted entries
  // included, one author's additions one after the other. Numbers and ids
  // of deleted entries are never given again; edits and syndication never
  // change a number.
  virtual Result<DiaryEntryId> add_diary_entry(const NewDiaryEntry& entry) = 0;
  // The same, answering the number too (XML-RPC diary.set, the JSON API).
  virtual Result<DiaryAppended> append_diary_entry(const NewDiaryEntry& entry) = 0;
  virtual Status edit_diary_entry(DiaryEntryId id, const DiaryEdit& edit) = 0;
  // Remembers the entry's id and number as deleted (diary_deletion).
  virtual Status delete_diary_entry(DiaryEntryId id) = 0;
  virtual Result<model::DiaryEntry> diary_entry(DiaryEntryId id) = 0;
  // The author's entry with that number; NotFound when none (deleted or
  // never given).
  virtual Result<model::DiaryEntry> diary_entry_numbered(AccountId author, std::int64_t number) = 0;
  // The deleted entry with that id, or with that number in the author's
  // diary; none when it was never deleted.
  virtual Result<std::optional<DiaryDeletion>> diary_deletion(DiaryEntryId id) = 0;
  virtual Result<std::optional<DiaryDeletion>> diary_deletion(AccountId author, std::int64_t number) = 0;
  // Newest first by date (the diary pages).
  virtual Result<std::vector<model::DiaryEntry>> diary_entries(AccountId author, Page page) = 0;
  // Numbers below `below`, highest first (the JSON API's pages).
  virtual Result<std::vector<model::DiaryEntry>> diary_entries_below(AccountId author, std::int64_t below,
                                                                     std::size_t limit) = 0;
  // Entries there now.
  virtual Result<std::int64_t> count_diary_entries(AccountId author) = 0;
  // The number the next entry will get: numbers 0 .. this - 1 were given,
  // some of them perhaps to entries since deleted.
  virtual Result<std::int64_t> diary_length(AccountId author) = 0;
  // Entries of active and imported members only (disabled ones disappear).
  virtual Result<std::vector<RecentEntry>> recent_diary_entries(const RecentQuery& query) = 0;
  // A post whose entry the member deleted answers Deleted and is not stored
  // again, until the member's feed address changes (set_feed_url forgets
  // the deleted posts' ids then: another blog's ids may be the same).
  virtual Result<SyndicatedResult> upsert_syndicated_entry(const SyndicatedPost& post) = 0;
  // One draft record per member, at most kMaxDraftRecordBytes (the site
  // keeps the drafts of a new entry and of entries being edited in it, as
  // JSON); a preview keeps it until the entry is posted.
  static constexpr std::size_t kMaxDraftRecordBytes = 4 * model::kMaxDiaryBytes + 64 * 1024;
  // What an edit makes of the record it is given (none: there is none):
  // the new record, or none to remove it.
  using DraftEdit = std::function<Result<std::optional<std::string>>(const std::optional<std::string>& record)>;
  // Reads the member's draft record and writes back what `edit` makes of
  // it, as one step: of two edits at the same moment (two tabs previewing),
  // the second is given the first one's record, so neither is lost. `edit`
  // runs inside the store's transaction: it should only compute.
  virtual Status edit_diary_draft(AccountId author, const DraftEdit& edit, UnixTime when) = 0;
  Status save_diary_draft(AccountId author, const std::string& text, UnixTime when) {
    return edit_diary_draft(author, [&](const std::optional<std::string>&) { return std::optional<std::string>(text); },
                            when);
  }
  Status clear_diary_draft(AccountId author) {
    return edit_diary_draft(author, [](const std::optional<std::string>&) { return std::optional<std::string>(); }, 0);
  }
  virtual Result<std::optional<std::string>> diary_draft(AccountId author) = 0;

  // -- Articles and replies
  virtual Result<ArticleId> create_article(const NewArticle& article) = 0;
  virtual Status edit_article(ArticleId id, const ArticleEdit& edit) = 0;
  virtual Result<model::Article> article(ArticleId id, Visibility visibility) = 0;
  virtual Result<std::vector<model::Article>> articles(Page page, Visibility visibility) = 0;
  virtual Result<std::vector<model::Article>> articles_by(AccountId author, Page page) = 0;
  virtual Result<std::int64_t> count_articles(Visibility visibility) = 0;
  virtual Status set_article_hidden(ArticleId id, bool hidden, const std::string& reason) = 0;
  virtual Result<ReplyId> add_reply(const NewReply& reply) = 0;
  // Oldest first; the caller threads them by parent.
  virtual Result<std::vector<model::Reply>> replies(ArticleId article, Visibility visibility) = 0;
  virtual Status set_reply_hidden(ReplyId id, bool hidden, const std::string& reason) = 0;
  // "M new": the newest reply id the reader has seen on the article.
  virtual Status mark_replies_seen(AccountId reader, ArticleId article, ReplyId newest) = 0;
  virtual Result<ReplyId> last_seen_reply(AccountId reader, ArticleId article) = 0;
  // For each of `articles` (in order): the visible replies newer than the
  // newest the reader has seen (all of them when none seen). One read.
  virtual Result<std::vector<std::int64_t>> count_new_replies(AccountId reader,
                                                              const std::vector<ArticleId>& articles) = 0;

  // -- Projects
  // A project's present name is unique ignoring case (Conflict otherwise).
  // Renaming remembers the name it had as a former name of the project, so
  // that project_by_former_name leads from it to the project, however often
  // it is renamed after. A former name belongs to one project at most and
  // is never a present name too: a project created with a former name of
  // another, or renamed to it, takes the name over (the name stops leading
  // to the other), and a deleted project's former names stop leading
  // anywhere.
  virtual Result<ProjectId> create_project(const NewProject& project) = 0;
  virtual Result<model::Project> project_by_name(std::string_view name) = 0;  // ignoring case
  // The project a former name of it leads to (ignoring case); NotFound when
  // none does.
  virtual Result<model::Project> project_by_former_name(std::string_view name) = 0;
  // The former names that lead to the project, in name order ignoring case
  // (none when it was never renamed).
  virtual Result<std::vector<std::string>> project_former_names(ProjectId id) = 0;
  virtual Result<std::vector<model::Project>> projects(ProjectOrder order, Page page) = 0;
  // Conflict when `edit.seen` is no longer the project's text.
  virtual Status edit_project(ProjectId id, const ProjectEdit& edit) = 0;
  virtual Status rename_project(ProjectId id, const std::string& new_name) = 0;
  virtual Status delete_project(ProjectId id) = 0;
  // ProjectRelation::None removes the member's relation.
  virtual Status set_project_relation(AccountId account, ProjectId project,
                                      model::ProjectRelation relation) = 0;
  virtual Result<std::vector<model::ProjectMember>> project_members(ProjectId project) = 0;
  virtual Result<std::vector<model::ProjectMember>> projects_of(AccountId account) = 0;

  // -- Feeds (syndication in)
  // An empty URL removes the member's feed.
  virtual Status set_feed_url(AccountId account, const std::string& url) = 0;
  virtual Result<std::optional<model::Feed>> feed_of(AccountId account) = 0;
  // Feeds whose next fetch is due at `now`, soonest first.
  virtual Result<std::vector<model::Feed>> due_feeds(UnixTime now, std::size_t limit) = 0;
  // The same feeds, claimed for this process: their next fetch moves to
  // `until` in the same transaction, so that another process (several
  // `journeyer serve` on one database each run the aggregator) does not
  // fetch them too; recording the fetch sets the real next fetch. A process
  // that stops before then leaves them due again at `until`.
  virtual Result<std::vector<model::Feed>> claim_due_feeds(UnixTime now, std::size_t limit, UnixTime until) = 0;
  // How many feeds due_feeds would return with no limit (for progress bars).
  virtual Result<std::int64_t> count_due_feeds(UnixTime now) = 0;
  virtual Status record_fetch(FeedId feed, const model::FetchRecord& record) = 0;
  // Many fetches in one transaction (a commit costs an fsync; the aggregator
  // writes its results in batches): each fetch's posts as
  // upsert_syndicated_entry stores them, then the fetch as record_fetch
  // does. All or nothing. The outcomes follow the fetches' posts in order.
  virtual Result<std::vector<UpsertOutcome>> record_fetches(const std::vector<FeedFetch>& fetches) = 0;

  // -- Spam flags (ratings)
  // Conflict when the flagger has already flagged the target.
  virtual Status flag_spam(AccountId flagger, AccountId target, UnixTime when) = 0;
  virtual Result<std::vector<model::SpamFlag>> spam_flags(AccountId target) = 0;
  // Accounts with at least one flag, most flagged first.
  virtual Result<std::vector<AccountId>> flagged_accounts(std::size_t limit) = 0;

  // -- Diary interest ratings (history kept; the latest of a pair stands)
  // InvalidInput for a value outside 1..10 or a member rating themselves;
  // NotFound for a missing account.
  virtual Status rate_diary(AccountId reader, AccountId diarist, int value, UnixTime when) = 0;
  // The reader's standing rating of the diarist, if any.
  virtual Result<std::optional<int>> diary_rating(AccountId reader, AccountId diarist) = 0;
  // The reader's standing ratings, by diarist id.
  virtual Result<std::vector<model::DiaryRating>> ratings_by(AccountId reader) = 0;
  // Every standing rating between members who are not disabled, for the
  // interest engine in one bulk read.
  virtual Result<std::vector<model::DiaryRating>> standing_ratings() = 0;
  // Rises with every rating given (0: none yet): cheap to poll.
  virtual Result<std::int64_t> ratings_version() = 0;

  // -- Audit log
  virtual Result<AuditId> append_audit(const NewAuditEntry& entry) = 0;
  // Newest first; `before` pages back (none: from the newest).
  virtual Result<std::vector<model::AuditEntry>> audit_log(std::size_t limit, AuditId before) = 0;

  // -- Dump (journeyer export / import dump)
  // Every row of every table, parents before children. Password hashes,
  // session tokens and token hashes are left out unless Secrets::Include.
  virtual Status export_rows(Secrets secrets, const std::function<Status(const DumpRecord&)>& sink) = 0;
  // Inserts one dumped row as it was (ids kept). For an empty database.
  virtual Status import_row(const DumpRecord& record) = 0;
  // After import_row calls: lets new rows get ids after the imported ones.
  virtual Status finish_import() = 0;
};

// ---- Opening ---------------------------------------------------------------

enum class Migrate {
  Apply,      // bring the schema up to date at start-up
  CheckOnly,  // open as it is (for `db status`); a newer schema is still refused
};

enum class Access {
  ReadWrite,
  ReadOnly,  // every write fails with an Io error; reads work (a replica, a frozen site)
};

struct OpenOptions {
  Migrate migrate = Migrate::Apply;
  int busy_timeout_ms = 5000;  // how long a writer waits for another's lock before Busy (both backends)
  Access access = Access::ReadWrite;
  // SQLite: the most bytes the database file may grow to (0: no cap). A write
  // beyond it fails with an Io error as a full disk would, and reads go on.
  std::int64_t max_bytes = 0;
};

// `sqlite:PATH` (PATH may be relative; created when missing) or
// `postgresql://user@host:port/dbname` (also `postgres://`). A database whose
// schema is newer than this binary is refused with a clear message and left
// untouched.
Result<std::unique_ptr<Store>> open_store(const std::string& url, const OpenOptions& options = {});

// What `journeyer serve` holds while it serves a database. A SQLite database
// serves one process (a second would compute levels of its own, with rate
// limits and cached pages of its own), so the first server takes an
// exclusive lock on PATH.serve-lock, PATH being the file a symbolic link
// leads to (flock: the system lets it go when the process ends, however it
// ends; the file stays), and a second one is refused with a Conflict naming
// the database. PostgreSQL coordinates several processes itself: nothing is
// held.
class ServeClaim {
 public:
  ServeClaim() = default;
  explicit ServeClaim(int fd) : fd_(fd) {}
  ServeClaim(ServeClaim&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  ServeClaim& operator=(ServeClaim&& o) noexcept;
  ServeClaim(const ServeClaim&) = delete;
  ServeClaim& operator=(const ServeClaim&) = delete;
  ~ServeClaim();

 private:
  int fd_ = -1;
};
Result<ServeClaim> claim_for_serving(const std::string& url);

// Applies pending migrations; returns the status after.
Result<SchemaStatus> migrate(const std::string& url);

// A consistent online copy of a SQLite database (SQLite's backup API) while
// others keep writing.
Status backup_sqlite(const std::string& url, const std::string& out_path);

}  // namespace journeyer::storage
