// SPDX-License-Identifier: BSL-1.0
// Generators of random but valid inputs for the property tests and the structured
// fuzzer: policies, opportunities, discount requests and pipelines.
//
// Every generator draws from an `entropy`, which is either seeded (splitmix64: the
// doctest cases, reproducible from the seed and the case number) or fed from a
// fuzzer's bytes (like LLVM's FuzzedDataProvider: a draw takes as few bytes as its
// range needs, and once the bytes run out every draw returns its minimum, so the
// generators fall back to the smallest, most default inputs). Generators build
// policies valid by construction; generated_policy() still validates and falls back
// to the defaults, so a generator bug shows as a count in the tests, not a crash.
#ifndef SALESRULES_TESTS_PROPERTIES_GENERATORS_HPP
#define SALESRULES_TESTS_PROPERTIES_GENERATORS_HPP

#include <salesrules/discount.hpp>
#include <salesrules/fiscal_calendar.hpp>
#include <salesrules/gate.hpp>
#include <salesrules/money.hpp>
#include <salesrules/opportunity.hpp>
#include <salesrules/policy.hpp>
#include <salesrules/scorecard.hpp>
#include <salesrules/stage.hpp>

#include <algorithm>
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <limits>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

namespace salesrules::props {

// A source of draws: seeded, or a fuzzer's bytes.
class entropy {
 public:
  [[nodiscard]] static entropy seeded(std::uint64_t seed) noexcept {
    entropy e;
    e.state_ = seed;
    return e;
  }
  [[nodiscard]] static entropy from_bytes(const std::uint8_t* data, std::size_t size) noexcept {
    entropy e;
    e.bytes_ = std::span<const std::uint8_t>(data, size);
    e.from_bytes_ = true;
    return e;
  }

  // A number in [0, n); 0 when n is 0 or the bytes have run out.
  [[nodiscard]] std::uint64_t below(std::uint64_t n) noexcept {
    if (n <= 1) return 0;
    return raw(n - 1) % n;
  }
  // A number in [lo, hi]; lo when the bytes have run out.
  [[nodiscard]] std::int64_t between(std::int64_t lo, std::int64_t hi) noexcept {
    if (hi <= lo) return lo;
    const auto span = static_cast<std::uint64_t>(hi) - static_cast<std::uint64_t>(lo);
    const std::uint64_t off = span == std::numeric_limits<std::uint64_t>::max() ? raw(span) : raw(span) % (span + 1);
    return static_cast<std::int64_t>(static_cast<std::uint64_t>(lo) + off);
  }
  [[nodiscard]] int between_int(int lo, int hi) noexcept { return static_cast<int>(between(lo, hi)); }
  // True with `percent_true` chance; false when the bytes have run out (unless 100).
  [[nodiscard]] bool coin(unsigned percent_true = 50) noexcept {
    return below(100) + percent_true >= 100;
  }
  template <class T>
  [[nodiscard]] const T& pick(std::span<const T> from) noexcept {
    return from[below(from.size())];
  }
  template <class T>
  [[nodiscard]] const T& pick(const std::vector<T>& from) noexcept {
    return from[below(from.size())];
  }
  [[nodiscard]] bool exhausted() const noexcept { return from_bytes_ && bytes_.empty(); }

 private:
  entropy() noexcept = default;
  // Enough random bits to cover `max`.
  std::uint64_t raw(std::uint64_t max) noexcept {
    if (!from_bytes_) {
      // splitmix64
      std::uint64_t z = (state_ += 0x9e3779b97f4a7c15ULL);
      z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
      z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
      return z ^ (z >> 31);
    }
    std::uint64_t v = 0;
    for (unsigned shift = 0; shift < 64 && (max >> shift) != 0 && !bytes_.empty(); shift += 8) {
      v = (v << 8) | bytes_.front();
      bytes_ = bytes_.subspan(1);
    }
    return v;
  }

