// SPDX-License-Identifier: BSL-1.0
// salesrules/impl/condition.ipp - the definitions behind condition.hpp (see config.hpp:
// included by the header when header-only, compiled once into salesrules::compiled
// otherwise).
#ifndef SALESRULES_IMPL_CONDITION_IPP
#define SALESRULES_IMPL_CONDITION_IPP

#include <salesrules/condition.hpp>

#include <salesrules/detail/text.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules {

namespace detail {

[[nodiscard]] constexpr bool numeric_type(field_type t) noexcept {
  return t == field_type::number || t == field_type::percent || t == field_type::money || t == field_type::date;
}

// A value of a numeric or boolean field as a numerator over its scale (and its
// currency for money), or the error typed_value gives.
struct scaled {
  int128 value = 0;
  std::int64_t scale = 1;
  currency cur;
};

SALESRULES_INLINE expected<scaled, error> scaled_literal(const std::string& text, field_type type,
                                                         const std::string& at) noexcept {
  auto v = typed_value(text, type, at);
  if (!v) return unexpected<error>(std::move(v.error()));
  if (v->index() == 0) return fail(errc::syntax, at, "the value is empty");
  // As a request's value of the type would be compared: its fact's numerator and scale.
  const fact f = value_fact(*v, type);
  return scaled{f.num, static_cast<std::int64_t>(f.den), f.cur};
}

SALESRULES_INLINE expected<std::uint32_t, error> compile_node(const condition& c, std::span<const fact_name> facts,
                                                              compiled_conditions& out, std::string& at,
                                                              int depth) noexcept {
  if (depth > 32) return fail(errc::out_of_range, at, "conditions nest deeper than 32 levels");
  if (out.nodes.size() >= 65'536) return fail(errc::out_of_range, at, "more than 65,536 condition nodes");
  if (name_of(c.kind).empty()) return fail(errc::out_of_range, at, "not a kind of condition");
  const auto root = static_cast<std::uint32_t>(out.nodes.size());
  out.nodes.push_back({});
  out.nodes[root].kind = c.kind;
  const std::size_t mark = at.size();
  if (c.kind != condition_kind::compare) {
    if (c.kind == condition_kind::negate && c.parts.size() != 1)
      return fail(errc::invalid_policy, at + "/not", "'not' takes exactly one condition");
    const std::string_view key = c.kind == condition_kind::all ? "all" : c.kind == condition_kind::any ? "any" : "not";
    for (std::size_t i = 0; i < c.parts.size(); ++i) {
      append_segment(at, key);
      if (c.kind != condition_kind::negate) append_segment(at, i);
      auto part = compile_node(c.parts[i], facts, out, at, depth + 1);
      if (!part) return part;
      at.resize(mark);
    }
    out.nodes[root].end = static_cast<std::uint32_t>(out.nodes.size());
    return root;
  }
  // A comparison.
  std::optional<std::size_t> slot;
  for (std::size_t i = 0; i < facts.size() && !slot; ++i)
    if (same_name(facts[i].name, c.field)) slot = i;
  if (!slot) {
    std::vector<std::string_view> names;
    names.reserve(facts.size());
    for (const auto& f : facts) names.push_back(f.name);
    return fail(errc::unknown_name, at + "/field",
                "no field " + detail::quoted(c.field) + " here" + did_you_mean(c.field, names));
  }
  const field_type type = facts[*slot].type;
  const std::string_view op_symbol = symbol(c.op);
  if (op_symbol.empty()) return fail(errc::out_of_range, at + "/op", "not a comparison");
  const bool ordering = c.op == comparison::at_least || c.op == comparison::above || c.op == comparison::at_most ||
                        c.op == comparison::below || c.op == comparison::between;
  if ((ordering && !numeric_type(type)) ||
      (type == field_type::boolean && (c.op == comparison::in || c.op == comparison::not_in)))
    return fail(errc::invalid_policy, at + "/op",
                "'" + std::string(op_symbol) + "' does not apply to " + detail::quoted(facts[*slot].name) + ", which is " +
                    std::string(type_words(type)));
  const int taken = values_taken(c.op);
  const bool listed = taken == -1 || taken == 2;
  const std::string values_at = at + (listed ? "/values" : "/value");
  if ((taken >= 0 && c.values.size() != static_cast<std::size_t>(taken)) || (taken < 0 && c.values.empty()))
    return fail(errc::invalid_policy, taken == 0 ? at + "/op" : values_at,
                "'" + std::string(op_symbol) + "' takes " +
                    (taken == 0 ? std::string("no value") : taken == 2 ? std::string("two values, low and high")
                                                          : taken == 1 ? std::string("one value")
                                                                       : std::string("one value or more")) +
                    ", found " + std::to_string(c.values.size()));
  condition_node& node = out.nodes[root];
  node.op = c.op;
  node.type = type;
  node.slot = static_cast<std::uint16_t>(*slot);
  if (type == field_type::text || type == field_type::text_set) {
    for (std::size_t i = 0; i < c.values.size(); ++i)
      if (c.values[i].empty()) {  // an empty text is "not set": no value equals it
        std::string value_at = values_at;
        if (listed) append_segment(value_at, i);
        return fail(errc::invalid_policy, value_at, "an empty text never matches (a field with it is not set); use 'is set'");
      }
    node.first_text = static_cast<std::uint32_t>(out.texts.size());
    node.text_count = static_cast<std::uint32_t>(c.values.size());
    out.texts.insert(out.texts.end(), c.values.begin(), c.values.end());
    for (const auto& v : c.values) out.text_keys.push_back(key_of(v));
  } else {
    if (listed && taken == -1) node.first_text = static_cast<std::uint32_t>(out.numbers.size());
    for (std::size_t i = 0; i < c.values.size(); ++i) {
      std::string value_at = values_at;
      if (listed) append_segment(value_at, i);
      auto v = scaled_literal(c.values[i], type, value_at);
      if (!v) return unexpected<error>(std::move(v.error()));
      condition_node& n = out.nodes[root];
      if (i == 0) {
        n.scale = v->scale;
        n.cur = v->cur;
        n.low = n.high = v->value;
      } else if (v->cur != n.cur) {
        return fail(errc::currency_mismatch, value_at,
                    "the values of one comparison must share a currency; this one is in " + std::string(v->cur.code()) +
                        ", the first in " + std::string(n.cur.code()));
      }
      if (c.op == comparison::between && i == 1) {
        // Scales agree within a type, so the numerators compare directly.
        if (v->value < n.low)
          return fail(errc::invalid_policy, value_at,
                      "the high value " + detail::quoted(c.values[1]) + " is below the low value " + detail::quoted(c.values[0]));
        n.high = v->value;
      }
      if (taken == -1) {
        out.numbers.push_back(v->value);
        ++out.nodes[root].text_count;
      }
    }
  }
  out.nodes[root].end = root + 1;
  return root;
}

}  // namespace detail

namespace detail {

SALESRULES_INLINE expected<std::uint32_t, error> compile_condition(const condition& c, std::span<const fact_name> facts,
                                                                   compiled_conditions& out,
                                                                   std::string_view where) noexcept {
  std::string at(where);
  // On an error the store is left as it was.
  const std::size_t nodes = out.nodes.size(), texts = out.texts.size(), numbers = out.numbers.size();
  auto root = compile_node(c, facts, out, at, 0);
  if (!root) {
    out.nodes.resize(nodes);
    out.texts.resize(texts);
    out.text_keys.resize(texts);
    out.numbers.resize(numbers);
  }
  return root;
}

SALESRULES_INLINE void code_slots(compiled_conditions& c, std::size_t slots) {
  slots = std::min(slots, max_coded_slots);
  using slot_code = compiled_conditions::slot_code;
  c.coded.assign(slots, slot_code{});
  c.coded_slots.clear();
  c.code_texts.clear();
  c.code_keys.clear();
  c.code_heads.clear();
  c.code_numbers.clear();
  c.code_narrow.clear();
  const auto codable = [&](const condition_node& n) {
    return n.kind == condition_kind::compare && n.type != field_type::text_set && n.slot < slots;
  };
  // Each slot's distinct values; a slot past the limits, or with numbers of two scales
  // or currencies, is left uncoded.
  struct gathered {
    std::vector<std::uint32_t> texts;  // places in c.texts
    std::vector<int128> numbers;
    bool used = false, over = false, scaled = false, text = false;
    std::int64_t scale = 1;
    currency cur;
  };
  std::vector<gathered> g(slots);
  const auto text_at = [&](const std::vector<std::uint32_t>& in, std::uint32_t t) {
    std::size_t k = 0;
    while (k < in.size() && !same_keyed(c.texts[in[k]], c.text_keys[in[k]], c.texts[t], c.text_keys[t])) ++k;
    return k;
  };
  const auto add_number = [](gathered& s, int128 v) {
    if (std::find(s.numbers.begin(), s.numbers.end(), v) == s.numbers.end()) s.numbers.push_back(v);
    s.over = s.over || s.numbers.size() > max_coded_numbers;
  };
  for (const auto& n : c.nodes) {
    if (!codable(n) || g[n.slot].over) continue;
    gathered& s = g[n.slot];
    s.used = true;
    s.text = n.type == field_type::text;
    if (n.op == comparison::is_set) continue;
    if (n.type == field_type::text) {
      for (std::uint32_t t = n.first_text; t < n.first_text + n.text_count && !s.over; ++t)
        if (text_at(s.texts, t) == s.texts.size()) {
          s.texts.push_back(t);
          s.over = s.texts.size() > max_coded_texts;
        }
      continue;
    }
    if (!s.scaled) {
      s.scaled = true;
      s.scale = n.scale;
      s.cur = n.cur;
    } else if (s.scale != n.scale || s.cur != n.cur) {
      s.over = true;
      continue;
    }
    if (n.op == comparison::in || n.op == comparison::not_in) {
      for (std::uint32_t i = 0; i < n.text_count && !s.over; ++i) add_number(s, c.numbers[n.first_text + i]);
    } else {
      add_number(s, n.low);
      if (n.op == comparison::between) add_number(s, n.high);
    }
  }
  for (std::size_t slot = 0; slot < slots; ++slot) {
    gathered& s = g[slot];
    if (!s.used || s.over) continue;
    slot_code& code = c.coded[slot];
    code.used = true;
    code.text = s.text;
    code.scale = s.scale;
    code.cur = s.cur;
    if (s.text) {  // a text slot's places are in code_texts, even when it names no value
      code.first = static_cast<std::uint32_t>(c.code_texts.size());
      code.count = static_cast<std::uint32_t>(s.texts.size());
      c.code_texts.insert(c.code_texts.end(), s.texts.begin(), s.texts.end());
      for (const std::uint32_t t : s.texts) {
        c.code_keys.push_back(c.text_keys[t]);
        c.code_heads.push_back(head_word(c.texts[t]));
      }
    } else {
      std::sort(s.numbers.begin(), s.numbers.end());
      code.first = static_cast<std::uint32_t>(c.code_numbers.size());
      code.count = static_cast<std::uint32_t>(s.numbers.size());
      c.code_numbers.insert(c.code_numbers.end(), s.numbers.begin(), s.numbers.end());
      // The largest factor a product here takes: the scale or a value's magnitude.
      __extension__ using uint128 = unsigned __int128;
      uint128 widest = static_cast<std::uint64_t>(std::max<std::int64_t>(s.scale, 1));
      for (const int128 v : s.numbers) {
        widest = std::max(widest, static_cast<uint128>(v < 0 ? -v : v));
        c.code_narrow.push_back(v >= INT64_MIN && v <= INT64_MAX ? static_cast<std::int64_t>(v) : 0);
      }
      code.narrow_below = widest <= INT64_MAX ? static_cast<std::uint64_t>(INT64_MAX) / static_cast<std::uint64_t>(widest) : 0;
    }
    c.coded_slots.push_back(static_cast<std::uint16_t>(slot));
  }
  // Each comparison's codes: where it holds, judged by the comparison itself at a value
  // of each place (a named value, or one inside the stretch between two).
  for (auto& n : c.nodes) {
    if (!codable(n) || !c.coded[n.slot].used) continue;
    const slot_code& code = c.coded[n.slot];
    const bool negative = n.op == comparison::not_equal || n.op == comparison::not_in;
    std::uint64_t codes = negative ? std::uint64_t{1} << unset_code : 0;  // not set: only != and not in hold
    if (n.type == field_type::text) {
      for (std::uint32_t k = 0; k <= code.count; ++k) {  // the values, then any other text
        bool holds = n.op == comparison::is_set;
        if (!holds) {
          bool found = false;
          if (k < code.count) {
            const std::uint32_t t = c.code_texts[code.first + k];
            for (std::uint32_t i = n.first_text; i < n.first_text + n.text_count && !found; ++i)
              found = same_keyed(c.texts[t], c.text_keys[t], c.texts[i], c.text_keys[i]);
          }
          holds = found != negative;
        }
        if (holds) codes |= std::uint64_t{1} << k;
      }
    } else {
      const auto at = [&](std::uint32_t k) { return c.code_numbers[code.first + k]; };
      for (std::uint32_t k = 0; k <= 2 * code.count; ++k) {
        // A named value exactly (odd codes); a value strictly inside a stretch, over twice
        // the scale (values are whole numerators, so v + 1/2 lies between v and the next).
        int128 num = 0, den = code.scale;
        if (k % 2 == 1) {
          num = at(k / 2);
        } else if (code.count > 0) {
          den = 2 * static_cast<int128>(code.scale);
          num = k == 0 ? 2 * at(0) - 1 : 2 * at(k / 2 - 1) + 1;
        }
        const bool holds = n.op == comparison::is_set || compare_scaled(n, num, den, c);
        if (holds) codes |= std::uint64_t{1} << k;
      }
    }
    n.coded = true;
    n.codes = codes;
  }
}

// The code of l = num * scale among `count` thresholds, each times `den` unless Whole
// (a denominator of 1): in the width of T, which the caller has made sure holds every
// product.
template <bool Whole, class T>
[[gnu::always_inline]] inline std::uint8_t place_among(const T* values, std::uint32_t count, T l, T den) noexcept {
  for (std::uint32_t k = 0; k < count; ++k) {
    const T r = Whole ? values[k] : values[k] * den;
    if (l <= r) return static_cast<std::uint8_t>(2 * k + (l == r ? 1 : 0));
  }
  return static_cast<std::uint8_t>(2 * count);
}

// In 128 bits, out of line, so that the usual 64-bit path saves no registers for it.
template <bool Whole>
[[gnu::noinline]] std::uint8_t place_wide(const compiled_conditions& c, std::size_t slot, int128 num, int128 den) noexcept {
  const auto& code = c.coded[slot];
  return place_among<Whole>(c.code_numbers.data() + code.first, code.count, num * code.scale, den);
}

// The code of num/den among a slot's thresholds (see code_of): in 64 bits where num and
// den are below the slot's narrow_below (2^63 over the largest of its scale and its
// values' magnitudes: for a slot of percentages up to 100%, a quote of up to about
// 9 * 10^14 minor units), as nearly all are; otherwise in 128.
template <bool Whole>
[[gnu::always_inline]] inline std::uint8_t place_number(const compiled_conditions& c, std::size_t slot, int128 num,
                                                        int128 den) noexcept {
  const auto& code = c.coded[slot];
  __extension__ using uint128 = unsigned __int128;
  if (static_cast<uint128>(num) >= code.narrow_below || static_cast<uint128>(den) >= code.narrow_below) [[unlikely]]
    return place_wide<Whole>(c, slot, num, den);
  // Both at least 0 and small enough that no product passes 63 bits.
  return place_among<Whole>(c.code_narrow.data() + code.first, code.count, static_cast<std::int64_t>(num) * code.scale,
                            static_cast<std::int64_t>(den));
}

SALESRULES_INLINE std::uint8_t code_of_number(const compiled_conditions& c, std::size_t slot, int128 num,
                                              int128 den) noexcept {
  return place_number<false>(c, slot, num, den);
}

SALESRULES_INLINE std::uint8_t code_of_whole(const compiled_conditions& c, std::size_t slot, int128 num) noexcept {
  return place_number<true>(c, slot, num, 1);
}

SALESRULES_INLINE std::uint8_t code_of_text(const compiled_conditions& c, std::size_t slot,
                                            std::string_view text) noexcept {
  const auto& code = c.coded[slot];
  const name_key* keys = c.code_keys.data() + code.first;
  const std::uint64_t* heads = c.code_heads.data() + code.first;
  const std::size_t n = text.size();
  // Spelled as the policy spells it (the usual case): its bytes, without a key; past
  // the first eight (the heads), word by word.
  const std::uint64_t head = head_word(text);
  for (std::uint32_t k = 0; k < code.count; ++k)
    if (keys[k].size == n && heads[k] == head &&
        // NOLINTNEXTLINE(bugprone-suspicious-stringview-data-usage) : n is both texts' size
        (n <= 8 || words_alike(text.data(), c.texts[c.code_texts[code.first + k]].data(), 8, n,
                               [](std::uint64_t x, std::uint64_t y) { return x == y; })))
      return static_cast<std::uint8_t>(k);
  // Otherwise by its key: a text of at most eight bytes is its key; a longer one is
  // compared whole.
  const name_key key{fold_word(head), n};
  std::uint32_t k = 0;
  while (k < code.count && !(keys[k] == key && (n <= 8 || same_keyed(text, key, c.texts[c.code_texts[code.first + k]], key))))
    ++k;
  return static_cast<std::uint8_t>(k);
}

SALESRULES_INLINE std::uint8_t code_of(const compiled_conditions& c, std::size_t slot, const fact& f) noexcept {
  const auto& code = c.coded[slot];
  if (f.bad) return unread_code;
  if (code.text) {
    if (!f.set || f.text.empty()) return unset_code;
    return code_of_text(c, slot, f.text);
  }
  if (!f.set) return unset_code;
  if (f.cur != code.cur) return unread_code;  // money in another currency than the slot's values
  return code_of_number(c, slot, f.num, f.den);
}

SALESRULES_INLINE fact value_fact(const field_value& v, field_type type) noexcept {
  fact f;
  if (v.index() == 0) return f;
  f.set = true;
  if (const auto* t = std::get_if<std::string>(&v)) {
    if (type == field_type::text) {
      f.set = !t->empty();
      f.text = *t;
      return f;
    }
    // Text for another type: read it now (allocation-free unless it will not read).
    switch (type) {
      case field_type::number: {
        const auto n = parse_number(*t);
        if (!n) break;
        f.num = n->millionths();
        return f;
      }
      case field_type::percent: {
        const auto p = parse_percent(*t);
        if (!p) break;
        f.num = p->basis_points();
        f.den = 10'000;
        return f;
      }
      case field_type::money: {
        const auto m = money_text(*t, "");
        if (!m) break;
        f.num = m->minor_units();
        f.cur = m->currency();
        return f;
      }
      case field_type::date: {
        const auto d = read_iso_date(*t);
        if (!d) break;
        f.num = std::chrono::sys_days(*d).time_since_epoch().count();
        return f;
      }
      case field_type::boolean: {
        const auto b = typed_value(*t, field_type::boolean);
        const bool* yes = b ? std::get_if<bool>(&*b) : nullptr;
        if (yes == nullptr) break;
        f.num = *yes ? 1 : 0;
        return f;
      }
      default: break;
    }
    f.bad = true;
    return f;
  }
  if (type_of(v) != type) {
    const auto* n = std::get_if<number>(&v);
    if (n && type == field_type::percent && n->millionths() % 10'000 == 0) {  // 12.5 is 12.5%, as as_declared reads it
      f.num = n->millionths() / 10'000;
      f.den = 10'000;
      return f;
    }
    f.bad = true;
    return f;
  }
  if (const auto* n = std::get_if<number>(&v)) f.num = n->millionths();
  else if (const auto* p = std::get_if<percent>(&v)) {
    f.num = p->basis_points();
    f.den = 10'000;
  } else if (const auto* m = std::get_if<money>(&v)) {
    f.set = m->currency().is_set();
    f.num = m->minor_units();
    f.cur = m->currency();
  } else if (const auto* d = std::get_if<date>(&v)) {
    f.set = d->ok();
    if (f.set) f.num = std::chrono::sys_days(*d).time_since_epoch().count();
  } else if (const auto* b = std::get_if<bool>(&v)) {
    f.num = *b ? 1 : 0;
  } else if (const auto* s = std::get_if<std::vector<std::string>>(&v)) {
    f.texts = *s;
  }
  return f;
}

SALESRULES_INLINE bool compare_text(const condition_node& node, std::string_view text,
                                    const compiled_conditions& c) noexcept {
  return compare_text(node, text, key_of(text), c);
}

SALESRULES_INLINE bool compare_text(const condition_node& node, std::string_view text, name_key key,
                                    const compiled_conditions& c) noexcept {
  const bool negative = node.op == comparison::not_equal || node.op == comparison::not_in;
  if (node.op == comparison::is_set) return true;
  bool found = false;
  for (std::uint32_t i = node.first_text; i < node.first_text + node.text_count && !found; ++i)
    found = same_keyed(text, key, c.texts[i], c.text_keys[i]);
  return found != negative;
}

SALESRULES_INLINE bool compare_value(const condition_node& node, const field_value* v, const compiled_conditions& c,
                                     bool& ok) noexcept {
  if (v != nullptr) {
    if (node.type == field_type::text) {
      if (const auto* t = std::get_if<std::string>(v); t && !t->empty()) return compare_text(node, *t, c);
    } else if (node.type == field_type::boolean) {
      if (const auto* b = std::get_if<bool>(v)) {
        if (node.op == comparison::is_set) return true;
        return (static_cast<int128>(*b ? 1 : 0) == node.low) != (node.op == comparison::not_equal);
      }
    }
    return compare_fact(node, value_fact(*v, node.type), c, ok);
  }
  return node.op == comparison::not_equal || node.op == comparison::not_in;  // not set
}

SALESRULES_INLINE bool compare_fact(const condition_node& node, const fact& f, const compiled_conditions& c,
                                    bool& ok) noexcept {
  if (f.bad) {
    ok = false;
    return false;
  }
  const bool set = f.set && (node.type == field_type::text_set ? !f.texts.empty()
                             : node.type == field_type::text   ? !f.text.empty()
                                                               : true);
  if (node.op == comparison::is_set) return set;
  const bool negative = node.op == comparison::not_equal || node.op == comparison::not_in;
  if (!set) return negative;
  if (node.type == field_type::text) return compare_text(node, f.text, c);
  if (node.type == field_type::text_set) {  // a member that is one of the values (compare_text, sign undone)
    const bool found = std::any_of(f.texts.begin(), f.texts.end(),
                                   [&](const std::string& t) { return compare_text(node, t, c) != negative; });
    return found != negative;
  }
  if (node.type == field_type::money && f.cur != node.cur) {
    ok = false;
    return false;
  }
  return compare_scaled(node, f.num, f.den, c);
}

SALESRULES_INLINE bool compare_scaled(const condition_node& node, int128 num, int128 den,
                                      const compiled_conditions& c) noexcept {
  const bool negative = node.op == comparison::not_equal || node.op == comparison::not_in;
  // num / den against value / node.scale, cross-multiplied (dens and scales are positive).
  const auto against = [&](int128 value) {
    const int128 l = num * node.scale, r = value * den;
    return l < r ? -1 : l > r ? 1 : 0;
  };
  switch (node.op) {
    case comparison::equal: return against(node.low) == 0;
    case comparison::not_equal: return against(node.low) != 0;
    case comparison::at_least: return against(node.low) >= 0;
    case comparison::above: return against(node.low) > 0;
    case comparison::at_most: return against(node.low) <= 0;
    case comparison::below: return against(node.low) < 0;
    case comparison::between: return against(node.low) >= 0 && against(node.high) <= 0;
    case comparison::in:
    case comparison::not_in: {
      bool found = false;
      for (std::uint32_t i = 0; i < node.text_count && !found; ++i)
        found = against(c.numbers[node.first_text + i]) == 0;
      return found != negative;
    }
    default: return false;
  }
}

}  // namespace detail

SALESRULES_INLINE std::string to_string(const condition& c) noexcept {
  switch (c.kind) {
    case condition_kind::compare: {
      std::string out = c.field + " " + std::string(symbol(c.op));
      if (c.op == comparison::between && c.values.size() == 2) return out + " " + c.values[0] + " and " + c.values[1];
      if (c.op == comparison::in || c.op == comparison::not_in) {
        out += " [";
        for (std::size_t i = 0; i < c.values.size(); ++i) out += (i ? ", " : "") + c.values[i];
        return out + "]";
      }
      for (const auto& v : c.values) out += " " + v;
      return out;
    }
    case condition_kind::negate: return "not (" + (c.parts.empty() ? std::string() : to_string(c.parts.front())) + ")";
    case condition_kind::all:
    case condition_kind::any: {
      const bool all = c.kind == condition_kind::all;
      if (c.parts.empty()) return all ? "always" : "never";
      if (c.parts.size() == 1) return to_string(c.parts.front());
      std::string out = "(";
      for (std::size_t i = 0; i < c.parts.size(); ++i) out += (i ? (all ? " and " : " or ") : "") + to_string(c.parts[i]);
      return out + ")";
    }
  }
  return {};
}

}  // namespace salesrules

#endif  // SALESRULES_IMPL_CONDITION_IPP
