// SPDX-License-Identifier: BSL-1.0
// salesrules/io/deal_desk_loop.hpp - one JSON Lines request to a deal desk, one answer.
//
// Part of salesrules::io (compiled; link salesrules::io). A deal desk reads discount
// requests a line at a time and answers each with one JSON object:
//
//   {"id": "Q-1", "request": {"discount": "22%", "deal_amount": "300000.00 USD"}}
//   -> {"id":"Q-1","level":"Director","chain":["Account Executive","Manager","Director"],
//       "reviewers":[],"missing":["strategic_justification","reciprocal_commitment"],
//       "rep_may_approve":false}
//
// `request` is a discount_request in its JSON form (io/json.hpp). `id` may be any JSON
// value and is echoed first, unchanged, whenever the line is an object that has one.
// A line that cannot be answered gets {"id": ..., "error": "..."} instead, the error
// saying what was wrong and where: not JSON (line 1 and the column), not an object
// with a request, a request field of the wrong form (its JSON pointer), or a request
// the policy cannot decide (decide_discount's error).
//
// Beyond one line: `desk` answers line after line with its memory kept, and
// run_desk() is the whole long-running loop (reading, reloading the policy file,
// writing) that `salesrules desk` and examples/deal_desk run.
#ifndef SALESRULES_IO_DEAL_DESK_LOOP_HPP
#define SALESRULES_IO_DEAL_DESK_LOOP_HPP

#include <salesrules/io/export.hpp>
#include <salesrules/policy.hpp>

#include <boost/json/object.hpp>

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

SALESRULES_IO_API_BEGIN
namespace salesrules::io {

// The answer to one request line under `policy`'s discount matrix: the decision
// (level, approval chain, reviewers, missing evidence, whether the rep may approve)
// or an error. Never fails otherwise; the host may add members (a policy version).
[[nodiscard]] boost::json::object answer_request(std::string_view line, const validated_policy& policy) noexcept;

// `answer` as one line of JSON text, without the line feed. Strings in it that are
// not valid UTF-8 are repaired (U+FFFD), so the line is always valid JSON.
[[nodiscard]] std::string answer_text(const boost::json::object& answer) noexcept;

// A desk's working memory: answers request lines one after another, each as
// answer_text(answer_request(line, policy)) writes it, but keeping its parser and
// buffers from one line to the next and writing the answer's text directly, so that
// a busy desk spends its time deciding rather than allocating.
class desk {
 public:
  desk();
  ~desk();
  desk(desk&&) noexcept;  // the desk moved from answers no more
  desk& operator=(desk&&) noexcept;

  // Appends to `out` the answer to one request line and a line feed. With a
  // `policy_version` above 0 the answer ends with "policy": that number, saying which
  // load of a reloaded policy decided it. True when the request was decided, false
  // when the answer is an error.
  bool answer(std::string_view line, const validated_policy& policy, std::string& out,
              std::uint64_t policy_version = 0) noexcept;

 private:
  struct state;
  std::unique_ptr<state> state_;
};

// A policy file, loaded again when it changes (its modification time or its size).
class policy_file {
 public:
  explicit policy_file(std::filesystem::path file) noexcept;

  // Looks at the file, and loads it when it changed since the last look: true when a
  // new policy is now in force, false when nothing changed, or the error of a look
  // or a load that failed (the last good policy stays in force).
  [[nodiscard]] expected<bool, error> refresh() noexcept;

  // The policy in force, or nullptr while none has loaded.
  [[nodiscard]] const validated_policy* policy() const noexcept { return policy_ ? &*policy_ : nullptr; }
  // How many times a policy has loaded: 1 for the first.
  [[nodiscard]] std::uint64_t version() const noexcept { return version_; }
  [[nodiscard]] const std::filesystem::path& file() const noexcept { return file_; }

 private:
  std::filesystem::path file_;
  std::filesystem::file_time_type stamp_{};
  std::uintmax_t size_ = 0;
  bool looked_ = false;
  std::optional<validated_policy> policy_;
  std::uint64_t version_ = 0;
};

// How run_desk() reads, reloads and reports.
struct desk_options {
  // The host's clock (the library reads none): the policy file is looked at before
  // the first request, then between two requests once at least `reload_every` has
  // passed on this clock since the last look; never during a request. Without a
  // clock it is looked at only before the first.
  std::function<std::chrono::steady_clock::time_point()> now;
  std::chrono::milliseconds reload_every{250};
  // Told of each policy that loads (its version), and of each new problem with the
  // file (once, not at every look while it lasts).
  std::function<void(std::uint64_t version)> on_load;
  std::function<void(const error&)> on_problem;
  // Whether each answer carries "policy": its version.
  bool tag_policy_version = true;
  // The longest request line read, in bytes: a longer one is answered with an error
  // and passed over up to its line feed, so that a caller that never ends a line
  // cannot make the desk hold it all.
  std::size_t max_line = std::size_t{1} << 20;
  // The callbacks are called from run_desk, which is noexcept: they must not throw.
};

// What a desk did: requests answered, and how many of the answers were errors.
struct desk_totals {
  std::uint64_t requests = 0;
  std::uint64_t errors = 0;
};

// A deal desk over POSIX file descriptors: reads JSON Lines requests from `in` until
// it ends and writes one answer line per request to `out` (desk::answer; blank lines
// are skipped, a last line without a line feed is answered, a line longer than
// max_line is an error answer). A write to a closed pipe fails with an error only
// where the host ignores SIGPIPE (the salesrules tool does); otherwise the signal ends
// the process. Output is written when
// the input runs dry (each read that returns what was waiting), not per line, so a
// file is answered in large writes and an interactive caller still gets each answer
// before the desk waits for more. Fails only when no policy ever loads, or reading or
// writing fails.
[[nodiscard]] expected<desk_totals, error> run_desk(int in, int out, policy_file& source,
                                                    const desk_options& options = {}) noexcept;

}  // namespace salesrules::io
SALESRULES_IO_API_END

#endif  // SALESRULES_IO_DEAL_DESK_LOOP_HPP
