// The real Advogato graph through the store: import it, read it back in
// bulk, and the trust metric gives the same figures as from the file.
#include <gtest/gtest.h>

#include <unordered_map>

#include "storage/graph_io.h"
#include "storage/store_fixture.h"
#include "trust/metric.h"
#include "trust/parse.h"
#include "util/io.h"

namespace journeyer::storage::testing {
namespace {

class RealGraphTest : public StoreTest {};

TEST_P(RealGraphTest, TrustFiguresFromTheStoreEqualThoseFromTheFile) {
  trust::TrustConfig config;
  auto text = read_input(std::string(JOURNEYER_TEST_DATA) + "/advogato-graph-latest.dot.gz");
  ASSERT_OK(text);
  auto file_graph = trust::parse_graph(*text, config.levels, "advogato-graph-latest.dot.gz");
  ASSERT_OK(file_graph);
  trust::StandingGraph from_file = trust::standing_graph(*file_graph);
  auto want = trust::compute(from_file, config);
  ASSERT_OK(want);

  auto sum = store_->import_graph(graph_import_from(*file_graph, 1000));
  ASSERT_OK(sum);
  EXPECT_EQ(sum->accounts_created + sum->aliases_created, 14008u);
  EXPECT_EQ(sum->aliases_created, 1847u);
  store_.reset();

  auto from_store = load_standing_graph(url_);
  ASSERT_OK(from_store);
  EXPECT_EQ(from_store->account_count(), 14008u);
  EXPECT_EQ(from_store->certificate_count(), from_file.certificate_count());
  auto got = trust::compute(*from_store, config);
  ASSERT_OK(got);
  EXPECT_EQ(got->accepted, want->accepted);
  EXPECT_EQ(got->accepted[1], 601u);
  EXPECT_EQ(got->accepted[2], 601u);
  EXPECT_EQ(got->accepted[3], 601u);
  EXPECT_EQ(got->certificates, want->certificates);
  // Every name has the same level either way.
  std::unordered_map<std::string, trust::LevelIndex> by_name;
  for (std::size_t a = 0; a < from_file.account_count(); ++a) by_name[from_file.names[a]] = want->level[a];
  std::size_t differ = 0;
  for (std::size_t a = 0; a < from_store->account_count(); ++a)
    if (by_name.at(from_store->names[a]) != got->level[a]) ++differ;
  EXPECT_EQ(differ, 0u);

  // As a history (for trust attack) it stands for the same graph.
  auto as_history = load_cert_graph(url_);
  ASSERT_OK(as_history);
  trust::StandingGraph again_standing = trust::standing_graph(*as_history);
  EXPECT_EQ(again_standing.names, from_store->names);
  EXPECT_EQ(again_standing.out_begin, from_store->out_begin);
  EXPECT_EQ(again_standing.out_subject, from_store->out_subject);
  EXPECT_EQ(again_standing.out_level, from_store->out_level);

  // Importing again changes nothing.
  auto store = open_store(url_);
  ASSERT_OK(store);
  auto again = (*store)->import_graph(graph_import_from(*file_graph, 2000));
  ASSERT_OK(again);
  EXPECT_EQ(again->accounts_created, 0u);
  EXPECT_EQ(again->aliases_created, 0u);
  EXPECT_EQ(again->certificates_recorded, 0u);
}

INSTANTIATE_TEST_SUITE_P(Backends, RealGraphTest, ::testing::ValuesIn(backends()), backend_name);

}  // namespace
}  // namespace journeyer::storage::testing
