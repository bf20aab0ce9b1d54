// SPDX-License-Identifier: BSL-1.0
// deal_desk: a long-running approval service. It reads discount requests as JSON
// Lines on stdin and writes one decision per request as JSON Lines on stdout:
//
//   {"id": "Q-1", "request": {"discount": "22%", "deal_amount": "300000.00 USD"}}
//   {"id":"Q-1","level":"Director","chain":[...],"reviewers":[],...,"policy":1}
//
// The policy file named on the command line is read again whenever it changes (its
// modification time or size), between two requests: no request is dropped or
// decided by half a policy. A policy that fails to load or validate is reported on
// stderr and the last good one stays in force. A bad request gets an error line
// and the loop goes on. The answer to each line is the library's
// (io/deal_desk_loop.hpp); this program adds the policy version and the reloading.
#include <salesrules/io/deal_desk_loop.hpp>
#include <salesrules/io/json.hpp>

#include <boost/json/object.hpp>

#include <filesystem>
#include <iostream>
#include <optional>
#include <string>

namespace sr = salesrules;
namespace fs = std::filesystem;

// The policy in force, and the file it came from.
class policy_source {
 public:
  explicit policy_source(fs::path file) : file_(std::move(file)) {}

  // Reload when the file changed since the last look. False only when no policy
  // has ever loaded.
  bool refresh() {
    std::error_code ec;
    const auto stamp = fs::last_write_time(file_, ec);
    const auto size = ec ? 0 : fs::file_size(file_, ec);
    if (ec) return report({sr::errc::missing, file_.string(), ec.message()});
    if (policy_ && stamp == stamp_ && size == size_) return true;
    stamp_ = stamp;
    size_ = size;
    auto loaded = sr::io::load_policy_file(file_);
    if (!loaded) return report(loaded.error());
    policy_ = std::move(*loaded);
    ++version_;
    std::cerr << "deal_desk: policy " << version_ << " loaded from " << file_.string() << '\n';
    return true;
  }
  [[nodiscard]] const sr::validated_policy& policy() const { return *policy_; }
  [[nodiscard]] int version() const { return version_; }

 private:
  // Says what went wrong, once for each new problem (a vanished file is not
  // reported again at every request).
  bool report(const sr::error& e) {
    const std::string text = sr::to_string(e);
    if (text != last_problem_) {
      if (policy_) std::cerr << "deal_desk: keeping policy " << version_ << ": " << text << '\n';
      else std::cerr << "deal_desk: no policy loaded: " << text << '\n';
      last_problem_ = text;
    }
    return policy_.has_value();
  }
  fs::path file_;
  fs::file_time_type stamp_{};
  std::uintmax_t size_ = 0;
  std::optional<sr::validated_policy> policy_;
  int version_ = 0;
  std::string last_problem_;
};

int main(int argc, char** argv) {
  if (argc != 2) {
    std::cerr << "usage: deal_desk POLICY.json < requests.jsonl\n";
    return 2;
  }
  policy_source source(argv[1]);
  if (!source.refresh()) return 2;
  std::string line;
  while (std::getline(std::cin, line)) {
    if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
    source.refresh();  // between requests, never during one
    boost::json::object out = sr::io::answer_request(line, source.policy());
    out["policy"] = source.version();
    std::cout << sr::io::answer_text(out) << std::endl;  // flushed: the caller waits on it
  }
}
