// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/not_converted.hpp>

#include <salesrules/io/escape.hpp>
#include <salesrules/io/report_format.hpp>

#include <algorithm>
#include <string_view>

namespace salesrules::io {

std::string format_unconverted(std::span<const unconverted> parts, bool weighted) noexcept {
  std::string out;
  for (const unconverted& u : parts) {
    if (!out.empty()) out += "; ";
    out += counted(u.deals, "deal") + ", " + format_money(weighted ? u.weighted : u.total);
  }
  return out;
}

expected<std::vector<unconverted>, error> merge_unconverted(std::span<const unconverted> a,
                                                            std::span<const unconverted> b) noexcept {
  std::vector<unconverted> out(a.begin(), a.end());
  for (const unconverted& u : b) {
    const auto same = std::find_if(out.begin(), out.end(), [&](const unconverted& v) { return v.currency == u.currency; });
    if (same == out.end()) {
      out.push_back(u);
      continue;
    }
    auto total = add(same->total, u.total);
    auto weighted = add(same->weighted, u.weighted);
    if (!total) return unexpected<error>(std::move(total.error()));
    if (!weighted) return unexpected<error>(std::move(weighted.error()));
    same->deals += u.deals;
    same->total = *total;
    same->weighted = *weighted;
  }
  std::sort(out.begin(), out.end(),
            [](const unconverted& x, const unconverted& y) { return x.currency.code() < y.currency.code(); });
  return out;
}

std::string currency_list(std::span<const unconverted> parts) noexcept {
  std::string out;
  for (std::size_t i = 0; i < parts.size(); ++i) {
    if (i != 0) out += i + 1 == parts.size() ? " and " : ", ";
    out += parts[i].currency.code();
  }
  return out;
}

// cppcheck-suppress passedByValue ; currency is 4 bytes, cheaper copied than referenced
void append_unconverted_note(std::string& out, std::span<const unconverted> parts, currency reporting,
                             output_format format) noexcept {
  if (parts.empty()) return;
  const std::string line = "Not converted: the policy has no exchange rate into " + std::string(reporting.code()) +
                           " for " + currency_list(parts) + ". Deals in " +
                           (parts.size() == 1 ? "that currency" : "those currencies") +
                           " count in every deal count; their amounts are shown apart, in their own currency, "
                           "and are in none of the " +
                           std::string(reporting.code()) + " figures.";
  out += format == output_format::markdown ? "> " + escape(line, format) : escape(line, format);
  out += "\n\n";
}

}  // namespace salesrules::io
