// pipeline, forecast, win-loss and account-plan: reports from a CRM export.
#include "common.hpp"

namespace salesrules::cli {

void register_report_commands(CLI::App&, int&) {}

}  // namespace salesrules::cli
