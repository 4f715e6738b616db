#include "feeds/aggregator.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <unordered_map>
#include <unordered_set>

#include "html/sanitize.h"
#include "model/content.h"

namespace journeyer::feeds {

model::UnixTime next_fetch_after(model::UnixTime now, int failures, const AggregatorConfig& config) {
  std::int64_t wait = config.interval.count();
  for (int i = 0; i < failures && wait < config.max_backoff.count(); ++i) wait *= 2;
  return now + std::min<std::int64_t>(wait, std::max(config.max_backoff.count(), config.interval.count()));
}

Aggregator::Aggregator(storage::Store& store, html::Policy diary_policy, AggregatorConfig config,
                       std::function<model::UnixTime()> now)
    : store_(store), policy_(std::move(diary_policy)), config_(std::move(config)), now_(std::move(now)) {}

Result<CycleReport> Aggregator::run_cycle(const std::function<void(const CycleReport&)>& progress,
                                          const std::atomic<bool>* stop) {
  const model::UnixTime cycle_start = now_();
  CycleReport report;
  auto due = store_.count_due_feeds(cycle_start);
  if (!due) return due.error();
  report.due = static_cast<std::size_t>(*due);

  // Memory stays proportional to the feeds in flight: due feeds are read a
  // batch at a time, and a feed leaves the due set once its fetch is
  // recorded. Only feeds whose record failed are remembered, so that they
  // are not fetched again in this cycle. Results are written `write_batch`
  // at a time, in one transaction each: a commit costs an fsync.
  std::deque<model::Feed> queue;
  std::unordered_map<std::int64_t, model::Feed> in_flight;  // fetching, or fetched and not yet recorded
  std::unordered_set<std::int64_t> unrecordable;
  struct Pending {
    storage::FeedFetch fetch;
    FetchOutcome outcome;
  };
  std::vector<Pending> pending;
  std::optional<Error> store_error;
  bool exhausted = false;

  auto count = [&](const Pending& p, const std::vector<storage::UpsertOutcome>& outcomes, std::size_t& at) {
    for (std::size_t i = 0; i < p.fetch.posts.size(); ++i, ++at) {
      if (outcomes[at] == storage::UpsertOutcome::Created) ++report.new_posts;
      if (outcomes[at] == storage::UpsertOutcome::Updated) ++report.updated_posts;
    }
    if (p.outcome == FetchOutcome::Fetched) ++report.fetched;
    if (p.outcome == FetchOutcome::NotModified) ++report.not_modified;
    if (p.outcome == FetchOutcome::Failed) ++report.failed;
  };
  auto flush = [&] {
    if (pending.empty()) return;
    std::vector<storage::FeedFetch> batch;
    batch.reserve(pending.size());
    for (auto& p : pending) batch.push_back(p.fetch);
    if (auto outcomes = store_.record_fetches(batch)) {
      std::size_t at = 0;
      for (const auto& p : pending) count(p, *outcomes, at);
    } else {
      // One bad fetch must not sink the others: record them one by one.
      for (const auto& p : pending) {
        if (auto one = store_.record_fetches({p.fetch})) {
          std::size_t at = 0;
          count(p, *one, at);
        } else {
          ++report.store_errors;
          unrecordable.insert(p.fetch.feed.value);
          // Recorded as a failed fetch instead, if the store takes that: the
          // member sees why on their profile and the feed waits longer each
          // time, like a blog that fails, instead of being fetched again
          // every interval.
          model::FetchRecord failed;
          failed.fetched = p.fetch.record.fetched;
          failed.next_fetch = next_fetch_after(failed.fetched, in_flight.at(p.fetch.feed.value).failures + 1, config_);
          failed.error = "The blog's posts could not be stored: " + one.error().message();
          (void)store_.record_fetch(p.fetch.feed, failed);
        }
      }
    }
    for (const auto& p : pending) in_flight.erase(p.fetch.feed.value);
    pending.clear();
    if (progress) progress(report);
  };

  auto next = [&]() -> std::optional<FetchRequest> {
    while (queue.empty() && !exhausted) {
      // Fetched feeds leave the due set when they are recorded.
      if (!pending.empty()) flush();
      // Claimed: another process running the aggregator on the same
      // database leaves them alone until one interval from now.
      auto batch = store_.claim_due_feeds(cycle_start, config_.batch + in_flight.size() + unrecordable.size(),
                                          now_() + config_.interval.count());
      if (!batch) {
        store_error = batch.error();
        exhausted = true;
        break;
      }
      for (auto& f : *batch)
        if (!in_flight.count(f.id.value) && !unrecordable.count(f.id.value)) queue.push_back(std::move(f));
      if (queue.empty()) exhausted = true;
    }
    if (queue.empty()) return std::nullopt;
    model::Feed f = std::move(queue.front());
    queue.pop_front();
    FetchRequest r{f.id.value, f.url, f.etag, f.last_modified};
    in_flight.emplace(f.id.value, std::move(f));
    return r;
  };
  auto done = [&](FetchRequest&& request, FetchResponse&& response) {
    auto it = in_flight.find(request.key);
    if (it == in_flight.end()) return;
    const FetchOutcome answered = response.outcome;
    storage::FeedFetch fetch = prepare(it->second, request, std::move(response), now_(), report);
    // A feed that arrived but did not parse is a failure too.
    const FetchOutcome outcome = fetch.record.error.empty() ? answered : FetchOutcome::Failed;
    pending.push_back({std::move(fetch), outcome});
    if (pending.size() >= std::max<std::size_t>(1, config_.write_batch)) flush();
  };

  Fetcher fetcher(config_.fetch);
  fetcher.run(next, done, stop);
  flush();
  if (store_error) return *store_error;
  return report;
}

storage::FeedFetch Aggregator::prepare(const model::Feed& feed, const FetchRequest& request,
                                       FetchResponse&& response, model::UnixTime now, CycleReport& report) {
  storage::FeedFetch out;
  out.feed = feed.id;
  model::FetchRecord& record = out.record;
  record.fetched = now;
  record.next_fetch = next_fetch_after(now, 0, config_);
  record.etag = response.etag.empty() ? request.etag : response.etag;
  record.last_modified = response.last_modified.empty() ? request.last_modified : response.last_modified;

  auto fail = [&](std::string error) {
    record = model::FetchRecord{};
    record.fetched = now;
    record.next_fetch = next_fetch_after(now, feed.failures + 1, config_);
    record.error = std::move(error);
    return std::move(out);
  };

  if (response.outcome == FetchOutcome::Failed) return fail(std::move(response.error));
  if (response.outcome == FetchOutcome::NotModified) return out;
  auto parsed = parse_feed(response.body, response.final_url);
  response.body = std::string();  // the bytes are no longer needed
  if (!parsed) return fail(parsed.error().message());

  record.blog_title = parsed->title;
  report.refused_posts += parsed->skipped_posts;
  const std::string blog_title = parsed->title.empty() ? parsed->link : parsed->title;
  const std::string blog_url = parsed->link.empty() ? response.final_url : parsed->link;
  // Feeds list the newest first; storing the oldest first keeps the
  // diary's ids in the order the posts were written.
  for (auto p = parsed->posts.rbegin(); p != parsed->posts.rend(); ++p) {
    auto safe = html::sanitize(p->content, policy_, html::Links::NoFollow);
    if (!safe || safe->str().size() > model::kMaxDiaryBytes) {
      ++report.refused_posts;
      continue;
    }
    storage::SyndicatedPost post;
    post.author = feed.account;
    post.source = model::Syndication{p->guid, p->link, blog_title, blog_url};
    post.title = p->title;
    post.body = safe->str();
    // A post without a date is dated when first seen; one dated in the
    // future would otherwise stay on top of the recent log.
    post.published = p->published > 0 ? std::min(p->published, now) : now;
    post.updated = p->updated > 0 ? std::clamp(p->updated, post.published, now) : 0;
    out.posts.push_back(std::move(post));
  }
  return out;
}

// ---- The background service -----------------------------------------------------

AggregatorService::AggregatorService(Aggregator& aggregator, std::chrono::seconds check_every)
    : aggregator_(aggregator), check_every_(check_every) {}

AggregatorService::~AggregatorService() { stop(); }

void AggregatorService::start() {
  if (worker_.joinable()) return;
  stopping_ = false;
  worker_ = std::thread([this] { run(); });
}

void AggregatorService::stop() {
  {
    std::lock_guard lock(m_);
    stopping_ = true;
  }
  wake_.notify_all();
  if (worker_.joinable()) worker_.join();
}

void AggregatorService::poke() {
  {
    std::lock_guard lock(m_);
    poked_ = true;
  }
  wake_.notify_all();
}

std::size_t AggregatorService::cycles() const {
  std::lock_guard lock(m_);
  return cycles_;
}

std::string AggregatorService::last_error() const {
  std::lock_guard lock(m_);
  return last_error_;
}

void AggregatorService::run() {
  while (!stopping_) {
    auto report = aggregator_.run_cycle({}, &stopping_);
    std::unique_lock lock(m_);
    ++cycles_;
    last_error_ = report ? std::string() : report.error().message();
    wake_.wait_for(lock, check_every_, [this] { return stopping_.load() || poked_; });
    poked_ = false;
  }
}

}  // namespace journeyer::feeds
