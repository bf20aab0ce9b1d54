// SPDX-License-Identifier: BSL-1.0
// salesrules - pipeline, forecast, win/loss and deal-desk reports from a CRM export,
// and the single-deal checks (score, advance, discount) behind them.
//
// Exit status: 0 all is well; 1 the checks found problems (a refused move, failed
// matrix cases, --fail-on findings); 2 bad input or usage, or output that could not
// be written (a full disk, or a reader that closed the pipe: SIGPIPE is ignored, so
// `salesrules ... | head` ends with status 2 and a message, never killed by a signal).
#include "common.hpp"

#include <csignal>
#include <iostream>
#include <sstream>
#include <string>

namespace {

int run(int argc, char** argv) {
  namespace cli = salesrules::cli;
  // A closed stdout pipe becomes a failed write (EPIPE) that we report, not a signal.
  (void)std::signal(SIGPIPE, SIG_IGN);
  CLI::App app{"salesrules: sales rules and reports for a CRM export"};
  app.require_subcommand(1);
  app.set_help_all_flag("--help-all", "Every subcommand's help");
  int status = cli::exit_ok;
  cli::register_report_commands(app, status);
  cli::register_deal_commands(app, status);
  cli::register_desk_command(app, status);
  cli::register_policy_commands(app, status);
  try {
    app.parse(argc, argv);
  } catch (const CLI::CallForHelp& e) {
    return app.exit(e);
  } catch (const CLI::CallForAllHelp& e) {
    return app.exit(e);
  } catch (const CLI::ParseError& e) {
    // CLI11's message quotes the arguments: each of its lines made printable.
    std::ostringstream message;
    (void)app.exit(e, std::cout, message);
    std::istringstream lines(message.str());
    for (std::string line; std::getline(lines, line);) std::cerr << salesrules::io::printable(line) << '\n';
    return cli::exit_bad_input;
  } catch (const std::exception& e) {
    std::cerr << "salesrules: " << salesrules::io::printable(e.what()) << '\n';
    return cli::exit_bad_input;
  }
  // A report that did not reach its reader (a full disk, a closed pipe) is a failure.
  std::cout.flush();
  if (!std::cout) {
    std::cerr << "salesrules: could not write the output (the reader closed the pipe, or the disk is full)\n";
    return cli::exit_bad_input;
  }
  return status;
}

}  // namespace

int main(int argc, char** argv) {
  // Building the command line can throw too (CLI11 reports a bad option table so, and
  // memory can run out); nothing leaves main as an exception.
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "salesrules: " << e.what() << '\n';
  } catch (...) {
    std::cerr << "salesrules: an unexpected error\n";
  }
  return salesrules::cli::exit_bad_input;
}
