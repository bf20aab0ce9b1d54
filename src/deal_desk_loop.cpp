// SPDX-License-Identifier: BSL-1.0
// The per-line work of a deal desk: parse, decide, answer.
#include <salesrules/io/deal_desk_loop.hpp>

#include <salesrules/discount.hpp>
#include <salesrules/io/json.hpp>

#include "json_syntax.hpp"

#include <boost/describe/enum_to_string.hpp>
#include <boost/json/array.hpp>
#include <boost/json/monotonic_resource.hpp>
#include <boost/json/serializer.hpp>
#include <boost/json/value.hpp>

#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstddef>
#include <system_error>
#include <utility>
#include <vector>

namespace salesrules::io {

boost::json::object answer_request(std::string_view line, const validated_policy& policy) noexcept {
  boost::json::object out;
  auto parsed = parse_json(line);
  if (!parsed) {
    out["error"] = to_string(parsed.error());
    return out;
  }
  const boost::json::object* fields = parsed->if_object();
  if (fields != nullptr) {
    if (const boost::json::value* id = fields->if_contains("id")) out["id"] = *id;
  }
  const boost::json::value* request_json = fields != nullptr ? fields->if_contains("request") : nullptr;
  if (request_json == nullptr) {
    out["error"] = "expected {\"id\": ..., \"request\": {...}}";
    return out;
  }
  // Errors about the request are placed in the line: /request/...
  auto request = from_json<discount_request>(*request_json);
  if (!request) {
    out["error"] = to_string(salesrules::detail::within("/request", std::move(request.error())));
    return out;
  }
  const auto& discounts = policy.discount();
  auto decided = decide_discount(*request, discounts);
  if (!decided) {
    out["error"] = to_string(salesrules::detail::within("/request", std::move(decided.error())));
    return out;
  }
  boost::json::array chain;
  for (const auto& level : approval_chain(*decided, discounts)) chain.emplace_back(level);
  out["level"] = level_name(decided->level, discounts);
  out["chain"] = std::move(chain);
  out["reviewers"] = to_json(decided->reviewers, discounts);
  out["missing"] = to_json(decided->missing, discounts);
  out["rep_may_approve"] = decided->rep_may_approve;
  if (decided->refused) out["refused_by"] = discounts->approval_rules[decided->refused_by].name;
  return out;
}

std::string answer_text(const boost::json::object& answer) noexcept {
  return json_text(boost::json::value(answer), false);
}

}  // namespace salesrules::io

// ---------------------------------------------------------------------------
// desk: the same answers, with the parser and memory kept from line to line

