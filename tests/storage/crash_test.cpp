// Nothing lost: a writer process is killed (SIGKILL) in the middle of a
// stream of writes; every write it had acknowledged is there afterwards,
// nothing half-written is visible, and SQLite's integrity_check says ok.
// Also: a full disk and a read-only database give the caller a clear error
// while reads go on, and `db backup` copies a database that is being written.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <thread>

#include "storage/sqlite/sqlite_connection.h"
#include "storage/store_fixture.h"
#include "storage/url.h"

namespace journeyer::storage::testing {
namespace {

using model::CertLevel;

constexpr int kAcksBeforeKill = 60;
constexpr int kMaxWrites = 100000;

// One write: an account, its first diary entry and a certificate from the
// hub, all in one transaction.
Status write_one(Store& s, AccountId hub, int i) {
  return s.transaction([&](Store& tx) -> Status {
    NewAccount a;
    a.name = "w" + std::to_string(i);
    auto id = tx.create_account(a);
    if (!id) return id.error();
    auto e = tx.add_diary_entry({*id, "entry", "body of " + a.name, model::TextFormat::Html, i});
    if (!e) return e.error();
    return tx.certify({hub, *id, CertLevel{2}, i});
  });
}

[[noreturn]] void writer(const std::string& url, AccountId hub, int ack_fd) {
  auto store = open_store(url);
  if (!store) _exit(3);
  for (int i = 0; i < kMaxWrites; ++i) {
    if (!write_one(**store, hub, i)) _exit(4);
    // Acknowledged only once the commit returned.
    std::int32_t v = i;
    if (write(ack_fd, &v, sizeof v) != sizeof v) _exit(5);
  }
  _exit(0);
}

class CrashTest : public StoreTest {};

TEST_P(CrashTest, AcknowledgedWritesSurviveSigkill) {
  AccountId hub = make_account("hub");
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t child = fork();
  ASSERT_GE(child, 0);
  if (child == 0) {
    close(fds[0]);
    writer(url_, hub, fds[1]);
  }
  close(fds[1]);
  int acked = -1;
  std::int32_t v;
  int received = 0;
  while (read(fds[0], &v, sizeof v) == sizeof v) {
    acked = v;
    if (++received == kAcksBeforeKill) kill(child, SIGKILL);
  }
  close(fds[0]);
  int status = 0;
  waitpid(child, &status, 0);
  ASSERT_TRUE(WIFSIGNALED(status)) << "the writer ended by itself (status " << status << ")";
  ASSERT_GE(acked, kAcksBeforeKill - 1);

  store_.reset();
  auto store = open_store(url_);
  ASSERT_OK(store);
  for (int i = 0; i <= acked; ++i) {
    auto a = (*store)->account_by_name("w" + std::to_string(i));
    ASSERT_OK(a);
    auto n = (*store)->count_diary_entries(a->id);
    ASSERT_OK(n);
    EXPECT_EQ(*n, 1);
    EXPECT_TRUE((*store)->certificate(hub, a->id).has_value());
  }
  // At most the one write in flight may have committed without its
  // acknowledgement; if it did, it is whole.
  auto next = (*store)->account_by_name("w" + std::to_string(acked + 1));
  if (next) {
    auto n = (*store)->count_diary_entries(next->id);
    ASSERT_OK(n);
    EXPECT_EQ(*n, 1);
    EXPECT_TRUE((*store)->certificate(hub, next->id).has_value());
  }
  EXPECT_ERROR((*store)->account_by_name("w" + std::to_string(acked + 2)), NotFound);
  auto from = (*store)->certificates_from(hub);
  ASSERT_OK(from);
  auto accounts = (*store)->count_accounts();
  ASSERT_OK(accounts);
  EXPECT_EQ(static_cast<std::int64_t>(from->size()), *accounts - 1);  // no account without its certificate
  if (GetParam() == "sqlite") {
    store->reset();
    auto parsed = parse_database_url(url_);
    ASSERT_OK(parsed);
    EXPECT_TRUE(sqlite::integrity_check(parsed->target).has_value());
  }
}

INSTANTIATE_TEST_SUITE_P(Backends, CrashTest, ::testing::ValuesIn(backends()), backend_name);

// Writes 100 KiB diary entries for a new member until a write fails (at
// most `tries`): the failure must say the store is full, and the store
// keeps serving reads, every entry written before whole.
void write_until_full_then_read(Store& s, int tries) {
  NewAccount a;
  a.name = "writer";
  auto id = s.create_account(a);
  ASSERT_OK(id);
  const std::string body(100 * 1024, 'x');
  Status last = Ok{};
  int written = 0;
  for (int i = 0; i < tries && last; ++i) {
    auto e = s.add_diary_entry({*id, "", body, model::TextFormat::Html, i});
    if (e)
      ++written;
    else
      last = e.error();
  }
  ASSERT_FALSE(last.has_value()) << "no write failed in " << tries << " tries";
  EXPECT_EQ(last.error().kind(), ErrorKind::Io);
  EXPECT_NE(last.error().message().find("full"), std::string::npos) << last.error().message();
  auto n = s.count_diary_entries(*id);
  ASSERT_OK(n);
  EXPECT_EQ(*n, written);
  auto acc = s.account_by_name("writer");
  ASSERT_OK(acc);
  auto entries = s.diary_entries(*id, {0, static_cast<std::size_t>(tries)});
  ASSERT_OK(entries);
  EXPECT_EQ(static_cast<int>(entries->size()), written);
  for (const auto& e : *entries) EXPECT_EQ(e.body.size(), body.size());
}

TEST(StoreErrors, AFullDatabaseGivesAClearErrorAndReadsGoOn) {
  TempDir dir;
  std::string url = "sqlite:" + (dir.path() / "small.db").string();
  {
    auto s = open_store(url);  // create and migrate without a cap
    ASSERT_OK(s);
  }
  OpenOptions capped;
  capped.max_bytes = 512 * 1024;
  auto s = open_store(url, capped);
  ASSERT_OK(s);
  write_until_full_then_read(**s, 20);
}

// The same with a real full file system: a 2 MB tmpfs. Mounting needs root
// (CAP_SYS_ADMIN); elsewhere the test says why it is skipped.
TEST(StoreErrors, ARealFullDiskGivesAClearErrorAndReadsGoOn) {
  TempDir dir;
  std::string mnt = (dir.path() / "small").string();
  std::filesystem::create_directory(mnt);
  if (geteuid() != 0 || mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=2m") != 0)
    GTEST_SKIP() << "cannot mount a small tmpfs here (needs root)";
  struct Unmount {
    std::string path;
    ~Unmount() { umount2(path.c_str(), MNT_DETACH); }
  } unmount{mnt};
  auto s = open_store("sqlite:" + mnt + "/site.db");
  ASSERT_OK(s);
  write_until_full_then_read(**s, 100);
  s->reset();
}

TEST_P(StoreTest, AReadOnlyStoreRefusesWritesClearlyAndServesReads) {
  make_account("reader");
  OpenOptions ro;
  ro.access = Access::ReadOnly;
  auto s = open_store(url_, ro);
  ASSERT_OK(s);
  auto a = (*s)->account_by_name("reader");
  ASSERT_OK(a);
  NewAccount b;
  b.name = "writer";
  auto w = (*s)->create_account(b);
  ASSERT_FALSE(w.has_value());
  EXPECT_EQ(w.error().kind(), ErrorKind::Io);
  EXPECT_NE(w.error().message().find("read-only"), std::string::npos) << w.error().message();
  EXPECT_TRUE((*s)->account_by_name("reader").has_value());
}

TEST(StoreBackup, CopiesASqliteDatabaseWhileItIsWritten) {
  TempDir dir;
  std::string url = "sqlite:" + (dir.path() / "live.db").string();
  auto s = open_store(url);
  ASSERT_OK(s);
  ASSERT_OK((*s)->transaction([](Store& tx) -> Status {
    for (int i = 0; i < 3000; ++i) {
      NewAccount a;
      a.name = "before" + std::to_string(i);
      a.profile.notes = std::string(200, 'n');
      auto id = tx.create_account(a);
      if (!id) return id.error();
    }
    return Ok{};
  }));
  std::atomic<bool> stop{false};
  std::atomic<int> during{0};
  std::thread writer([&] {
    for (int i = 0; !stop; ++i) {
      NewAccount a;
      a.name = "during" + std::to_string(i);
      if ((*s)->create_account(a)) ++during;
    }
  });
  std::string out = (dir.path() / "copy.db").string();
  Status st = backup_sqlite(url, out);
  stop = true;
  writer.join();
  ASSERT_OK(st);
  EXPECT_TRUE(sqlite::integrity_check(out).has_value());
  auto copy = open_store("sqlite:" + out);
  ASSERT_OK(copy);
  auto n = (*copy)->count_accounts();
  ASSERT_OK(n);
  EXPECT_GE(*n, 3000);
  EXPECT_TRUE((*copy)->account_by_name("before2999").has_value());
  EXPECT_ERROR(backup_sqlite("postgresql://x@127.0.0.1:1/db", (dir.path() / "other.db").string()), InvalidInput);
  // An existing file, such as the copy just made or the live database
  // itself, is never overwritten.
  auto before = (*copy)->count_accounts();
  ASSERT_OK(before);
  EXPECT_ERROR(backup_sqlite(url, out), InvalidInput);
  auto live_before = (*s)->count_accounts();
  ASSERT_OK(live_before);
  EXPECT_ERROR(backup_sqlite(url, (dir.path() / "live.db").string()), InvalidInput);
  EXPECT_EQ(*(*copy)->count_accounts(), *before);
  EXPECT_EQ(*(*s)->count_accounts(), *live_before);
  EXPECT_TRUE(sqlite::integrity_check((dir.path() / "live.db").string()).has_value());
  // The copy holds password hashes: its owner alone may read it.
  const auto perms = std::filesystem::status(out).permissions();
  EXPECT_EQ(perms & (std::filesystem::perms::group_all | std::filesystem::perms::others_all),
            std::filesystem::perms::none);
  // A copy that fails leaves no file behind to block the next try.
  const std::string failed = (dir.path() / "failed.db").string();
  EXPECT_FALSE(backup_sqlite("sqlite:" + (dir.path() / "missing.db").string(), failed));
  EXPECT_FALSE(std::filesystem::exists(failed));
  ASSERT_OK(backup_sqlite(url, failed));
}

}  // namespace
}  // namespace journeyer::storage::testing