  std::uint64_t state_ = 0;
  std::span<const std::uint8_t> bytes_;
  bool from_bytes_ = false;
};

// ---------------------------------------------------------------------------
// Small values

inline constexpr std::array<currency, 6> currencies{currency{"USD"}, currency{"EUR"}, currency{"GBP"},
                                                    currency{"JPY"}, currency{"KWD"}, currency{"CHF"}};

// Names a host might type, with the characters JSON must escape and some non-ASCII.
inline const std::vector<std::string>& name_pool() {
  static const std::vector<std::string> pool{"Dana Reyes", "Lee",       "Zürich desk", "東京",   "O'Brien",
                                             "a \"quoted\" name", "back\\slash", "tab\there", "Enterprise",
                                             "Mid-Market", "SMB",     "Ünïcødé"};
  return pool;
}

[[nodiscard]] inline date gen_date(entropy& e) noexcept {
  using namespace std::chrono;
  return add_days(date(year{2026}, January, day{1}), static_cast<std::int32_t>(e.between(-400, 400)));
}

[[nodiscard]] inline percent gen_percent_0_100(entropy& e) noexcept {
  // Whole percents most of the time, any basis point otherwise.
  return e.coin(70) ? percent::from_whole(e.between_int(0, 100)) : percent::from_basis_points(e.between(0, 10'000));
}

[[nodiscard]] inline probability gen_probability(entropy& e, int lo = 0, int hi = 100) noexcept {
  return *probability::from_percent(e.between_int(lo, hi));
}

[[nodiscard]] inline rating gen_rating(entropy& e) noexcept {
  const int v = e.between_int(0, 5);
  return v == 0 ? rating::not_rated() : *rating::from_int(v);
}

[[nodiscard]] inline qualification_ratings gen_ratings(entropy& e) noexcept {
  return {gen_rating(e), gen_rating(e), gen_rating(e), gen_rating(e), gen_rating(e), gen_rating(e)};
}

// How large generated amounts may be.
enum class amounts : std::uint8_t {
  ordinary,  // 0 to 10^12 minor units, many small (where rounding shows)
  credits,   // ordinary, some negative
  huge,      // ordinary, and some near INT64_MAX minor units
};

[[nodiscard]] inline std::int64_t gen_minor(entropy& e, amounts kind) noexcept {
  std::int64_t v = 0;
  switch (e.below(4)) {
    case 0: v = e.between(0, 300); break;
    case 1: v = e.between(0, 10'000'000); break;
    case 2: v = e.between(0, 1'000'000'000'000); break;
    default: v = e.between(0, 5'000) * 100; break;
  }
  if (kind == amounts::huge && e.coin(30))
    v = std::numeric_limits<std::int64_t>::max() - e.between(0, e.coin() ? 1000 : std::numeric_limits<std::int64_t>::max() / 4);
  if (kind == amounts::credits && e.coin(15)) v = -v;
  return v;
}

// ---------------------------------------------------------------------------
// Policies

[[nodiscard]] inline scorecard_policy gen_scorecard_policy(entropy& e) noexcept {
  scorecard_policy p;
  if (e.coin(70)) {
    p.strong_at = e.between_int(1, 30);
    p.viable_at = e.between_int(0, p.strong_at - 1);
  }
  if (e.coin(60)) {
    for (auto c : enum_set<scorecard_criterion>::all())
      detail::member_for(p.weights, c) = static_cast<unsigned>(e.coin(20) ? 0 : e.between(0, 1000));
    if (p.weights == scorecard_weights{0, 0, 0, 0, 0, 0}) p.weights.need = 1;
  }
  return p;
}

template <class E>
[[nodiscard]] enum_set<E> gen_enum_set(entropy& e) noexcept {
  enum_set<E> s;
  for (auto v : enum_set<E>::all())
    if (e.coin(30)) s.insert(v);
  return s;
}

// Some of the playbook's evidence names (the default discount_policy::evidence), each
// with 30% odds, now and then in other ASCII case (names match regardless).
[[nodiscard]] inline std::vector<std::string> gen_evidence(entropy& e) {
  std::vector<std::string> out;
  for (const std::string& name : discount_policy{}.evidence) {
    if (!e.coin(30)) continue;
    std::string n = name;
    if (e.coin(10)) n[0] = static_cast<char>(n[0] - 'a' + 'A');
    out.push_back(std::move(n));
  }
  return out;
}

// The seeds' approval matrix, or another with 1-6 levels, 1-8 bands and 0-6 rules.
// Rules on one threshold dimension mostly form a tier table (highest threshold
// first, levels rising with the threshold); one policy in five may break that, as
// validate() allows and analyze_matrix() reports.
[[nodiscard]] inline discount_policy gen_discount_policy(entropy& e, currency amount_currency = currency{"USD"}) {
  discount_policy p;
  if (!e.coin(80)) {
    // The defaults, amount rules in the given currency added.
    if (e.coin(40))
      p.rules.push_back({"large deal", deal_dimension::deal_amount, 0,
                         money(e.between(0, 100'000'000), amount_currency), e.between_int(0, 1), "", {"finance"},
                         {}});
    return p;
  }
  const int levels = e.between_int(1, 6);
  p.levels.clear();
  for (int i = 0; i < levels; ++i) p.levels.push_back("Level " + std::to_string(i));
  // Band edges: distinct cuts in (0, 10000) basis points, sorted.
  const int band_count = e.between_int(1, 8);
  std::vector<std::int64_t> cuts;
  for (int i = 1; i < band_count; ++i) cuts.push_back(e.coin(50) ? e.between(1, 99) * 100 : e.between(1, 9'999));
  std::sort(cuts.begin(), cuts.end());
  cuts.erase(std::unique(cuts.begin(), cuts.end()), cuts.end());
  cuts.push_back(10'000);
  p.bands.clear();
  std::int64_t from = 0;
  int level = 0;
  for (std::int64_t to : cuts) {
    level = std::min(levels - 1, level + e.between_int(0, 1) * e.between_int(0, 2));
    p.bands.push_back({percent::from_basis_points(from), percent::from_basis_points(to),
                       p.levels[static_cast<std::size_t>(level)], gen_evidence(e)});
    from = to;
  }
  p.rules.clear();
  const int rules = e.between_int(0, 6);
  // The last (smallest) threshold and its effect per threshold dimension, to keep tiers ordered.
  struct tier {
    std::int64_t at_least;
    int raise;
    int floor;
  };
  std::array<tier, 3> tiers;
  tiers.fill({std::numeric_limits<std::int64_t>::max(), levels - 1, levels - 1});
  const bool ordered_tiers = !e.coin(20);
  for (int i = 0; i < rules; ++i) {
    escalation_rule r;
    r.name = "rule " + std::to_string(i);
    r.when = static_cast<deal_dimension>(e.below(6));
    std::size_t t = 3;
    switch (r.when) {
      case deal_dimension::deal_amount:
        r.amount_at_least = money(e.coin(30) ? e.between(0, 1000) : e.between(0, 10'000'000'000), amount_currency);
        t = 0;
        break;
      case deal_dimension::term_months: r.at_least = e.between(0, 60); t = 1; break;
      case deal_dimension::payment_days: r.at_least = e.between(0, 120); t = 2; break;
      default: break;
    }
    r.raise_levels = e.between_int(0, levels - 1);
    if (e.coin(30)) r.at_least_level = p.levels[e.below(p.levels.size())];
    if (t < 3 && ordered_tiers) {
      // A rule that larger values reach first must not do less than the next live
      // tier below it (so that a larger value never needs a lower level).
      tier& prev = tiers[t];
      const std::int64_t at = t == 0 ? r.amount_at_least->minor_units() : r.at_least;
      if (at < prev.at_least) {
        r.raise_levels = std::min(r.raise_levels, prev.raise);
        int floor = 0;
        for (std::size_t k = 0; k < p.levels.size(); ++k)
          if (!r.at_least_level.empty() && p.levels[k] == r.at_least_level) floor = static_cast<int>(k);
        if (floor > prev.floor) {
          floor = prev.floor;
          r.at_least_level = p.levels[static_cast<std::size_t>(floor)];
        }
        prev = {at, r.raise_levels, floor};
      }
    }
    for (const char* name : {"finance", "legal"})
      if (e.between_int(0, 1) == 1) r.reviewers.emplace_back(name);
    r.evidence = gen_evidence(e);
    p.rules.push_back(std::move(r));
  }
  p.basis = e.coin() ? discount_basis::weighted : discount_basis::largest_line;
  return p;
}

// A criterion of any kind but a host predicate (which cannot go through JSON).
[[nodiscard]] inline criterion gen_criterion(entropy& e) {
  constexpr auto milestones = enum_set<milestone>::capacity;
  switch (e.below(13)) {
    case 0: return criteria::score_at_least{e.between_int(0, 30)};
    case 1: return criteria::tier_at_least{static_cast<qualification_tier>(e.below(3))};
    case 2: return criteria::meddpicc_complete{};
    case 3: return criteria::contacts_at_least{e.between_int(0, 6)};
    case 4: return criteria::economic_buyer_identified{};
    case 5: return criteria::champion_identified{};
    case 6: return criteria::icp_fit{};
    case 7: return criteria::bant_confirmed{};
    case 8: return criteria::loss_reason_recorded{};
    case 9: return criteria::days_in_stage_at_most{e.between_int(0, 120)};
    case 10: {  // a field condition on a built-in member: at least n contacts recorded, or SMB
      const auto n = std::to_string(e.between_int(0, 6));
      return criteria::field_condition{any_of({compare("contact_count", comparison::at_least, {n}),
                                               compare("segment", comparison::equal, {"SMB"})})};
    }
    case 11: {  // one to three milestones, any one of which will do
      criteria::any_milestone_reached any;
      const int n = e.between_int(1, 3);
      for (int i = 0; i < n; ++i) any.milestones.insert(static_cast<milestone>(e.below(milestones)));
      return any;
    }
    default: return criteria::milestone_reached{static_cast<milestone>(e.below(milestones))};
  }
}

[[nodiscard]] inline std::vector<criterion> gen_criteria(entropy& e, int most) {
  std::vector<criterion> out;
  const int n = e.between_int(0, most);
  for (int i = 0; i < n; ++i) out.push_back(gen_criterion(e));
  return out;
}

// A whole policy: the defaults, with sections perturbed. Valid by construction.
[[nodiscard]] inline policy gen_policy(entropy& e) {
  policy p;
  if (e.coin(30)) {
    p.calendar.first_month = std::chrono::month{static_cast<unsigned>(e.between(1, 12))};
    p.calendar.naming = e.coin() ? fiscal_year_naming::ending_year : fiscal_year_naming::starting_year;
  }
  p.scorecard = gen_scorecard_policy(e);
  if (e.coin(20)) {
    p.icp.segments = {"Enterprise", "Mid-Market"};
    if (e.coin()) p.icp.industries = {e.pick(name_pool())};
    if (e.coin()) {
      p.icp.min_employees = e.between(0, 500);
      p.icp.max_employees = *p.icp.min_employees + e.between(0, 5000);
    }
    if (e.coin()) p.icp.min_revenue = money(e.between(0, 1'000'000'000), currency{"USD"});
  }
  if (e.coin(30)) p.meddpicc.framework = qualification_framework::meddpicc;

  // The process: the seeds' stages, some renamed, re-probabilized, re-gated.
  sales_process& proc = p.process;
  const bool rename = e.coin(15);
  if (rename)
    for (auto& s : proc.stages) s.name = "S-" + s.name;
  if (e.coin(50)) {
    int floor = 0;
    for (auto& s : proc.stages)
      if (s.kind == stage_kind::open) {
        s.probability = gen_probability(e, floor, 100);
        floor = s.probability.whole_percent();
      }
  }
  if (e.coin(50))
    for (auto& s : proc.stages) {
      if (e.coin(40)) s.entry = gen_criteria(e, 3);
      if (e.coin(40)) s.exit = gen_criteria(e, 3);
      if (s.kind == stage_kind::lost) s.entry.push_back(criteria::loss_reason_recorded{});
    }
  if (e.coin(20))
    proc.stages.push_back(
        {rename ? "S-Disqualified" : "Disqualified", probability{0}, stage_kind::lost, {criteria::loss_reason_recorded{}}, {}});
  proc.allow_backward = !e.coin(20);
  proc.allow_skipping = e.coin(20);
  proc.allow_reopen = e.coin(20);
  const std::string discovery = rename ? "S-Discovery" : "Discovery";
  if (e.coin(20)) proc.meddpicc_at_every_gate_after = discovery;
  if (e.coin(20)) proc.roi_before_leaving = rename ? "S-Proposal" : "Proposal";
  p.hygiene.qualified_after = discovery;
  p.win_loss.cycle_from_stage = discovery;
  p.win_loss.needs_assessment_stage = discovery;

  if (e.coin(30)) {
    const int pipe = e.between_int(0, 97);
    const int best = e.between_int(pipe + 1, 98);
    const int commit = e.between_int(best + 1, 100);
    p.forecast.bands = {*probability::from_percent(commit), *probability::from_percent(best),
                        *probability::from_percent(pipe)};
  }
  if (e.coin(20)) {
    for (const auto& s : proc.stages)
      if (s.kind == stage_kind::open) {
        // Any category an open deal can have; Omitted included.
        static constexpr std::array<forecast_category, 5> open_categories{
            forecast_category::upside, forecast_category::pipeline, forecast_category::best_case,
            forecast_category::commit, forecast_category::omitted};
        p.forecast.stage_categories.push_back({s.name, open_categories[e.below(5)]});
      }
  }
  if (e.coin(20)) p.forecast.accuracy_target = gen_percent_0_100(e);
  // Mostly coarse range forecasts: the default 100,000 steps cost a convolution of that
  // size per deal, which would dominate the run time without testing anything more.
  if (!e.coin(10)) p.forecast.range_buckets = static_cast<std::uint32_t>(e.coin(80) ? e.between(100, 1000) : e.between(100, 200'000));
  if (e.coin(10)) p.forecast.calibration_min_deals = static_cast<std::uint32_t>(e.between(1, 100));

  // Exchange: rates for every currency but the reporting one.
  if (e.coin(20)) p.exchange.reporting = currencies[e.below(currencies.size())];
  for (currency c : currencies)
    if (c != p.exchange.reporting && e.coin(85))
      p.exchange.rates.push_back(
          {c, exchange_rate::from_billionths(e.coin(30) ? e.between(1, 10) * 100'000'000 : e.between(1'000'000, 5'000'000'000))});

  if (e.coin(20)) {
    p.coverage.mid.low = percent::from_basis_points(e.between(1, 100'000));
    p.coverage.mid.high = e.coin() ? std::optional<percent>() : percent::from_basis_points(p.coverage.mid.low.basis_points() + e.between(0, 1000));
  }
  if (e.coin(20)) {
    p.hygiene.stale_after_days = e.between_int(1, 90);
    p.hygiene.min_contacts = e.between_int(1, 6);
    if (e.coin()) p.hygiene.stale_after_by_stage = {{proc.stages.front().name, e.between_int(1, 60)}};
  }
  if (e.coin(20)) {
    p.win_loss.win_rate_target = gen_percent_0_100(e);
    p.win_loss.cycle_targets.push_back({e.coin() ? "SMB" : "東京", e.between_int(1, 365)});
  }
  if (e.coin(20)) {
    p.diagnosis.max_won_discount = gen_percent_0_100(e);
    p.diagnosis.min_deals = static_cast<std::uint32_t>(e.between(0, 50));
    p.diagnosis.competitor_loss_reasons.push_back(e.pick(name_pool()));
  }
  if (e.coin(10)) p.trades.report_unmatched_above = gen_percent_0_100(e);
  // Amount rules in the reporting currency, so that a reporting-currency request can meet them.
  p.discount = gen_discount_policy(e, p.exchange.reporting);
  return p;
}

// gen_policy(), validated; the defaults when validation refuses it (counted in `refused`).
[[nodiscard]] inline validated_policy generated_policy(entropy& e, std::size_t* refused = nullptr) {
  auto v = validate(gen_policy(e));
  if (v) return *v;
  if (refused) ++*refused;
  return *validate(policy{});
}

// ---------------------------------------------------------------------------
// Deals and requests

struct pipeline_shape {
  amounts amount_kind = amounts::ordinary;
  bool one_currency = false;  // every amount in the reporting currency
  std::size_t most_deals = 30;
};

// An opportunity in a stage of `p`, its outcome agreeing with the stage.
[[nodiscard]] inline opportunity gen_opportunity(entropy& e, const validated_policy& p, const pipeline_shape& shape = {}) {
  opportunity o;
  const auto& stages = p.process()->stages;
  const stage& s = stages[e.below(stages.size())];
  o.id = "OPP-" + std::to_string(e.below(100'000));
  o.stage = s.name;
  o.outcome = s.kind == stage_kind::open  ? deal_outcome::open
              : s.kind == stage_kind::won ? deal_outcome::won
              : e.coin(20)                ? deal_outcome::disqualified
                                          : deal_outcome::lost;
  currency c = p.exchange()->reporting;
  if (!shape.one_currency && e.coin(40)) {
    const auto& rates = p.exchange()->rates;
    if (!rates.empty()) c = rates[e.below(rates.size())].from;
  }
  o.amount = money(gen_minor(e, shape.amount_kind), c);
  if (e.coin(20)) o.probability_override = gen_probability(e);
  if (o.outcome == deal_outcome::open && e.coin(10)) {
    static constexpr std::array<forecast_category, 5> open_categories{
        forecast_category::upside, forecast_category::pipeline, forecast_category::best_case,
        forecast_category::commit, forecast_category::omitted};
    o.forecast_override = forecast_override{open_categories[e.below(5)], "rep's call"};
  }
  o.created_date = gen_date(e);
  o.close_date = add_days(o.created_date, static_cast<std::int32_t>(e.between(0, 200)));
  if (o.outcome != deal_outcome::open && e.coin(80)) o.closed_date = o.close_date;
  if (e.coin(70)) o.last_activity_date = add_days(o.created_date, static_cast<std::int32_t>(e.between(0, 60)));
  static const std::vector<std::string> owners{"Dana Reyes", "Lee", "", "東京", "Ana"};
  static const std::vector<std::string> segments{"Enterprise", "Mid-Market", "SMB", "", "mid-market"};
  o.owner = e.pick(owners);
  o.segment = e.pick(segments);
  o.account = e.pick(name_pool());
  o.contact_count = static_cast<std::uint32_t>(e.between(0, 6));
  o.ratings = gen_ratings(e);
  o.bant = {e.coin(70), e.coin(70), e.coin(70), e.coin(70)};
  auto field = [&](const char* text) { return e.coin(75) ? std::string(text) : e.coin() ? std::string() : std::string("  "); };
  o.meddpicc = {field("cut costs 20%"), field("CFO"), field("SSO"), field("security, then legal"), field("manual work"),
                field("VP Eng"), field("standard MSA"), field("Rival Inc")};
  for (auto m : enum_set<milestone>::all())
    if (e.coin(50)) o.milestones.reach(m, e.coin() ? std::optional<date>(o.created_date) : std::nullopt);
  if (o.outcome == deal_outcome::lost || o.outcome == deal_outcome::disqualified || e.coin(10))
    o.loss_reason = e.coin(80) ? std::string("Lost to competitor") : std::string();
  if (e.coin(30)) o.competitors = {"Rival Inc"};
  o.requested_discount = percent::from_basis_points(e.between(0, 5000));
  if (e.coin(30)) {
    o.profile.industry = e.pick(name_pool());
    o.profile.employees = e.between(0, 10'000);
  }
  // A history through the open stages up to the deal's (and its closing stage).
  const std::size_t at = static_cast<std::size_t>(&s - stages.data());
  date day = o.created_date;
  for (std::size_t k = 0; k < stages.size() && e.coin(60); ++k) {
    if (stages[k].kind != stage_kind::open && k != at) continue;
    if (k > at && stages[at].kind == stage_kind::open) break;
    o.stage_history.push_back({stages[k].name, day});
    day = add_days(day, static_cast<std::int32_t>(e.between(0, 20)));
    if (k == at) break;
  }
  return o;
}

// 0 to shape.most_deals deals.
[[nodiscard]] inline std::vector<opportunity> gen_pipeline(entropy& e, const validated_policy& p,
                                                           const pipeline_shape& shape = {}) {
  std::vector<opportunity> deals(e.below(shape.most_deals + 1));
  for (auto& o : deals) o = gen_opportunity(e, p, shape);
  return deals;
}

// A discount request the policy can judge: lines in `c`, or a discount stated directly.
[[nodiscard]] inline discount_request gen_discount_request(entropy& e, currency c) {
  discount_request r;
  if (e.coin(30)) {
    r.discount = percent::from_basis_points(e.between(0, 10'000));
  } else {
    const auto n = e.between(1, 4);
    for (std::int64_t i = 0; i < n; ++i) {
      const std::int64_t list = e.coin(10) ? std::numeric_limits<std::int64_t>::max() - e.between(0, 1000)
                                           : e.between(1, e.coin() ? 1000 : 10'000'000'000);
      const std::int64_t net = e.coin(20) ? list : e.between(0, list);
      r.lines.push_back({money(list, c), money(net, c)});
    }
  }
  if (e.coin(60)) r.deal_amount = money(e.between(0, 20'000'000'000), c);
  r.term_months = static_cast<std::int32_t>(e.between(0, 72));
  r.payment_days = static_cast<std::int32_t>(e.between(0, 150));
  r.nonstandard_terms = e.coin(30);
  r.phased_rollout = e.coin(30);
  r.evidence = gen_evidence(e);
  return r;
}

// A move to try: a target stage and the move's facts.
struct stage_move {
  std::string target;
  move_details details;
};

[[nodiscard]] inline stage_move gen_move(entropy& e, const validated_policy& p) {
  const auto& stages = p.process()->stages;
  const stage& to = stages[e.below(stages.size())];
  stage_move m{to.name, {}};
  if (to.kind == stage_kind::lost && e.coin(60)) {
    m.details.loss_reason = e.coin(80) ? "Budget cut" : " ";
    m.details.disqualified = e.coin(20);
  }
  return m;
}

}  // namespace salesrules::props

#endif  // SALESRULES_TESTS_PROPERTIES_GENERATORS_HPP
