// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/fields.ipp - the definitions behind fields.hpp (see config.hpp:
// included by the header when header-only, compiled once into salesrules::compiled
// otherwise).
#ifndef SALESRULES_IMPL_FIELDS_IPP
#define SALESRULES_IMPL_FIELDS_IPP

#include <salesrules/fields.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/names.hpp>

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace salesrules {

SALESRULES_INLINE expected<number, error> parse_number(std::string_view text, std::string_view where) noexcept {
  const auto d = detail::split_decimal(text);
  if (!d) return detail::fail(errc::syntax, std::string(where), detail::quoted(text) + " is not a number such as 12.5");
  if (d->fraction.size() > 6)
    return detail::fail(errc::out_of_range, std::string(where),
                        detail::quoted(text) + " has more than six decimals");
  constexpr std::uint64_t limit = INT64_MAX;
  const auto v = detail::scaled_value(*d, 6, limit);
  if (!v) return detail::fail(errc::overflow, std::string(where), detail::quoted(text) + " is too large");
  const auto m = static_cast<std::int64_t>(*v);
  return number::from_millionths(d->negative ? -m : m);
}

SALESRULES_INLINE std::string to_string(number n) noexcept {
  std::string s = detail::fixed_point(n.millionths(), 6);
  while (s.back() == '0') s.pop_back();
  if (s.back() == '.') s.pop_back();
  return s;
}

SALESRULES_INLINE field_type type_of(const field_value& v) noexcept {
  switch (v.index()) {
    case 2: return field_type::number;
    case 3: return field_type::percent;
    case 4: return field_type::money;
    case 5: return field_type::date;
    case 6: return field_type::boolean;
    case 7: return field_type::text_set;
    default: return field_type::text;
  }
}

SALESRULES_INLINE expected<void, error> check_declarations(std::span<const field_declaration> fields,
                                                           std::span<const std::string_view> builtin) noexcept {
  if (fields.size() > 64) return detail::fail(errc::out_of_range, "", "more than 64 custom fields");
  for (std::size_t i = 0; i < fields.size(); ++i) {
    std::string at;  // "/<i>", built piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "/" + std::to_string(i)
    detail::append_segment(at, i);
    const auto& f = fields[i];
    if (detail::is_blank(f.name)) return detail::fail(errc::invalid_policy, at + "/name", "the field's name is blank");
    if (name_of(f.type).empty()) return detail::fail(errc::out_of_range, at + "/type", "not a field type");
    for (const std::string_view b : builtin)
      if (same_name(b, f.name))
        return detail::fail(errc::duplicate, at + "/name",
                            "field " + detail::quoted(f.name) + " has the name of a built-in field");
    for (std::size_t j = 0; j < i; ++j)
      if (same_name(fields[j].name, f.name))
        return detail::fail(errc::duplicate, at + "/name", "field " + detail::quoted(f.name) + " is declared twice");
  }
  return {};
}

SALESRULES_INLINE const field_value* custom_fields::find(std::string_view name) const noexcept {
  for (const auto& f : items_)
    if (same_name(f.name, name)) return &f.value;
  return nullptr;
}

SALESRULES_INLINE void custom_fields::set(std::string_view name, field_value v) {
  for (auto& f : items_)
    if (same_name(f.name, name)) {
      f.value = std::move(v);
      return;
    }
  items_.push_back({std::string(name), std::move(v)});
}

namespace detail {
// "120000.00 USD": an amount, a space, a currency code.
SALESRULES_INLINE expected<money, error> money_text(std::string_view text, std::string_view where) noexcept {
  const auto space = text.rfind(' ');
  if (space == std::string_view::npos)
    return fail(errc::syntax, std::string(where),
                detail::quoted(text) + " is not an amount and its currency such as '50000.00 USD'");
  auto c = currency::from_code(text.substr(space + 1), where);
  if (!c) return unexpected<error>(std::move(c.error()));
  return parse_money(text.substr(0, space), *c, where);
}
}  // namespace detail

SALESRULES_INLINE expected<field_value, error> typed_value(std::string_view text, field_type type,
                                                           std::string_view where) noexcept {
  if (text.empty()) return field_value{};
  const auto keep = [](auto r) -> expected<field_value, error> {
    if (!r) return unexpected<error>(std::move(r.error()));
    return field_value{*r};
  };
  switch (type) {
    case field_type::text: return field_value{std::string(text)};
    case field_type::number: return keep(parse_number(text, where));
    case field_type::percent: return keep(parse_percent(text, where));
    case field_type::money: return keep(detail::money_text(text, where));
    case field_type::date: return keep(parse_date(text, where));
    case field_type::boolean:
      for (const std::string_view yes : {"true", "yes", "1"})
        if (same_name(text, yes)) return field_value{true};
      for (const std::string_view no : {"false", "no", "0"})
        if (same_name(text, no)) return field_value{false};
      return detail::fail(errc::syntax, std::string(where),
                          detail::quoted(text) + " is not true or false (nor yes/no, 1/0)");
    case field_type::text_set: {
      std::vector<std::string> items;
      std::size_t from = 0;
      while (from <= text.size()) {
        const auto to = std::min(text.find(';', from), text.size());
        std::string_view item = text.substr(from, to - from);
        while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
        while (!item.empty() && item.back() == ' ') item.remove_suffix(1);
        if (!item.empty()) items.emplace_back(item);
        from = to + 1;
      }
      return field_value{std::move(items)};
    }
  }
  return detail::fail(errc::out_of_range, std::string(where), "not a field type");
}

SALESRULES_INLINE expected<field_value, error> as_declared(const field_value& v, field_type type,
                                                           std::string_view where) noexcept {
  if (v.index() == 0 || type_of(v) == type) return v;
  if (const auto* text = std::get_if<std::string>(&v)) return typed_value(*text, type, where);
  if (const auto* n = std::get_if<number>(&v); n && type == field_type::percent && n->millionths() % 10'000 == 0)
    return field_value{percent::from_basis_points(n->millionths() / 10'000)};
  return detail::fail(errc::syntax, std::string(where),
                      "expected " + std::string(detail::type_words(type)) + ", found " +
                          std::string(detail::type_words(type_of(v))));
}

SALESRULES_INLINE expected<void, error> type_fields(custom_fields& fields, std::span<const field_declaration> declared,
                                                    std::string_view where) noexcept {
  custom_fields typed;
  for (const auto& f : fields) {
    std::string at(where);
    detail::append_segment(at, f.name);
    const field_declaration* d = nullptr;
    for (const auto& candidate : declared)
      if (same_name(candidate.name, f.name)) d = &candidate;
    if (!d) {
      std::vector<std::string_view> names;
      names.reserve(declared.size());
      for (const auto& candidate : declared) names.emplace_back(candidate.name);
      return detail::fail(errc::unknown_name, at,
                          "field " + detail::quoted(f.name) + " is not declared by the policy" +
                              detail::did_you_mean(f.name, names));
    }
    auto v = as_declared(f.value, d->type, at);
    if (!v) return unexpected<error>(std::move(v.error()));
    typed.set(d->name, std::move(*v));
  }
  fields = std::move(typed);
  return {};
}

SALESRULES_INLINE std::string to_string(const field_value& v) noexcept {
  if (const auto* t = std::get_if<std::string>(&v)) return *t;
  if (const auto* n = std::get_if<number>(&v)) return to_string(*n);
  if (const auto* p = std::get_if<percent>(&v)) return to_string(*p);
  if (const auto* m = std::get_if<money>(&v)) return to_string(*m);
  if (const auto* d = std::get_if<date>(&v)) return to_string(*d);
  if (const auto* b = std::get_if<bool>(&v)) return *b ? "true" : "false";
  std::string out;
  if (const auto* set = std::get_if<std::vector<std::string>>(&v))
    for (std::size_t i = 0; i < set->size(); ++i) {
      if (i > 0) out += ';';
      out += (*set)[i];
    }
  return out;
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_FIELDS_IPP
