// SPDX-License-Identifier: BSL-1.0
// c_api: a host written in C. It loads the company's policy from a file, then, for one
// deal its CRM saved, scores the deal, checks a stage move and decides a discount,
// printing the answers (JSON) and any error with its place.
#include <salesrules/c/salesrules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static char* read_all(const char* path, size_t* length) {
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  char* text = NULL;
  size_t used = 0, got;
  char chunk[4096];
  while ((got = fread(chunk, 1, sizeof chunk, f)) > 0) {
    char* grown = realloc(text, used + got);
    if (grown == NULL) break;
    text = grown;
    memcpy(text + used, chunk, got);
    used += got;
  }
  fclose(f);
  *length = used;
  return text;
}

// Prints an answer, or the error, and frees it.
static int show(const char* what, salesrules_status status, char* answer, salesrules_error* error) {
  if (status != SALESRULES_OK) {
    printf("%s: error %d: %s\n", what, (int)status, salesrules_error_text(error));
    salesrules_error_free(error);
    return 1;
  }
  printf("%s: %s\n", what, answer);
  salesrules_string_free(answer);
  return 0;
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: c_api POLICY.json\n");
    return 2;
  }
  if (salesrules_abi_version() != SALESRULES_C_ABI_VERSION) {
    fprintf(stderr, "libsalesrules_c has ABI %u, this program was built for %d\n", salesrules_abi_version(),
            SALESRULES_C_ABI_VERSION);
    return 2;
  }
  size_t length = 0;
  char* json = read_all(argv[1], &length);
  if (json == NULL) return fprintf(stderr, "cannot read %s\n", argv[1]), 2;
  salesrules_policy* policy = NULL;
  salesrules_error* error = NULL;
  salesrules_status status = salesrules_policy_load(json, length, &policy, &error);
  free(json);
  if (status != SALESRULES_OK) {
    fprintf(stderr, "%s: %s\n", argv[1], salesrules_error_text(error));
    salesrules_error_free(error);
    return 2;
  }

  const char* deal =
      "{\"id\": \"OPP-2041\", \"account\": \"Globex Systems\", \"amount\": \"240000 USD\","
      " \"stage\": \"Discovery\", \"created_date\": \"2026-08-03\", \"close_date\": \"2026-12-18\","
      " \"ratings\": {\"budget\": 4, \"authority\": 3, \"need\": 5, \"timeline\": 4, \"champion\": 3,"
      " \"competition\": 3}}";
  char* answer = NULL;
  int failed = 0;
  status = salesrules_score(policy, deal, strlen(deal), &answer, NULL, &error);
  failed |= show("score", status, answer, error);
  status = salesrules_advance_check(policy, deal, strlen(deal), "Demo/Evaluation", "2026-11-23", NULL, 0, &answer,
                                    NULL, &error);
  failed |= show("advance", status, answer, error);

  // The hot path: a discount as a plain struct, no JSON.
  salesrules_discount_query query = salesrules_discount_query_default();
  query.discount_basis_points = 2200;  // 22%
  query.deal_amount_minor = 24000000;  // 240,000.00 USD
  memcpy(query.currency, "USD", 4);
  salesrules_discount_result decided;
  status = salesrules_decide_discount_query(policy, &query, &decided, &error);
  if (status == SALESRULES_OK) {
    printf("discount 22%%: %s%s\n", decided.level_name, decided.rep_may_approve ? ", the rep may approve" : "");
  } else {
    failed |= show("discount", status, NULL, error);
  }
  // A mistake is an error with its place: a rating of 7.
  const char* bad = "{\"id\": \"OPP-2042\", \"ratings\": {\"budget\": 7}}";
  status = salesrules_score(policy, bad, strlen(bad), &answer, NULL, &error);
  show("score", status, answer, error);

  salesrules_policy_free(policy);
  return failed;
}
