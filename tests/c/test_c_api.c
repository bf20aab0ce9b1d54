/* SPDX-License-Identifier: BSL-1.0 */
/* The C API from C: compiled as C99, linked to libsalesrules_c.so. The expected
 * figures are worked by hand from the playbook's defaults (the policy "{}"):
 * ratings summed out of 30 with equal weights, strong from 25 and viable from 18;
 * discount bands (0, 10%] the account executive, (10, 20%] a manager with documented
 * justification, (20, 30%] a director with strategic justification and a reciprocal
 * commitment, above 30% a VP with an executive sponsor and a business case.
 * Usage: test_c_api <source dir>. Exits 1 when a check fails. */
#include <salesrules/c/salesrules.h>

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int failures = 0;

#define CHECK(cond)                                                  \
  do {                                                               \
    if (!(cond)) {                                                   \
      fprintf(stderr, "%s:%d: check failed: %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                    \
    }                                                                \
  } while (0)

static size_t count_of(const char* text, const char* piece) {
  size_t n = 0;
  const char* at = text;
  while (text != NULL && (at = strstr(at, piece)) != NULL) {
    ++n;
    at += strlen(piece);
  }
  return n;
}

/* Whether `piece` is in `text`; when not, both are shown. */
static int contains(const char* text, const char* piece) {
  if (text != NULL && strstr(text, piece) != NULL) return 1;
  fprintf(stderr, "missing %s in:\n%s\n", piece, text != NULL ? text : "(null)");
  return 0;
}

/* A whole file, NUL-terminated; NULL when it cannot be read. */
static char* read_file(const char* dir, const char* name, size_t* length) {
  char path[4096];
  snprintf(path, sizeof path, "%s/%s", dir, name);
  FILE* f = fopen(path, "rb");
  if (f == NULL) return NULL;
  fseek(f, 0, SEEK_END);
  long size = ftell(f);
  fseek(f, 0, SEEK_SET);
  char* text = malloc((size_t)size + 1);
  if (text != NULL && fread(text, 1, (size_t)size, f) != (size_t)size) {
    free(text);
    text = NULL;
  }
  fclose(f);
  if (text != NULL) {
    text[size] = '\0';
    *length = (size_t)size;
  }
  return text;
}

static salesrules_policy* load(const char* json) {
  salesrules_policy* p = NULL;
  salesrules_error* e = NULL;
  salesrules_status s = salesrules_policy_load(json, strlen(json), &p, &e);
  CHECK(s == SALESRULES_OK);
  CHECK(e == NULL);
  if (e != NULL) fprintf(stderr, "policy: %s\n", salesrules_error_text(e));
  salesrules_error_free(e);
  return p;
}

static void test_versions(void) {
  CHECK(salesrules_abi_version() == SALESRULES_C_ABI_VERSION);
  CHECK(strcmp(salesrules_version(), "0.1.0") == 0);
}

static void test_policy_errors(void) {
  salesrules_policy* p = (salesrules_policy*)&p; /* not NULL, so the call must clear it */
  salesrules_error* e = NULL;
  /* Thresholds that contradict each other: viable above strong. */
  const char* bad = "{\"scorecard\": {\"strong_at\": 20, \"viable_at\": 24}}";
  CHECK(salesrules_policy_load(bad, strlen(bad), &p, &e) == SALESRULES_E_INVALID_POLICY);
  CHECK(p == NULL);
  CHECK(e != NULL && salesrules_error_code(e) == SALESRULES_E_INVALID_POLICY);
  CHECK(e != NULL && strncmp(salesrules_error_pointer(e), "/scorecard/", 11) == 0);
  CHECK(e != NULL && strlen(salesrules_error_message(e)) > 0);
  salesrules_error_free(e);

  /* A misspelt key: its pointer, and the nearest known key in the message. */
  const char* typo = "{\"scorecrd\": {}}";
  CHECK(salesrules_policy_load(typo, strlen(typo), &p, &e) == SALESRULES_E_UNKNOWN_NAME);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/scorecrd") == 0);
  CHECK(e != NULL && contains(salesrules_error_message(e), "scorecard"));
  salesrules_error_free(e);

  /* Not JSON: the line and column of the fault. */
  const char* broken = "{\n  \"scorecard\": ,\n}";
  CHECK(salesrules_policy_load(broken, strlen(broken), &p, &e) == SALESRULES_E_SYNTAX);
  CHECK(e != NULL && salesrules_error_line(e) == 2);
  salesrules_error_free(e);

  /* The length is honoured: the bytes after it are not read. */
  const char* padded = "{}garbage";
  CHECK(salesrules_policy_load(padded, 2, &p, &e) == SALESRULES_OK);
  salesrules_policy_free(p);

  /* NULL where a pointer is needed; a NULL error pointer is allowed. */
  CHECK(salesrules_policy_load(NULL, 5, &p, &e) == SALESRULES_E_ARGUMENT);
  CHECK(e != NULL && salesrules_error_code(e) == SALESRULES_E_ARGUMENT);
  salesrules_error_free(e);
  CHECK(salesrules_policy_load("{}", 2, NULL, NULL) == SALESRULES_E_ARGUMENT);
  salesrules_policy_free(NULL);
  salesrules_error_free(NULL);
  salesrules_string_free(NULL);
}

static void test_score(const salesrules_policy* p) {
  salesrules_score_result r;
  salesrules_error* e = NULL;
  /* 4 + 3 + 5 + 4 + 3 + 3 = 22 of 30: viable (18-24); the 3s are the weakest. */
  const uint8_t ratings[6] = {4, 3, 5, 4, 3, 3};
  CHECK(salesrules_score_ratings(p, ratings, &r, &e) == SALESRULES_OK);
  CHECK(e == NULL);
  CHECK(r.total_hundredths == 2200);
  CHECK(r.maximum_hundredths == 3000);
  CHECK(r.tier == SALESRULES_VIABLE);
  CHECK(r.weakest == ((1u << 1) | (1u << 4) | (1u << 5)));
  CHECK(r.unrated == 0);

  /* All fives: 30, strong, nothing weakest. */
  const uint8_t fives[6] = {5, 5, 5, 5, 5, 5};
  CHECK(salesrules_score_ratings(p, fives, &r, NULL) == SALESRULES_OK);
  CHECK(r.total_hundredths == 3000 && r.tier == SALESRULES_STRONG && r.weakest == 0);

  /* 3 + 3 + 3 + 3 + 3 and timeline not rated: 15, below 18; timeline unrated and weakest. */
  const uint8_t unrated[6] = {3, 3, 3, 0, 3, 3};
  CHECK(salesrules_score_ratings(p, unrated, &r, NULL) == SALESRULES_OK);
  CHECK(r.total_hundredths == 1500 && r.tier == SALESRULES_NEEDS_QUALIFICATION);
  CHECK(r.unrated == (1u << 3));
  CHECK(r.weakest == (1u << 3));

  /* A rating of 7: out of range, at its criterion; the result is cleared. */
  const uint8_t seven[6] = {4, 4, 4, 4, 4, 7};
  CHECK(salesrules_score_ratings(p, seven, &r, &e) == SALESRULES_E_OUT_OF_RANGE);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/ratings/competition") == 0);
  CHECK(r.total_hundredths == 0);
  salesrules_error_free(e);

  /* The same deal as JSON: the answer `salesrules score --format json` gives. */
  const char* deal =
      "{\"id\": \"OPP-1\", \"amount\": \"1000 USD\", \"stage\": \"Proposal\", \"ratings\": {\"budget\": 4, "
      "\"authority\": 3, \"need\": 5, \"timeline\": 4, \"champion\": 3, \"competition\": 3}}";
  char* answer = NULL;
  size_t length = 0;
  CHECK(salesrules_score(p, deal, strlen(deal), &answer, &length, &e) == SALESRULES_OK);
  CHECK(answer != NULL && strlen(answer) == length);
  CHECK(contains(answer, "\"deal\":\"OPP-1\""));
  CHECK(contains(answer, "\"total\":\"22\""));
  CHECK(contains(answer, "\"tier\":\"viable\""));
  CHECK(contains(answer, "\"weakest\":[\"authority\",\"champion\",\"competition\"]"));
  salesrules_string_free(answer);

  /* A deal with a rating of 6: the field's pointer, and no answer. */
  const char* six = "{\"id\": \"OPP-2\", \"ratings\": {\"need\": 6}}";
  answer = (char*)&answer;
  CHECK(salesrules_score(p, six, strlen(six), &answer, &length, &e) == SALESRULES_E_OUT_OF_RANGE);
  CHECK(answer == NULL && length == 0);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/ratings/need") == 0);
  salesrules_error_free(e);
}

static void test_category(const salesrules_policy* p) {
  char* answer = NULL;
  salesrules_error* e = NULL;
  /* Proposal is 60%: Best Case (60-90%). An override of 90% makes it Commit. */
  const char* proposal = "{\"id\": \"OPP-3\", \"amount\": \"1000 USD\", \"stage\": \"Proposal\"}";
  CHECK(salesrules_category(p, proposal, strlen(proposal), &answer, NULL, &e) == SALESRULES_OK);
  CHECK(contains(answer, "\"category\":\"best_case\""));
  CHECK(contains(answer, "\"probability\":60"));
  salesrules_string_free(answer);
  const char* sure =
      "{\"id\": \"OPP-4\", \"amount\": \"1000 USD\", \"stage\": \"Proposal\", \"probability_override\": 90}";
  CHECK(salesrules_category(p, sure, strlen(sure), &answer, NULL, &e) == SALESRULES_OK);
  CHECK(contains(answer, "\"category\":\"commit\""));
  salesrules_string_free(answer);
  /* A stage the process lacks. */
  const char* lost = "{\"id\": \"OPP-5\", \"amount\": \"1000 USD\", \"stage\": \"Qualify\"}";
  CHECK(salesrules_category(p, lost, strlen(lost), &answer, NULL, &e) == SALESRULES_E_UNKNOWN_NAME);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/stage") == 0);
  CHECK(e != NULL && strcmp(salesrules_error_deal(e), "OPP-5") == 0);
  salesrules_error_free(e);
}

static void test_advance(const salesrules_policy* p) {
  char* answer = NULL;
  salesrules_error* e = NULL;
  /* An empty deal leaving Discovery for Demo/Evaluation misses Discovery's three exit
   * criteria (MEDDIC complete, a viable score, BANT confirmed) and the entry of
   * Demo/Evaluation (technical fit confirmed): four, every one named. */
  const char* deal = "{\"id\": \"OPP-6\", \"amount\": \"1000 USD\", \"stage\": \"Discovery\"}";
  CHECK(salesrules_advance_check(p, deal, strlen(deal), "Demo/Evaluation", "2026-11-23", NULL, 0, &answer, NULL, &e) ==
        SALESRULES_OK);
  CHECK(contains(answer, "\"allowed\":false"));
  CHECK(count_of(answer, "\"side\":") == 4);
  CHECK(count_of(answer, "\"side\":\"exit\"") == 3);
  CHECK(contains(answer, "\"milestone\":\"technical_fit_confirmed\""));
  CHECK(contains(answer, "\"deal_after\":null"));
  salesrules_string_free(answer);

  /* An impossible day and an unknown stage are errors with their places. */
  CHECK(salesrules_advance_check(p, deal, strlen(deal), "Proposal", "2026-02-30", NULL, 0, &answer, NULL, &e) ==
        SALESRULES_E_OUT_OF_RANGE);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/today") == 0);
  salesrules_error_free(e);
  CHECK(salesrules_advance_check(p, deal, strlen(deal), "Negotiate", "2026-11-23", NULL, 0, &answer, NULL, &e) ==
        SALESRULES_E_UNKNOWN_NAME);
  salesrules_error_free(e);
  CHECK(salesrules_advance_check(p, deal, strlen(deal), NULL, "2026-11-23", NULL, 0, &answer, NULL, &e) ==
        SALESRULES_E_ARGUMENT);
  salesrules_error_free(e);
}

static void test_discount(const salesrules_policy* p) {
  salesrules_discount_result r;
  salesrules_error* e = NULL;
  salesrules_discount_query q = salesrules_discount_query_default();
  CHECK(q.deal_amount_minor == -1 && q.term_months == 12 && q.payment_days == 30);

  /* 10%: the account executive alone. */
  q.discount_basis_points = 1000;
  CHECK(salesrules_decide_discount_query(p, &q, &r, &e) == SALESRULES_OK);
  CHECK(r.level == 0 && strcmp(r.level_name, "Account Executive") == 0 && r.rep_may_approve == 1);
  CHECK(r.missing == 0 && r.reviewers == 0 && r.refused == 0);

  /* 22%: a director, missing strategic justification (evidence 1) and a reciprocal
   * commitment (evidence 2). */
  q.discount_basis_points = 2200;
  CHECK(salesrules_decide_discount_query(p, &q, &r, &e) == SALESRULES_OK);
  CHECK(r.level == 2 && strcmp(r.level_name, "Director") == 0 && r.rep_may_approve == 0);
  CHECK(r.missing == ((1u << 1) | (1u << 2)));

  /* 30.01%: a VP, missing an executive sponsor (3) and a business case (4). */
  q.discount_basis_points = 3001;
  q.deal_amount_minor = 25000000;
  memcpy(q.currency, "USD", 4);
  CHECK(salesrules_decide_discount_query(p, &q, &r, &e) == SALESRULES_OK);
  CHECK(r.level == 3 && strcmp(r.level_name, "VP") == 0);
  CHECK(r.missing == ((1u << 3) | (1u << 4)));

  /* A discount past 100% and an unknown currency are errors at their fields. */
  q.discount_basis_points = 10001;
  CHECK(salesrules_decide_discount_query(p, &q, &r, &e) == SALESRULES_E_OUT_OF_RANGE);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/discount") == 0);
  salesrules_error_free(e);
  q.discount_basis_points = 500;
  memcpy(q.currency, "XQZ", 4);
  CHECK(salesrules_decide_discount_query(p, &q, &r, &e) == SALESRULES_E_UNKNOWN_CURRENCY);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/deal_amount") == 0);
  salesrules_error_free(e);

  /* The JSON request: the same decision, with its trace. */
  const char* request = "{\"discount\": \"22%\"}";
  char* answer = NULL;
  CHECK(salesrules_decide_discount(p, request, strlen(request), &answer, NULL, &e) == SALESRULES_OK);
  CHECK(contains(answer, "\"level\":\"Director\""));
  CHECK(contains(answer, "\"approval_chain\":[\"Account Executive\",\"Manager\",\"Director\"]"));
  CHECK(contains(answer, "\"evidence_missing\":[\"strategic_justification\",\"reciprocal_commitment\"]"));
  CHECK(contains(answer, "\"rep_may_approve\":false"));
  salesrules_string_free(answer);
  const char* typo = "{\"discont\": \"22%\"}";
  CHECK(salesrules_decide_discount(p, typo, strlen(typo), &answer, NULL, &e) == SALESRULES_E_UNKNOWN_NAME);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/discont") == 0);
  salesrules_error_free(e);
}

static void test_reports(const char* source_dir) {
  size_t policy_length = 0, deals_length = 0;
  char* policy_json = read_file(source_dir, "examples/data/policy.json", &policy_length);
  char* deals = read_file(source_dir, "examples/data/pipeline.csv", &deals_length);
  CHECK(policy_json != NULL && deals != NULL);
  if (policy_json == NULL || deals == NULL) return;
  salesrules_policy* p = NULL;
  salesrules_error* e = NULL;
  CHECK(salesrules_policy_load(policy_json, policy_length, &p, &e) == SALESRULES_OK);

  char* report = NULL;
  const char* options = "{\"today\": \"2026-11-22\", \"quota\": \"2500000\"}";
  CHECK(salesrules_pipeline_report(p, deals, deals_length, SALESRULES_CSV, options, strlen(options), &report, NULL, &e) ==
        SALESRULES_OK);
  /* The sample's 300 deals, every one good. */
  CHECK(contains(report, "\"rows\":300,\"imported\":300,\"skipped\":0"));
  CHECK(contains(report, "\"report\":{"));
  salesrules_string_free(report);
  salesrules_policy_free(p);

  /* The playbook's defaults from here. A malformed row is skipped and listed with its line; with "strict" it fails the call. */
  p = load("{}");
  const char* bad =
      "id,amount,currency,stage,close_date,created_date\n"
      "A-1,1000,USD,Proposal,2026-12-01,2026-10-01\n"
      "A-2,10.005,USD,Proposal,2026-12-01,2026-10-01\n"
      "A-3,2000,USD,Negotiation,2026-12-01,2026-10-01\n";
  CHECK(salesrules_pipeline_report(p, bad, strlen(bad), SALESRULES_CSV, options, strlen(options), &report, NULL, &e) ==
        SALESRULES_OK);
  CHECK(contains(report, "\"rows\":3,\"imported\":2,\"skipped\":1"));
  CHECK(contains(report, "\"line\":3"));
  salesrules_string_free(report);
  const char* strict = "{\"today\": \"2026-11-22\", \"strict\": true}";
  CHECK(salesrules_pipeline_report(p, bad, strlen(bad), SALESRULES_CSV, strict, strlen(strict), &report, NULL, &e) ==
        SALESRULES_E_OUT_OF_RANGE);
  CHECK(report == NULL);
  CHECK(e != NULL && salesrules_error_line(e) == 3 && strcmp(salesrules_error_pointer(e), "/amount") == 0);
  CHECK(e != NULL && strcmp(salesrules_error_deal(e), "A-2") == 0);
  salesrules_error_free(e);

  /* Options: "today" is required, unknown keys and bad values are named. */
  const char* no_today = "{}";
  CHECK(salesrules_pipeline_report(p, bad, strlen(bad), SALESRULES_CSV, no_today, 2, &report, NULL, &e) ==
        SALESRULES_E_MISSING);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/today") == 0);
  salesrules_error_free(e);
  const char* wrong = "{\"today\": \"2026-11-22\", \"quota\": \"-5\"}";
  CHECK(salesrules_pipeline_report(p, bad, strlen(bad), SALESRULES_CSV, wrong, strlen(wrong), &report, NULL, &e) !=
        SALESRULES_OK);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/quota") == 0);
  salesrules_error_free(e);
  CHECK(salesrules_pipeline_report(p, bad, strlen(bad), (salesrules_input_format)7, options, strlen(options), &report,
                                   NULL, &e) == SALESRULES_E_ARGUMENT);
  salesrules_error_free(e);

  /* The forecast of the two good rows, in JSON Lines: 1,000 at 60% and 2,000 at 80%,
   * both Best Case, closing in the quarter: the weighted call is 600 + 1,600. */
  const char* lines =
      "{\"id\": \"A-1\", \"amount\": \"1000\", \"currency\": \"USD\", \"stage\": \"Proposal\", \"close_date\": "
      "\"2026-12-01\", \"created_date\": \"2026-10-01\"}\n"
      "{\"id\": \"A-3\", \"amount\": \"2000\", \"currency\": \"USD\", \"stage\": \"Negotiation\", \"close_date\": "
      "\"2026-12-01\", \"created_date\": \"2026-10-01\"}\n";
  const char* quarter = "{\"today\": \"2026-11-22\", \"period\": \"2026-Q4\"}";
  CHECK(salesrules_forecast_report(p, lines, strlen(lines), SALESRULES_JSON_LINES, quarter, strlen(quarter), &report,
                                   NULL, &e) == SALESRULES_OK);
  CHECK(contains(report, "\"rows\":2,\"imported\":2,\"skipped\":0"));
  CHECK(contains(report, "\"weighted\":\"2200.00 USD\""));
  salesrules_string_free(report);

  salesrules_policy_free(p);
  free(policy_json);
  free(deals);
}

/* A report built row by row, in two parts merged, equals the batch report of the same
 * rows as CSV. */
static void test_rows(void) {
  salesrules_policy* p = load("{}");
  if (p == NULL) return;
  salesrules_error* e = NULL;
  const char* columns[] = {"id", "amount", "currency", "stage", "close_date", "created_date", "last_activity_date"};
  const char* options = "{\"today\": \"2026-11-22\", \"period\": \"2026-Q4\"}";
  salesrules_report* first = NULL;
  salesrules_report* second = NULL;
  CHECK(salesrules_report_start(p, SALESRULES_PIPELINE, options, strlen(options), columns, 7, &first, &e) ==
        SALESRULES_OK);
  CHECK(salesrules_report_start(p, SALESRULES_PIPELINE, options, strlen(options), columns, 7, &second, &e) ==
        SALESRULES_OK);
  if (first == NULL || second == NULL) return;
  /* A NULL cell is blank: no last activity. */
  const char* a1[] = {"A-1", "1000", "USD", "Proposal", "2026-12-01", "2026-10-01", NULL};
  const char* a2[] = {"A-2", "10.005", "USD", "Proposal", "2026-12-01", "2026-10-01", NULL};
  const char* a3[] = {"A-3", "2000", "USD", "Negotiation", "2026-12-01", "2026-10-01", "2026-11-20"};
  /* Lengths that stop short: "500" of "5000", "Proposal" of "Proposals". */
  const char* a4[] = {"A-4", "5000", "USD", "Proposals", "2026-12-01", "2026-10-01", ""};
  const size_t a4_lengths[] = {3, 3, 3, 8, 10, 10, 0};
  CHECK(salesrules_report_add_row(first, a1, NULL, 7, &e) == SALESRULES_OK);
  CHECK(salesrules_report_add_row(first, a2, NULL, 7, &e) == SALESRULES_E_OUT_OF_RANGE);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/amount") == 0 && strcmp(salesrules_error_deal(e), "A-2") == 0);
  CHECK(e != NULL && contains(salesrules_error_text(e), "row 2 (/amount)"));
  salesrules_error_free(e);
  CHECK(salesrules_report_add_row(second, a3, NULL, 7, &e) == SALESRULES_OK);
  CHECK(salesrules_report_add_row(second, a4, a4_lengths, 7, &e) == SALESRULES_OK);
  CHECK(salesrules_report_merge(first, second, &e) == SALESRULES_OK);
  CHECK(salesrules_report_merge(first, first, &e) == SALESRULES_E_ARGUMENT);
  salesrules_error_free(e);

  char* rows_answer = NULL;
  CHECK(salesrules_report_json(first, &rows_answer, NULL, &e) == SALESRULES_OK);
  CHECK(contains(rows_answer, "\"rows\":4,\"imported\":3,\"skipped\":1"));
  /* Open: 1,000 + 2,000 + 500; weighted at 60%, 80% and 60%: 600 + 1,600 + 300. */
  CHECK(contains(rows_answer, "\"open_total\":\"3500.00 USD\",\"open_weighted\":\"2500.00 USD\""));
  /* The part merged in is empty now, and counts afresh. */
  char* emptied = NULL;
  CHECK(salesrules_report_json(second, &emptied, NULL, &e) == SALESRULES_OK);
  CHECK(contains(emptied, "\"rows\":0,\"imported\":0,\"skipped\":0"));
  salesrules_string_free(emptied);

  /* The same good rows as one CSV: the same answer, byte for byte, once the bad row's
   * listing (a line in a file, a row here) is left aside. */
  const char* csv =
      "id,amount,currency,stage,close_date,created_date,last_activity_date\n"
      "A-1,1000,USD,Proposal,2026-12-01,2026-10-01,\n"
      "A-3,2000,USD,Negotiation,2026-12-01,2026-10-01,2026-11-20\n"
      "A-4,500,USD,Proposal,2026-12-01,2026-10-01,\n";
  char* batch = NULL;
  CHECK(salesrules_pipeline_report(p, csv, strlen(csv), SALESRULES_CSV, options, strlen(options), &batch, NULL, &e) ==
        SALESRULES_OK);
  const char* rows_report = rows_answer != NULL ? strstr(rows_answer, "\"report\":") : NULL;
  const char* batch_report = batch != NULL ? strstr(batch, "\"report\":") : NULL;
  CHECK(rows_report != NULL && batch_report != NULL && strcmp(rows_report, batch_report) == 0);
  salesrules_string_free(batch);
  salesrules_string_free(rows_answer);

  /* Bad rows in both parts are listed in order, numbered as one report numbers them:
   * rows 2 and 5 of first + second, the second's own row 2 now row 5. A short row is
   * bad too. */
  CHECK(salesrules_report_add_row(second, a1, NULL, 7, &e) == SALESRULES_OK); /* counts afresh: A-1 is new to it */
  CHECK(salesrules_report_add_row(second, a2, NULL, 6, &e) == SALESRULES_E_SYNTAX);
  CHECK(e != NULL && contains(salesrules_error_text(e), "row 2"));
  salesrules_error_free(e);
  CHECK(salesrules_report_merge(first, second, &e) == SALESRULES_OK);
  char* merged = NULL;
  CHECK(salesrules_report_json(first, &merged, NULL, &e) == SALESRULES_OK);
  CHECK(contains(merged, "\"rows\":6,\"imported\":4,\"skipped\":2"));
  CHECK(contains(merged, "\"deal_id\":\"A-2\",\"row\":2}"));
  CHECK(contains(merged, "\"row\":6}]"));
  salesrules_string_free(merged);

  /* Only parts of one report merge: not another policy's, nor other options'. */
  salesrules_policy* other = load("{\"scorecard\": {\"viable_at\": 20}}");
  salesrules_report* foreign = NULL;
  CHECK(salesrules_report_start(other, SALESRULES_PIPELINE, options, strlen(options), columns, 7, &foreign, &e) ==
        SALESRULES_OK);
  CHECK(salesrules_report_add_row(foreign, a3, NULL, 7, &e) == SALESRULES_OK);
  CHECK(salesrules_report_merge(first, foreign, &e) == SALESRULES_E_INCONSISTENT);
  salesrules_error_free(e);
  salesrules_report_free(foreign);
  salesrules_policy_free(other);
  const char* later_day = "{\"today\": \"2026-11-23\", \"period\": \"2026-Q4\"}";
  CHECK(salesrules_report_start(p, SALESRULES_PIPELINE, later_day, strlen(later_day), columns, 7, &foreign, &e) ==
        SALESRULES_OK);
  CHECK(salesrules_report_merge(first, foreign, &e) == SALESRULES_E_INCONSISTENT);
  salesrules_error_free(e);
  salesrules_report_free(foreign);
  /* A quota of 0 is refused when the report starts, not row by row. */
  const char* zero = "{\"today\": \"2026-11-22\", \"quota\": \"0\"}";
  CHECK(salesrules_report_start(p, SALESRULES_PIPELINE, zero, strlen(zero), columns, 7, &foreign, &e) ==
        SALESRULES_E_OUT_OF_RANGE);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/quota") == 0);
  salesrules_error_free(e);

  /* Columns without a stage; a row of the wrong kind of report. */
  salesrules_report* refused = (salesrules_report*)&refused;
  CHECK(salesrules_report_start(p, SALESRULES_PIPELINE, options, strlen(options), columns, 3, &refused, &e) ==
        SALESRULES_E_MISSING);
  CHECK(refused == NULL);
  CHECK(e != NULL && strcmp(salesrules_error_pointer(e), "/stage") == 0);
  salesrules_error_free(e);
  salesrules_report* forecast = NULL;
  CHECK(salesrules_report_start(p, SALESRULES_FORECAST, options, strlen(options), columns, 7, &forecast, &e) ==
        SALESRULES_OK);
  CHECK(salesrules_report_merge(first, forecast, &e) == SALESRULES_E_INCONSISTENT);
  salesrules_error_free(e);
  salesrules_report_free(forecast);
  salesrules_report_free(first);
  salesrules_report_free(second);
  salesrules_report_free(NULL);
  salesrules_policy_free(p);
}

int main(int argc, char** argv) {
  if (argc != 2) {
    fprintf(stderr, "usage: test_c_api <source dir>\n");
    return 2;
  }
  test_versions();
  test_policy_errors();
  salesrules_policy* p = load("{}");
  if (p != NULL) {
    test_score(p);
    test_category(p);
    test_advance(p);
    test_discount(p);
    salesrules_policy_free(p);
  }
  test_reports(argv[1]);
  test_rows();
  if (failures != 0) {
    fprintf(stderr, "%d checks failed\n", failures);
    return 1;
  }
  printf("the C API: every check passed\n");
  return 0;
}
