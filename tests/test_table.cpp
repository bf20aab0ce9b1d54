// SPDX-License-Identifier: BSL-1.0
#include <salesrules/io/table.hpp>

#include <doctest/doctest.h>

using namespace salesrules::io;

TEST_CASE("table: text pads columns to the widest cell, numbers to the right") {
  table t({{"stage"}, {"deals", align::right}, {"amount", align::right}});
  t.add_row({"Discovery", "36", "1,204,000.00"});
  t.add_row({"Négociation", "7"});  // 11 characters, 12 bytes; the missing cell is blank
  CHECK(t.render(output_format::text) ==
        "stage        deals        amount\n"
        "-----------  -----  ------------\n"
        "Discovery       36  1,204,000.00\n"
        "Négociation      7\n");
}

TEST_CASE("table: markdown escapes pipes and escapes a line break, keeping the row on one line") {
  table t({{"account"}, {"amount", align::right}});
  t.add_row({"A|B\nCorp", "5", "dropped"});
  CHECK(t.render(output_format::markdown) ==
        "| account | amount |\n"
        "| --- | ---: |\n"
        "| A\\|B\\x0ACorp | 5 |\n");
}

TEST_CASE("table: headings") {
  std::string out;
  append_heading(out, "Pipeline", output_format::text, 1);
  append_heading(out, "By stage", output_format::text);
  append_heading(out, "Risks", output_format::markdown, 3);
  CHECK(out == "Pipeline\n========\n\nBy stage\n--------\n\n### Risks\n\n");
  CHECK(display_width("Müller") == 6);
}
