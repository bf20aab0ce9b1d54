// SPDX-License-Identifier: BSL-1.0
#include "html_page.hpp"

#include <salesrules/detail/int128.hpp>
#include <salesrules/io/escape.hpp>

#include <algorithm>

namespace salesrules::io::web {
namespace {

constexpr std::int64_t scale_units = 1000;  // a chart's width in SVG units

// The style sheet: one column of text up to 60rem, tables that scroll sideways
// inside their own box rather than widening the page, charts as wide as the text.
constexpr std::string_view style_sheet =
    "*{box-sizing:border-box}"
    "body{margin:0;font:16px/1.5 system-ui,-apple-system,\"Segoe UI\",Roboto,sans-serif;color:#1b1b1b;"
    "background:#fff}"
    "main{max-width:60rem;margin:0 auto;padding:1rem}"
    "h1{font-size:1.45rem;margin:.25rem 0 1rem;line-height:1.25}"
    "h2{font-size:1.15rem;margin:2rem 0 .5rem;padding-bottom:.2rem;border-bottom:1px solid #d8d8d8}"
    "h3{font-size:1rem;margin:1.25rem 0 .5rem}"
    "p,li,h1,h2,h3,figcaption,.bar-text{overflow-wrap:anywhere}"
    "th,td{overflow-wrap:break-word}"
    "p{margin:.5rem 0}"
    ".table{overflow-x:auto;margin:.5rem 0 1rem}"
    "table{border-collapse:collapse;font-size:.9rem}"
    "th,td{padding:.25rem .6rem;border-bottom:1px solid #e6e6e6;text-align:left;vertical-align:top}"
    "th{background:#f3f5f8;font-weight:600}"
    ".num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}"
    "figure.chart{margin:1rem 0;padding:.75rem;border:1px solid #e1e4e8;border-radius:6px;break-inside:avoid}"
    "figcaption{font-weight:600;margin-bottom:.5rem}"
    ".bar{margin:.45rem 0}"
    ".bar-text{display:flex;flex-wrap:wrap;justify-content:space-between;gap:0 1rem;font-size:.9rem}"
    ".bar-text .num{font-variant-numeric:tabular-nums}"
    ".mark-text{color:#555;font-size:.85rem}"
    "svg{display:block;width:100%;overflow:visible}"
    ".bar svg{height:.9rem;background:#f1f3f5}"
    "svg.track{height:2.5rem;background:#f1f3f5}"
    "svg.histogram{height:8rem;background:#f7f8fa;border-bottom:1px solid #9aa5b1}"
    ".fill{fill:#2f6db5}"
    ".s0{fill:#1d4f91;background:#1d4f91}.s1{fill:#3f7fcf;background:#3f7fcf}"
    ".s2{fill:#86b3e6;background:#86b3e6}.s3{fill:#bcd5f1;background:#bcd5f1}"
    ".s4{fill:#9aa5b1;background:#9aa5b1}.s5{fill:#d5dae0;background:#d5dae0}"
    "line.mark{stroke-width:3;vector-effect:non-scaling-stroke}"
    ".m0{stroke:#c0392b;background:#c0392b}.m1{stroke:#e67e22;background:#e67e22}"
    ".m2{stroke:#1e8449;background:#1e8449}.m3{stroke:#7d3c98;background:#7d3c98}"
    ".m4{stroke:#17202a;background:#17202a}.m5{stroke:#b7950b;background:#b7950b}"
    ".key{list-style:none;padding:0;margin:.5rem 0 0;font-size:.85rem;display:flex;flex-wrap:wrap;gap:.2rem 1.25rem}"
    ".swatch{display:inline-block;width:.85em;height:.85em;margin-right:.4em;vertical-align:-.1em;border-radius:2px}"
    ".swatch.line{width:.3em}"
    ".note{color:#555}"
    "*{-webkit-print-color-adjust:exact;print-color-adjust:exact}"
    "@media print{body{font-size:10.5pt}main{max-width:none;padding:0}.table{overflow:visible}"
    "h2{break-after:avoid}tr{break-inside:avoid}}";

// `v` on a scale whose right end is `top`: 0 to 1000 units, never negative.
std::int64_t position(std::int64_t v, std::int64_t top) {
  if (v <= 0 || top <= 0) return 0;
  const auto x = static_cast<std::int64_t>(salesrules::detail::int128(v) * scale_units / top);
  return std::clamp<std::int64_t>(x, 0, scale_units);
}

void append_attribute(std::string& out, std::string_view name, std::string_view value) {
  out += ' ';
  out += name;
  out += "=\"";
  out += escape_html(value);
  out += '"';
}

void append_data(std::string& out, std::string_view label, std::string_view value) {
  append_attribute(out, "data-label", label);
  append_attribute(out, "data-value", value);
}

void append_figure_start(std::string& out, std::string_view name, std::string_view caption) {
  out += "<figure class=\"chart\"";
  append_attribute(out, "data-chart", name);
  out += ">\n<figcaption>";
  out += escape_html(caption);
  out += "</figcaption>\n";
}

// A mark's line at `at` units from the left, across a chart `height` units high.
void append_mark_line(std::string& out, const chart_mark& m, std::size_t index, std::int64_t at, int height) {
  const std::string x = std::to_string(at);
  out += "<line class=\"mark m" + std::to_string(index % 6) + "\"";
  append_data(out, m.label, m.data);
  out += " x1=\"" + x + "\" x2=\"" + x + "\" y1=\"0\" y2=\"" + std::to_string(height) + "\"><title>";
  out += escape_html(m.label + ": " + m.shown);
  out += "</title></line>\n";
}

// One entry of a chart's key: its swatch, its label and figure.
void append_key(std::string& out, std::string_view swatch, std::size_t index, std::string_view label,
                std::string_view shown) {
  out += "<li><span class=\"swatch ";
  out += swatch;
  out += std::to_string(index % 6) + "\"></span>" + escape_html(std::string(label) + ": " + std::string(shown)) +
         "</li>\n";
}

void append_mark_keys(std::string& out, std::span<const chart_mark> marks) {
  for (std::size_t i = 0; i < marks.size(); ++i) append_key(out, "line m", i, marks[i].label, marks[i].shown);
}

// The opening <svg> of a one-piece chart, as wide as the text and `height` units high.
void append_svg_start(std::string& out, std::string_view css_class, int height, std::string_view caption) {
  out += "<svg class=\"";
  out += css_class;
  out += "\" viewBox=\"0 0 1000 " + std::to_string(height) + "\" preserveAspectRatio=\"none\" role=\"img\"";
  append_attribute(out, "aria-label", caption);
  out += ">\n";
}

}  // namespace

std::string bar_chart(std::string_view name, std::string_view caption, std::span<const chart_bar> bars,
                      std::int64_t top_at_least) {
  std::int64_t top = top_at_least;
  for (const auto& b : bars) {
    top = std::max(top, b.value);
    for (const auto& m : b.marks) top = std::max(top, m.value);
  }
  std::string out;
  append_figure_start(out, name, caption);
  for (const auto& b : bars) {
    out += "<div class=\"bar\">\n<div class=\"bar-text\"><span>" + escape_html(b.label) + "</span><span class=\"num\">" +
           escape_html(b.shown);
    for (const auto& m : b.marks) out += " <span class=\"mark-text\">(" + escape_html(m.label + ": " + m.shown) + ")</span>";
    out += "</span></div>\n<svg viewBox=\"0 0 1000 20\" preserveAspectRatio=\"none\" role=\"img\"";
    append_attribute(out, "aria-label", b.label + ": " + b.shown);
    out += ">\n<rect class=\"fill\"";
    append_data(out, b.label, b.data);
    out += " x=\"0\" y=\"0\" width=\"" + std::to_string(position(b.value, top)) + "\" height=\"20\"><title>" +
           escape_html(b.label + ": " + b.shown) + "</title></rect>\n";
    for (std::size_t i = 0; i < b.marks.size(); ++i)
      append_mark_line(out, b.marks[i], i, position(b.marks[i].value, top), 20);
    out += "</svg>\n</div>\n";
  }
  out += "</figure>\n";
  return out;
}

std::string track_chart(std::string_view name, std::string_view caption, std::span<const chart_span> spans,
                        std::span<const chart_mark> marks) {
  std::int64_t top = 0;
  for (const auto& s : spans) top = std::max({top, s.from, s.to});
  for (const auto& m : marks) top = std::max(top, m.value);
  std::string out;
  append_figure_start(out, name, caption);
  append_svg_start(out, "track", 40, caption);
  for (std::size_t i = 0; i < spans.size(); ++i) {
    const auto& s = spans[i];
    const std::int64_t from = position(std::min(s.from, s.to), top), to = position(std::max(s.from, s.to), top);
    out += "<rect class=\"s" + std::to_string(i % 6) + "\"";
    append_data(out, s.label, s.data);
    out += " x=\"" + std::to_string(from) + "\" y=\"6\" width=\"" + std::to_string(to - from) +
           "\" height=\"28\"><title>" + escape_html(s.label + ": " + s.shown) + "</title></rect>\n";
  }
  for (std::size_t i = 0; i < marks.size(); ++i) append_mark_line(out, marks[i], i, position(marks[i].value, top), 40);
  out += "</svg>\n<ul class=\"key\">\n";
  for (std::size_t i = 0; i < spans.size(); ++i) append_key(out, "s", i, spans[i].label, spans[i].shown);
  append_mark_keys(out, marks);
  out += "</ul>\n</figure>\n";
  return out;
}

std::string histogram_chart(std::string_view name, std::string_view caption, std::span<const chart_bin> bins,
                            std::span<const chart_mark> marks) {
  if (bins.empty()) return {};
  std::int64_t lo = bins.front().from, hi = bins.back().to, tallest = 0;
  for (const auto& b : bins) tallest = std::max(tallest, b.chance);
  for (const auto& m : marks) {
    lo = std::min(lo, m.value);
    hi = std::max(hi, m.value);
  }
  // Positions from `lo`: differences of in-range amounts, so no overflow past 64 bits.
  const auto at = [&](std::int64_t v) {
    return position(static_cast<std::int64_t>(salesrules::detail::int128(v) - lo),
                    static_cast<std::int64_t>(salesrules::detail::int128(hi) - lo));
  };
  std::string out;
  append_figure_start(out, name, caption);
  append_svg_start(out, "histogram", 120, caption);
  for (std::size_t i = 0; i < bins.size(); ++i) {
    const auto& b = bins[i];
    // A column runs to the next one's start (the last to its own end), at least 4
    // units wide and never past the scale's end.
    constexpr std::int64_t narrowest = 4;
    const std::int64_t x = std::min(at(b.from), scale_units - narrowest);
    const std::int64_t end =
        std::clamp(i + 1 < bins.size() ? at(bins[i + 1].from) : at(b.to), x + narrowest, scale_units);
    const std::int64_t h = tallest <= 0 ? 0 : position(b.chance, tallest) * 112 / scale_units;
    out += "<rect class=\"fill\"";
    append_data(out, b.shown, b.data);
    out += " x=\"" + std::to_string(x) + "\" y=\"" + std::to_string(120 - h) + "\" width=\"" +
           std::to_string(std::max<std::int64_t>(end - x - 1, 1)) + "\" height=\"" + std::to_string(h) + "\"><title>" +
           escape_html(b.shown) + "</title></rect>\n";
  }
  for (std::size_t i = 0; i < marks.size(); ++i) append_mark_line(out, marks[i], i, at(marks[i].value), 120);
  out += "</svg>\n<ul class=\"key\">\n";
  append_mark_keys(out, marks);
  out += "</ul>\n</figure>\n";
  return out;
}

std::string document(std::string_view title, std::string_view body) {
  std::string out;
  out.reserve(body.size() + style_sheet.size() + 512);
  out += "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
         "<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>";
  out += escape_html(title);
  out += "</title>\n<style>";
  out += style_sheet;
  out += "</style>\n</head>\n<body>\n<main>\n";
  // Lines starting with '<' are markup the report wrote (data never starts so: its
  // '<' is escaped); the rest are its sentences, one paragraph per run of lines and a
  // list for lines starting "- ".
  enum class block : std::uint8_t { none, paragraph, list } open = block::none;
  const auto close = [&] {
    if (open == block::paragraph) out += "</p>\n";
    if (open == block::list) out += "</ul>\n";
    open = block::none;
  };
  while (!body.empty()) {
    const std::size_t end = body.find('\n');
    std::string_view line = body.substr(0, end);
    body.remove_prefix(end == std::string_view::npos ? body.size() : end + 1);
    if (line.empty()) {
      close();
    } else if (line.front() == '<') {
      close();
      out += line;
      out += '\n';
    } else if (line.starts_with("- ")) {
      if (open != block::list) {
        close();
        out += "<ul>\n";
        open = block::list;
      }
      out += "<li>";
      out += line.substr(2);
      out += "</li>\n";
    } else {
      if (open == block::paragraph) {
        out += "<br>\n";
      } else {
        close();
        out += "<p>";
        open = block::paragraph;
      }
      out += line;
    }
  }
  close();
  out += "</main>\n</body>\n</html>\n";
  return out;
}

}  // namespace salesrules::io::web
