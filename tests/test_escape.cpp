// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/escape.hpp>

#include <salesrules/detail/text.hpp>
#include <salesrules/io/account_plan.hpp>
#include <salesrules/io/forecast_report.hpp>
#include <salesrules/io/json.hpp>
#include <salesrules/io/matrix_testing.hpp>
#include <salesrules/io/pipeline_report.hpp>
#include <salesrules/io/win_loss_report.hpp>
#include <salesrules/matrix_analysis.hpp>

#include <doctest/doctest.h>

#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

using namespace salesrules;
using namespace salesrules::io;
using namespace std::string_literals;

namespace {

// The notation read back: what escape_text() wrote, as the bytes it came from.
std::string unescape_text(std::string_view s) {
  const auto hex = [](char c) { return static_cast<unsigned>(c <= '9' ? c - '0' : c - 'A' + 10); };
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (s[i + 1] == '\\') {
      out += '\\';
      i += 1;
    } else if (s[i + 1] == 'x') {
      out += static_cast<char>(hex(s[i + 2]) * 16 + hex(s[i + 3]));
      i += 3;
    } else {  // \u{HHHH}: every code point the notation writes is below U+0800 or a 3-byte one
      std::size_t end = s.find('}', i);
      unsigned c = 0;
      for (std::size_t k = i + 3; k < end; ++k) c = c * 16 + hex(s[k]);
      if (c < 0x800) {
        out += static_cast<char>(0xC0 | (c >> 6));
        out += static_cast<char>(0x80 | (c & 0x3F));
      } else {
        out += static_cast<char>(0xE0 | (c >> 12));
        out += static_cast<char>(0x80 | ((c >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (c & 0x3F));
      }
      i = end;
    }
  }
  return out;
}

// Code points a terminal would act on: what no printed report may hold raw.
bool acts_on_terminal(char32_t c) {
  return (c < 0x20 && c != '\n') || c == 0x7F || (c >= 0x80 && c <= 0x9F) || c == 0x061C || c == 0x200E ||
         c == 0x200F || (c >= 0x202A && c <= 0x202E) || (c >= 0x2066 && c <= 0x2069) || c == 0x2028 ||
         c == 0x2029;
}

// The first thing wrong with printed output: a byte that is not UTF-8, a code point a
// terminal acts on; and in Markdown a '<' outside a code block, a table row with the
// wrong number of cells, a line that starts with block syntax from the data, or a
// code fence left open; in HTML a tag of the data's or a page that is not whole.
// Empty when the output is safe.
std::string unsafe(std::string_view out, output_format format) {
  if (format == output_format::html) {
    for (const std::string_view tag : {"<img", "<script", "<b>", "<a "})
      if (out.find(tag) != std::string_view::npos) return "a tag of the data's: " + std::string(tag);
    if (!out.starts_with("<!DOCTYPE html>\n<html lang=\"en\">") || !out.ends_with("</main>\n</body>\n</html>\n"))
      return "not a whole page";
  }
  for (std::size_t i = 0; i < out.size();) {
    const auto u = salesrules::detail::utf8_at(out, i);
    if (u.length == 0) return "invalid UTF-8 at byte " + std::to_string(i);
    if (acts_on_terminal(u.code)) return "code point " + std::to_string(u.code) + " at byte " + std::to_string(i);
    i += u.length;
  }
  std::size_t fence = 0;  // the open fence's length
  std::size_t columns = 0;
  std::size_t start = 0;
  while (start < out.size()) {
    const std::size_t end = std::min(out.find('\n', start), out.size());
    const std::string_view line = out.substr(start, end - start);
    start = end + 1;
    for (const std::string_view from_data : {"# heading", "<img", "- item", "> quote", "code", "a\\|b"})
      if (line.find_first_not_of(' ') != std::string_view::npos &&
          line.substr(line.find_first_not_of(' ')).starts_with(from_data))
        return "a line begins with the data's " + std::string(from_data) + ": " + std::string(line);
    if (format != output_format::markdown) continue;
    if (line.starts_with("```")) {
      const std::size_t n = line.find_first_not_of('`') == std::string_view::npos ? line.size() : 0;
      if (n == 0) return "a fence with text after it: " + std::string(line);
      fence = fence == 0 ? n : n >= fence ? 0 : fence;
      continue;
    }
    if (fence != 0) continue;
    if (line.find('<') != std::string_view::npos) return "a raw '<': " + std::string(line);
    std::size_t cells = 0;
    for (std::size_t k = 0; k < line.size(); ++k) {
      if (line[k] == '\\') ++k;
      else if (line[k] == '|') ++cells;
    }
    if (!line.starts_with('|')) {
      columns = 0;
    } else if (columns == 0) {
      columns = cells;
    } else if (cells != columns) {
      return "a row of " + std::to_string(cells) + " pipes under " + std::to_string(columns) + ": " +
             std::string(line);
    }
  }
  if (fence != 0) return "a code fence left open";
  return {};
}

// A value that tries everything: terminal escapes, block syntax on new lines, HTML,
// a backslash before a pipe, backticks; `tag` tells the fields apart.
std::string hostile(std::string_view tag) {
  return std::string(tag) + "\x1B[31mRED\x07"s + '\0' +
         "\xC2\x9B\xE2\x80\xAE\n# heading\n<img src=x onerror=alert(1)>\n- item\n> quote\n    code\n```\n"
         "a\\|b ```` ~~~ *em* [link](http://example.com) &amp;";
}

// The value as a line of text shows it, up to its first line feed: what a report
// must print for the field (the rest follows, escaped as well).
std::string shown_head(std::string_view tag, output_format format) {
  const std::string head = escape_text(hostile(tag).substr(0, hostile(tag).find('\n')));
  if (format != output_format::markdown) return head;
  std::string md;
  for (const char c : head) {
    if (c == '[') md += '\\';
    md += c;
  }
  return md;
}

}  // namespace

TEST_CASE("escape: text writes controls, C1 and bidi controls and broken UTF-8 in the notation") {
  const std::string data = "a\x1B[31mb\x07"s + '\0' + "c\xC2\x9B\xE2\x80\xAE" + "d\xFF\\e\xC3\xA9\n\t\x7F";
  CHECK(escape_text(data) == "a\\x1B[31mb\\x07\\x00c\\u{009B}\\u{202E}d\\xFF\\\\e\xC3\xA9\\x0A\\x09\\x7F");
  // The other bidi controls, the separators and the edges of C1; what is not a control passes.
  CHECK(escape_text("\xD8\x9C\xE2\x80\x8E\xE2\x80\x8F\xE2\x80\xAA\xE2\x81\xA6\xE2\x81\xA9\xE2\x80\xA8\xE2\x80\xA9") ==
        "\\u{061C}\\u{200E}\\u{200F}\\u{202A}\\u{2066}\\u{2069}\\u{2028}\\u{2029}");
  CHECK(escape_text("\xC2\x80\xC2\x9F") == "\\u{0080}\\u{009F}");
  CHECK(escape_text("\xC2\xA0 \xE2\x80\x8D \xE2\x80\xAF \xE2\x81\xAA") ==
        "\xC2\xA0 \xE2\x80\x8D \xE2\x80\xAF \xE2\x81\xAA");  // NBSP, ZWJ, U+202F, U+206A
  // An overlong form, a surrogate and a sequence cut short are bytes.
  CHECK(escape_text("\xC0\xAF|\xED\xA0\x80|\xE2\x80") == "\\xC0\\xAF|\\xED\\xA0\\x80|\\xE2\\x80");
  CHECK(escape_text("Müller & Söhne <GmbH>") == "Müller & Söhne <GmbH>");
}

TEST_CASE("escape: printable, for messages, is the same notation but keeps backslashes") {
  const std::string data = "a\x1B[31mb\x07"s + '\0' + "c\xC2\x9B\xE2\x80\xAE" + "d\xFF\\e\n";
  CHECK(printable(data) == "a\\x1B[31mb\\x07\\x00c\\u{009B}\\u{202E}d\\xFF\\e\\x0A");
  CHECK(printable("invalid UTF-8 (the byte \\xC3)") == "invalid UTF-8 (the byte \\xC3)");
}

TEST_CASE("escape: a backslash before a pipe stays a backslash and a pipe") {
  CHECK(escape_text("a\\|b") == "a\\\\|b");
  // Markdown shows what text shows: each of the two backslashes escaped, then the pipe.
  CHECK(escape_markdown("a\\|b") == "a\\\\\\\\\\|b");
  table t({{"owner"}, {"deals", align::right}});
  t.add_row({"a\\|b", "1"});
  CHECK(t.render(output_format::markdown) == "| owner | deals |\n| --- | ---: |\n| a\\\\\\\\\\|b | 1 |\n");
}

TEST_CASE("escape: the notation reads back to the exact bytes, and nothing a terminal acts on is left") {
  // Random strings over the bytes that matter: controls, C1 and bidi lead bytes,
  // continuation bytes, backslashes, braces and letters.
  std::mt19937 gen(20261122);
  const std::string pool = "\x00\x01\x07\x0A\x0D\x1B\x7F\x80\x9B\xA8\xAA\xAE\xC2\xC3\xD8\x9C\xE2\x81\xE0\xED\xF0\xF4\xFF\\{}xu|<`#-1. a"s;
  std::uniform_int_distribution<std::size_t> pick(0, pool.size() - 1), length(0, 24);
  for (int round = 0; round < 20000; ++round) {
    std::string data;
    for (std::size_t n = length(gen); n > 0; --n) data += pool[pick(gen)];
    const std::string text = escape_text(data);
    CAPTURE(round);
    REQUIRE(unescape_text(text) == data);
    REQUIRE(unsafe(text, output_format::text).empty());
    const std::string md = escape_markdown(data);
    REQUIRE(md.find('\n') == std::string::npos);
    REQUIRE(md.find('<') == std::string::npos);
    REQUIRE(unsafe(md, output_format::text).empty());
  }
}

TEST_CASE("escape: markdown turns HTML, entities, emphasis, code, links and pipes into text") {
  CHECK(escape_markdown("<img src=x onerror=alert(1)> & *b* _i_ [l](u) `c` ~s~ #5 a|b x>y",
                        markdown_place::inline_only) ==
        "&lt;img src=x onerror=alert(1)> &amp; \\*b\\* \\_i\\_ \\[l\\](u) \\`c\\` \\~s\\~ \\#5 a\\|b x>y");
  // An entity cannot smuggle a control in: &#x202E; is shown as written.
  CHECK(escape_markdown("&#x202E;") == "&amp;\\#x202E;");
  // A line feed and what follows stay on the line: no heading, no HTML block.
  CHECK(escape_markdown("Acme\n# heading\n<img src=x onerror=alert(1)>") ==
        "Acme\\x0A\\# heading\\x0A&lt;img src=x onerror=alert(1)>");
}

TEST_CASE("escape: markdown at a line start defuses block syntax") {
  struct example {
    std::string_view data, line_start, inline_only;
  };
  const example examples[] = {
      {"# h", "\\# h", "\\# h"},
      {"- x", "\\- x", "- x"},
      {"+ x", "\\+ x", "+ x"},
      {"* x", "\\* x", "\\* x"},
      {"> q", "\\> q", "> q"},
      {"1. x", "1\\. x", "1. x"},
      {"12) x", "12\\) x", "12) x"},
      {"1234567890. x", "1234567890. x", "1234567890. x"},  // ten digits make no list
      {"---", "\\---", "---"},
      {"===", "\\===", "==="},
      {"```js", "\\`\\`\\`js", "\\`\\`\\`js"},
      {"~~~", "\\~\\~\\~", "\\~\\~\\~"},
      {"    code", "&#32;   code", "    code"},
      {"<div>", "&lt;div>", "&lt;div>"},
      {"[x]: http://e", "\\[x\\]: http://e", "\\[x\\]: http://e"},
      {"| a | b |", "\\| a \\| b \\|", "\\| a \\| b \\|"},
      {"Acme Corp", "Acme Corp", "Acme Corp"},
      {"", "", ""},
  };
  for (const auto& e : examples) {
    CAPTURE(e.data);
    CHECK(escape_markdown(e.data) == e.line_start);
    CHECK(escape_markdown(e.data, markdown_place::inline_only) == e.inline_only);
  }
  CHECK(escape("- x\n", output_format::markdown) == "\\- x\\x0A");
  CHECK(escape("- x\n", output_format::text) == "- x\\x0A");
  CHECK(escape("- x\n", output_format::json) == "- x\\x0A");  // tables render JSON as text
}

TEST_CASE("escape: a fence is longer than any run of backticks it holds") {
  CHECK(markdown_fence("x") == "```\nx\n```\n");
  CHECK(markdown_fence("") == "```\n```\n");
  CHECK(markdown_fence("a ``` b\n````\n") == "`````\na ``` b\n````\n`````\n");
  CHECK(markdown_fence("~~~\n") == "```\n~~~\n```\n");
}

TEST_CASE("escape: JSON keeps its value and loses the code points a terminal acts on") {
  const boost::json::value v = {{"name", "a\xE2\x80\xAE" "b\xC2\x85" "c\xE2\x80\xA8" "d\xC3\xA9\x1B"}};
  const std::string safe = terminal_safe_json(json_text(v, false));
  CHECK(safe == "{\"name\":\"a\\u202Eb\\u0085c\\u2028d\xC3\xA9\\u001b\"}");
  const auto back = parse_json(safe);
  REQUIRE(back);
  CHECK(*back == v);
}

TEST_CASE("table: text escapes each cell and aligns on the escaped width") {
  table t({{"owner"}, {"deals", align::right}});
  t.add_row({"\x1B[31mRed", "1"});     // shown as \x1B[31mRed: 11 columns
  t.add_row({"株式会社", "2"});        // 4 wide characters: 8 columns
  t.add_row({"a\nb", "3"});            // a\x0Ab: 6 columns
  t.add_row({"Cafe\xCC\x81", "4"});   // a combining accent takes no column: 4
  CHECK(t.render(output_format::text) ==
        "owner        deals\n"
        "-----------  -----\n"
        "\\x1B[31mRed      1\n"
        "株式会社         2\n"
        "a\\x0Ab           3\n"
        "Cafe\xCC\x81             4\n");
  CHECK(display_width("Müller") == 6);
  CHECK(display_width("株式会社") == 8);
  CHECK(display_width("\xF0\x9F\x98\x80") == 2);  // U+1F600
  CHECK(display_width("e\xCC\x81") == 1);
  CHECK(display_width("\xFF") == 1);
}

TEST_CASE("escape: html writes the notation, then & < > \" ' as character references") {
  const std::string data = "a\x1B[31mb\x07"s + '\0' + "c\xC2\x9B\xE2\x80\xAE" + "d\xFF\\e\xC3\xA9\n";
  CHECK(escape_html(data) == "a\\x1B[31mb\\x07\\x00c\\u{009B}\\u{202E}d\\xFF\\\\e\xC3\xA9\\x0A");
  CHECK(escape_html("<img src=\"x\" onerror='alert(1)'> & &amp;") ==
        "&lt;img src=&quot;x&quot; onerror=&#39;alert(1)&#39;&gt; &amp; &amp;amp;");
  // Noncharacters, which an HTML parser reports, in the notation; their neighbours pass.
  CHECK(escape_html("\xEF\xB7\x90|\xEF\xB7\xAF|\xEF\xBF\xBE|\xEF\xBF\xBF|\xF0\x9F\xBF\xBE|\xEF\xB7\xB0|\xEF\xBF\xBD") ==
        "\\u{FDD0}|\\u{FDEF}|\\u{FFFE}|\\u{FFFF}|\\u{1FFFE}|\xEF\xB7\xB0|\xEF\xBF\xBD");
  CHECK(escape("<b>", output_format::html) == "&lt;b&gt;");
  // A leading '-' only: data at the start of a line of the page is no list item.
  CHECK(escape_html("- Acme - East") == "&#45; Acme - East");
  CHECK(escape("<b>", output_format::json) == "<b>");
}

TEST_CASE("table: html is a table of escaped cells, numbers' cells of class num") {
  table t({{"owner"}, {"deals", align::right}});
  t.add_row({"<Ana & \"Bo\">", "1,204"});
  t.add_row({"a\nb"});
  CHECK(t.render(output_format::html) ==
        "<div class=\"table\"><table>\n"
        "<thead><tr><th>owner</th><th class=\"num\">deals</th></tr></thead>\n"
        "<tbody>\n"
        "<tr><td>&lt;Ana &amp; &quot;Bo&quot;&gt;</td><td class=\"num\">1,204</td></tr>\n"
        "<tr><td>a\\x0Ab</td><td class=\"num\"></td></tr>\n"
        "</tbody>\n</table></div>\n");
  std::string out;
  append_heading(out, "Acme <x>", output_format::html, 1);
  append_heading(out, "Deals", output_format::html, 3);
  append_heading(out, "Deep", output_format::html, 9);
  CHECK(out == "<h1>Acme &lt;x&gt;</h1>\n<h3>Deals</h3>\n<h6>Deep</h6>\n");
}

TEST_CASE("table: a heading's data cannot start a block or break its underline") {
  std::string out;
  append_heading(out, "Acme\n# x", output_format::text, 1);
  CHECK(out == "Acme\\x0A# x\n===========\n\n");
  out.clear();
  append_heading(out, "Acme\n# x <b>", output_format::markdown, 1);
  CHECK(out == "# Acme\\x0A\\# x &lt;b>\n\n");
}

// --- every report, fed a hostile value in every field it prints --------------------

TEST_CASE("escape: the pipeline report prints its data safely") {
  io::pipeline_report r;
  r.by_stage.push_back({hostile("stage"), stage_kind::open, 1, {}, {}});
  r.by_owner.push_back({hostile("owner"), 1, {}, {}});
  r.hygiene.findings = 1;
  r.hygiene.listed.push_back({0, hostile("deal"), hygiene_rule::stale, hygiene_severity::warning, 40, 30, {},
                              hostile("note")});
  r.meddpicc.qualified_after = hostile("qualified");
  r.meddpicc.deals = 1;
  r.diagnoses.push_back({problem::low_coverage, diagnosis_status::triggered, std::nullopt, std::nullopt, 1,
                         hostile("cause"), hostile("remedy")});
  for (const auto f : {output_format::text, output_format::markdown, output_format::html}) {
    CAPTURE(f);
    const std::string out = render(r, f);
    CHECK(unsafe(out, f) == "");
    for (const auto* tag : {"stage", "owner", "deal", "note", "qualified", "cause", "remedy"}) {
      CAPTURE(tag);
      CHECK(out.find(shown_head(tag, f)) != std::string::npos);
    }
  }
}

TEST_CASE("escape: the forecast report prints its data safely, the slippage chart's labels too") {
  io::forecast_report r;
  r.slippage.deals = 1;
  r.slippage.with_changes = 1;
  r.slippage.pushed = 1;
  r.slippage.pushes = 1;
  r.slippage.days_pushed = 10;
  r.slippage.most_pushed.push_back({hostile("deal"), 1, 10, 10, false, {}});
  for (const auto f : {output_format::text, output_format::markdown, output_format::html}) {
    CAPTURE(f);
    const std::string out = render(r, f);
    CHECK(unsafe(out, f) == "");
    CHECK(out.find(shown_head("deal", f)) != std::string::npos);
  }
  // In the chart's attributes as in its text: the whole value, escaped.
  CHECK(render(r, output_format::html).find("data-label=\"" + escape_html(hostile("deal")) + "\"") !=
        std::string::npos);
}

TEST_CASE("escape: the win-loss report prints its data safely") {
  io::win_loss_summary r;
  r.cycle_from_stage = hostile("from");
  r.needs_assessment_stage = hostile("needs");
  r.analysis.deals.lost = 1;
  r.analysis.segments.push_back({});
  r.analysis.segments.back().segment = hostile("segment");
  r.analysis.conversion.push_back({});
  r.analysis.conversion.back().stage = hostile("conversion");
  r.analysis.loss_reasons.push_back({hostile("reason"), 1});
  r.analysis.competitors.push_back({hostile("competitor"), 1});
  r.calibration.stages.push_back({});
  r.calibration.stages.back().stage = hostile("calibration");
  r.diagnoses.push_back({problem::competitive_losses, diagnosis_status::triggered, std::nullopt, std::nullopt, 1,
                         hostile("cause"), hostile("remedy")});
  for (const auto f : {output_format::text, output_format::markdown, output_format::html}) {
    CAPTURE(f);
    const std::string out = render(r, f);
    CHECK(unsafe(out, f) == "");
    for (const auto* tag :
         {"from", "needs", "segment", "conversion", "reason", "competitor", "calibration", "cause", "remedy"}) {
      CAPTURE(tag);
      CHECK(out.find(shown_head(tag, f)) != std::string::npos);
    }
  }
}

TEST_CASE("escape: the account plan prints its data safely") {
  io::account_plan p;
  auto& ov = p.overview;
  ov.account = hostile("account");
  ov.segments = {hostile("segment")};
  ov.owners = {hostile("owners")};
  ov.profile.industry = hostile("industry");
  ov.profile.region = hostile("region");
  ov.deals.push_back({});
  ov.deals.back().id = hostile("id");
  ov.deals.back().stage = hostile("stage");
  ov.deals.back().owner = hostile("owner");
  p.relationships.contacts.push_back({hostile("contact"), hostile("title"), contact_role::champion,
                                      influence_level::high, {hostile("contactdeal")}});
  p.relationships.gaps.push_back({hostile("gap"), relationship_gap_kind::no_champion, 0, 0});
  p.goals.ninety_day.deals = 1;
  p.goals.ninety_day.deal_ids = {hostile("goal")};
  p.actions.push_back({hostile("actiondeal"), action_status::planned, hostile("action"), hostile("step"),
                       hostile("actionowner"), std::nullopt, 0});
  p.risks.push_back({hostile("riskdeal"), risk_source::gate, hygiene_severity::warning, std::nullopt, std::nullopt,
                     hostile("next"), hostile("risk"), hostile("mitigation")});
  for (const auto f : {output_format::text, output_format::markdown, output_format::html}) {
    CAPTURE(f);
    const std::string out = render(p, f);
    CHECK(unsafe(out, f) == "");
    for (const auto* tag : {"account", "segment", "owners", "industry", "region", "id", "stage", "owner", "contact",
                            "title", "contactdeal", "gap", "goal", "actiondeal", "action", "actionowner", "riskdeal",
                            "risk", "mitigation"}) {
      CAPTURE(tag);
      CHECK(out.find(shown_head(tag, f)) != std::string::npos);
    }
  }
}

TEST_CASE("escape: golden-case results and the effective matrix print their data safely") {
  discount_policy policy;
  policy.levels = {"Account Executive", "Manager", hostile("level"), "VP"};
  policy.bands[2].level = hostile("level");
  policy.rules[0].name = hostile("rule");
  const auto p = validate(policy);
  REQUIRE(p);
  matrix_report r;
  r.outcomes.push_back({});
  r.outcomes.back().name = hostile("passes");
  r.outcomes.back().actual_level = hostile("level");
  r.outcomes.back().passed = true;
  r.outcomes.push_back({});
  r.outcomes.back().name = hostile("fails");
  r.outcomes.back().expected_level = hostile("expected");
  r.outcomes.back().actual_level = hostile("actual");
  r.outcomes.push_back({});
  r.outcomes.back().name = hostile("problem");
  r.outcomes.back().problem = error{errc::unknown_name, "expect_level", hostile("message")};
  const std::string text = summary(r) + diff(r) + render_effective_matrix(analyze_matrix(*p), *p);
  CHECK(unsafe(text, output_format::text) == "");
  for (const auto* tag : {"level", "expected", "actual", "message"}) {
    CAPTURE(tag);
    CHECK(text.find(shown_head(tag, output_format::text)) != std::string::npos);
  }
  // Names are quoted and cut to 40 bytes: the start of each is shown.
  for (const auto* tag : {"passes", "fails", "problem"}) {
    std::string quoted(1, '\'');  // piece by piece: GCC 12 at -O3 warns (-Wrestrict) on "'" + ...
    quoted += tag;
    quoted += "\\x1B[31m";
    CHECK(text.find(quoted) != std::string::npos);
  }
  // Markdown holds these texts in fences no name can close.
  CHECK(unsafe(markdown_fence(text), output_format::markdown) == "");
  // The matrix's columns line up on the escaped names.
  const std::string matrix = render_effective_matrix(analyze_matrix(*p), *p);
  const std::size_t second_column = matrix.find("any deal amount");
  REQUIRE(second_column != std::string::npos);
  CHECK(matrix.find("\nover 20% to 30%   " + escape_text(hostile("level")) + "\n") != std::string::npos);

  // An analysis names the rules and levels it is about, escaped.
  discount_policy shadowing;
  shadowing.levels[1] = hostile("manager");
  shadowing.bands[1].level = hostile("manager");
  shadowing.rules = {
      {hostile("first"), deal_dimension::term_months, 24, std::nullopt, 1, "", {}, {}},
      {hostile("second"), deal_dimension::term_months, 36, std::nullopt, 1, "", {}, {}},
  };
  const auto s = validate(shadowing);
  REQUIRE(s);
  const std::string findings = explain(analyze_matrix(*s), *s);
  CHECK(unsafe(findings, output_format::text) == "");
  CHECK(findings.find("rule 1 '" + escape_text(hostile("second").substr(0, 40))) != std::string::npos);
}