namespace salesrules::io {

struct desk::state {
  json_syntax::reader reader;
  boost::json::serializer writer;
  // Each line's parsed value lives here and is released after its answer: a request
  // of a few hundred bytes never reaches the heap.
  alignas(std::max_align_t) unsigned char arena[16 * 1024];
  boost::json::monotonic_resource memory{arena, sizeof arena};
};

desk::desk() : state_(std::make_unique<state>()) {}
desk::~desk() = default;
desk::desk(desk&&) noexcept = default;
desk& desk::operator=(desk&&) noexcept = default;

namespace {

void append_number(std::string& out, std::uint64_t n) {
  char digits[24];
  const auto end = std::to_chars(digits, digits + sizeof digits, n).ptr;
  out.append(digits, end);
}

// An answer that is an error, as answer_request writes it: rare, so the plain way.
void append_error_answer(std::string_view line, const validated_policy& policy, std::string& out,
                         std::uint64_t version) {
  boost::json::object answer = answer_request(line, policy);
  if (version > 0) answer["policy"] = version;
  out += answer_text(answer);
  out += '\n';
}

}  // namespace

bool desk::answer(std::string_view line, const validated_policy& policy, std::string& out,
                  std::uint64_t policy_version) noexcept {
  state& s = *state_;
  bool decided = false;
  {
    auto parsed = s.reader.parse(line, boost::json::storage_ptr(&s.memory));
    const boost::json::object* fields = parsed ? parsed->if_object() : nullptr;
    const boost::json::value* request_json = fields != nullptr ? fields->if_contains("request") : nullptr;
    auto request = request_json != nullptr ? from_json<discount_request>(*request_json)
                                           : expected<discount_request, error>(unexpected<error>(error{}));
    const auto& discounts = policy.discount();
    const auto decision =
        request ? decide_discount(*request, discounts) : expected<discount_decision, error>(unexpected<error>(error{}));
    if (decision) {
      decided = true;
      out += '{';
      if (const boost::json::value* id = fields->if_contains("id")) {
        out += "\"id\":";
        json_syntax::append_value(out, *id, s.writer);
        out += ',';
      }
      out += "\"level\":";
      json_syntax::append_string(out, level_name(decision->level, discounts), s.writer);
      out += ",\"chain\":[";
      bool first = true;
      for (const auto& level : approval_chain(*decision, discounts)) {
        if (!first) out += ',';
        first = false;
        json_syntax::append_string(out, level, s.writer);
      }
      // The policy's names, escaped (they are the policy file's own text).
      auto names = [&](const auto& set, auto name_for) {
        bool first_name = true;
        for (const auto item : set) {
          if (!first_name) out += ',';
          first_name = false;
          json_syntax::append_string(out, name_for(item, discounts), s.writer);
        }
      };
      out += "],\"reviewers\":[";
      names(decision->reviewers, [](reviewer_index r, const auto& p) { return reviewer_name(r, p); });
      out += "],\"missing\":[";
      names(decision->missing, [](evidence_index e, const auto& p) { return evidence_name(e, p); });
      out += "],\"rep_may_approve\":";
      out += decision->rep_may_approve ? "true" : "false";
      if (decision->refused) {
        out += ",\"refused_by\":";
        json_syntax::append_string(out, discounts->approval_rules[decision->refused_by].name, s.writer);
      }
      if (policy_version > 0) {
        out += ",\"policy\":";
        append_number(out, policy_version);
      }
      out += "}\n";
    }
  }
  s.memory.release();
  if (!decided) append_error_answer(line, policy, out, policy_version);
  return decided;
}

// ---------------------------------------------------------------------------
// policy_file

policy_file::policy_file(std::filesystem::path file) noexcept : file_(std::move(file)) {}

expected<bool, error> policy_file::refresh() noexcept {
  std::error_code ec;
  const auto stamp = std::filesystem::last_write_time(file_, ec);
  const auto size = ec ? 0 : std::filesystem::file_size(file_, ec);
  if (ec) return unexpected<error>(error{errc::missing, "", "cannot read the policy file " + file_.string() + ": " + ec.message()});
  if (looked_ && stamp == stamp_ && size == size_) return false;
  // Whatever the load's outcome, this version of the file has been looked at: a bad
  // file is reported once, not at every look, until it changes again.
  looked_ = true;
  stamp_ = stamp;
  size_ = size;
  auto loaded = load_policy_file(file_);
  if (!loaded) return unexpected<error>(std::move(loaded.error()));
  policy_ = std::move(*loaded);
  ++version_;
  return true;
}

// ---------------------------------------------------------------------------
// run_desk

namespace {

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

expected<void, error> write_all(int fd, std::string& text) {
  std::size_t done = 0;
  while (done < text.size()) {
    const ssize_t n = ::write(fd, text.data() + done, text.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected<error>(
          error{errc::missing, "", "cannot write the answers: " + std::system_category().message(errno)});
    }
    done += static_cast<std::size_t>(n);
  }
  text.clear();
  return {};
}

}  // namespace

expected<desk_totals, error> run_desk(int in, int out, policy_file& source, const desk_options& options) noexcept {
  desk answering;
  desk_totals totals;
  std::optional<error> problem;  // the last one told, so that it is told once
  auto look = [&]() {
    auto changed = source.refresh();
    if (!changed) {
      if (!problem || to_string(*problem) != to_string(changed.error())) {
        problem = changed.error();
        if (options.on_problem) options.on_problem(*problem);
      }
    } else {
      problem.reset();  // the file was read again: a problem that comes back is new
      if (*changed && options.on_load) options.on_load(source.version());
    }
  };
  look();
  if (source.policy() == nullptr)
    return unexpected<error>(problem ? *problem : error{errc::missing, "", "no policy loaded from " + source.file().string()});
  auto last_look = options.now ? options.now() : std::chrono::steady_clock::time_point{};

  std::string answers, pending;  // pending: the start of a line that a read cut
  answers.reserve(std::size_t{128} * 1024);
  std::vector<char> buffer(std::size_t{64} * 1024);
  auto respond = [&](std::string_view line) {
    if (blank(line)) return;
    const std::uint64_t version = options.tag_policy_version ? source.version() : 0;
    ++totals.requests;
    if (!answering.answer(line, *source.policy(), answers, version)) ++totals.errors;
  };
  // A line past max_line is answered with an error once its limit is passed, and the
  // rest of it, up to its line feed, is passed over unread.
  bool passing_over = false;
  auto take = [&](std::string_view piece, bool line_ends) {
    if (passing_over) {
      passing_over = !line_ends;
      return;
    }
    if (pending.size() + piece.size() > options.max_line) {
      ++totals.requests;
      ++totals.errors;
      answers += "{\"error\":\"line longer than ";
      answers += std::to_string(options.max_line);
      answers += " bytes, the most a request may take: not read\"";
      if (options.tag_policy_version) answers += ",\"policy\":" + std::to_string(source.version());
      answers += "}\n";
      pending.clear();
      passing_over = !line_ends;
    } else if (!line_ends) {
      pending.append(piece);
    } else if (pending.empty()) {
      respond(piece);
    } else {
      pending.append(piece);
      respond(pending);
      pending.clear();
    }
  };
  for (;;) {
    const ssize_t n = ::read(in, buffer.data(), buffer.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      return unexpected<error>(error{errc::missing, "", "cannot read the requests: " + std::system_category().message(errno)});
    }
    if (n == 0) break;
    // Between requests: look at the policy file when it is time.
    if (options.now) {
      const auto now = options.now();
      if (now - last_look >= options.reload_every) {
        look();
        last_look = now;
      }
    }
    std::string_view data(buffer.data(), static_cast<std::size_t>(n));
    for (std::size_t end; (end = data.find('\n')) != std::string_view::npos; data.remove_prefix(end + 1))
      take(data.substr(0, end), true);
    take(data, false);
    // The input has run dry for now: what is answered goes out before the next read
    // waits.
    if (auto written = write_all(out, answers); !written) return unexpected<error>(std::move(written.error()));
  }
  take({}, true);  // a last line without its line feed
  if (auto written = write_all(out, answers); !written) return unexpected<error>(std::move(written.error()));
  return totals;
}

}  // namespace salesrules::io
