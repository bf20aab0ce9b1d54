// SPDX-License-Identifier: BSL-1.0
// src/html_page.hpp - the reports as one self-contained HTML page (internal).
//
// A report rendered for output_format::html is built as its text is: headings and
// tables as HTML (io/table.hpp), lines of its own words and of data escaped with
// escape_html(), and charts from here. document() then turns the loose lines
// into paragraphs and lists and wraps everything in a page with its style sheet
// inline: no script, no network, readable on a phone and printable.
//
// The charts are inline SVG drawn on an integer scale of 1000 units per chart, with
// their labels and exact figures as HTML text beside the shapes (so text never
// stretches with a chart and a phone reader can zoom it). Every bar, span and mark
// carries `data-label` and `data-value`: the value is the figure as the JSON output
// writes it ("1234.50 USD", "45.5%"), so a test can hold the picture to the JSON.
#ifndef SALESRULES_SRC_HTML_PAGE_HPP
#define SALESRULES_SRC_HTML_PAGE_HPP

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace salesrules::io::web {

// A line across a bar or a track at `value`: a quota, a target, a percentile.
struct chart_mark {
  std::string label;  // plain text: escaped here
  std::int64_t value = 0;  // on the chart's scale: minor units, basis points, days
  std::string shown;       // the figure as the page shows it ("7,500,000.00 USD")
  std::string data;        // the figure as JSON writes it
};

// One bar of a bar chart, with marks of its own.
struct chart_bar {
  std::string label;
  std::int64_t value = 0;
  std::string shown;
  std::string data;
  std::vector<chart_mark> marks;
};

// One part of a track: from `from` to `to` on the scale.
struct chart_span {
  std::string label;
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::string shown;
  std::string data;
};

// A part of a distribution: the chance (in basis points) of a value from `from` to `to`.
struct chart_bin {
  std::int64_t from = 0;
  std::int64_t to = 0;
  std::int64_t chance = 0;
  std::string shown;  // "12.5%: 1,000.00 USD to 2,000.00 USD"
  std::string data;   // the chance as JSON writes it
};

// Bars on one scale, from 0 to the largest value or mark, or `top_at_least` if that
// is larger (10,000 basis points puts shares on a scale to 100%); values below 0 draw
// as 0. `name` names the chart for tests and style (data-chart); `caption` is plain text.
[[nodiscard]] std::string bar_chart(std::string_view name, std::string_view caption, std::span<const chart_bar> bars,
                                    std::int64_t top_at_least = 0);

// One track on a scale from 0 to the largest end or mark: spans stacked or apart, and
// marks across it; a key below lists each span and mark with its figure.
[[nodiscard]] std::string track_chart(std::string_view name, std::string_view caption,
                                      std::span<const chart_span> spans, std::span<const chart_mark> marks);

// A distribution as columns, each as high as its chance, on a scale from the lowest
// bin or mark to the highest, with marks across it and a key of the marks below.
[[nodiscard]] std::string histogram_chart(std::string_view name, std::string_view caption,
                                          std::span<const chart_bin> bins, std::span<const chart_mark> marks);

// The page: `title` (plain text) in the head, `body` (a report rendered as HTML)
// with its loose lines made paragraphs, lines starting "- " list items.
[[nodiscard]] std::string document(std::string_view title, std::string_view body);

}  // namespace salesrules::io::web

#endif  // SALESRULES_SRC_HTML_PAGE_HPP
