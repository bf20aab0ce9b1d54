// SPDX-License-Identifier: BSL-1.0
// The installed C API through CMake's imported target salesrules::c: a policy loaded,
// six ratings scored (4 + 3 + 5 + 4 + 3 + 3 = 22 of 30, viable), an error with its place.
#include <salesrules/c/salesrules.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

int main() {
  if (salesrules_abi_version() != SALESRULES_C_ABI_VERSION) return std::puts("ABI version differs"), 1;
  salesrules_policy* policy = nullptr;
  if (salesrules_policy_load("{}", 2, &policy, nullptr) != SALESRULES_OK) return std::puts("no policy"), 1;
  const std::uint8_t ratings[6] = {4, 3, 5, 4, 3, 3};
  salesrules_score_result r{};
  const bool scored = salesrules_score_ratings(policy, ratings, &r, nullptr) == SALESRULES_OK &&
                      r.total_hundredths == 2200 && r.tier == SALESRULES_VIABLE;
  salesrules_error* e = nullptr;
  salesrules_policy* wrong = nullptr;
  const char* typo = R"({"scorecrd": {}})";
  const bool refused = salesrules_policy_load(typo, std::strlen(typo), &wrong, &e) == SALESRULES_E_UNKNOWN_NAME &&
                       wrong == nullptr && std::strcmp(salesrules_error_pointer(e), "/scorecrd") == 0;
  salesrules_error_free(e);
  salesrules_policy_free(policy);
  if (!scored || !refused) return std::puts("the C API answered otherwise"), 1;
  std::puts("the C API through salesrules::c: 22 of 30, viable; /scorecrd refused");
  return 0;
}
