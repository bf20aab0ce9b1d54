// salesrules - the command-line tool. Placeholder until the subcommands land.
#include <CLI/CLI.hpp>

int main(int argc, char** argv) {
  CLI::App app{"salesrules: pipeline, forecast, win/loss and deal-desk reports from a CRM export"};
  app.require_subcommand(1);
  CLI11_PARSE(app, argc, argv);
  return 0;
}
