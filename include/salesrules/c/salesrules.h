/* SPDX-License-Identifier: BSL-1.0 */
/* salesrules/c/salesrules.h - the C API of salesrules: libsalesrules_c.so.
 *
 * C99, for hosts in any language that can call C (Python's ctypes, PHP's FFI, Node's
 * N-API, PostgreSQL's extensions). Link -lsalesrules_c (pkg-config salesrules-c); the
 * library carries the rules, the policies as JSON, the importer and the reports, and
 * exports nothing but the functions below.
 *
 * The rules of every call:
 * - A call returns SALESRULES_OK (0) or the kind of failure. On failure, when `error`
 *   is not NULL, *error receives a new error (what was wrong and where: a JSON
 *   pointer into the input, and a line and column for a row of an export) that the
 *   caller frees with salesrules_error_free; on success *error is set to NULL. Every
 *   output pointer is set to NULL (or 0) on failure, so nothing half-made is returned.
 * - Text in is UTF-8, given as a pointer and a length in bytes (it need not end in a
 *   NUL; a NULL pointer with length 0 is the empty text). Text out is UTF-8 JSON ending
 *   in a NUL, which the caller frees with salesrules_string_free; its length (without
 *   the NUL) goes to `length` when that is not NULL.
 * - No call reads a clock: "today" is an argument, as "YYYY-MM-DD".
 * - Bad input of any kind is an error, never a crash: a NULL where a pointer is needed
 *   is SALESRULES_E_ARGUMENT. No C++ exception leaves the library. Memory running out
 *   while this interface builds its own text is SALESRULES_E_NO_MEMORY; inside the
 *   engine, whose functions promise not to throw, it ends the process.
 * - A policy is immutable once loaded: any number of threads may use one policy at
 *   once. Errors and strings belong to the caller.
 */
#ifndef SALESRULES_C_SALESRULES_H
#define SALESRULES_C_SALESRULES_H

#include <stddef.h>
#include <stdint.h>

#if defined(SALESRULES_C_BUILDING)
#define SALESRULES_C_API __attribute__((visibility("default")))
#else
#define SALESRULES_C_API
#endif

#ifdef __cplusplus
extern "C" {
#endif
/* NOLINTBEGIN(modernize-use-using): C has typedef only. */

/* The version of this interface: raised whenever a function, a struct or a constant
 * of this header changes incompatibly. A host compares salesrules_abi_version() with
 * the SALESRULES_C_ABI_VERSION it was compiled against. */
#define SALESRULES_C_ABI_VERSION 1

/* What a call did. 1 to 14 are the library's kinds of failure (salesrules::errc, in
 * its order); the last two belong to this interface. */
typedef enum salesrules_status {
  SALESRULES_OK = 0,
  SALESRULES_E_SYNTAX = 1,             /* text not in the required form ("2026-2-3") */
  SALESRULES_E_OUT_OF_RANGE = 2,       /* well-formed but outside the allowed values (a rating of 7) */
  SALESRULES_E_OVERFLOW = 3,           /* an amount or a sum beyond 64-bit minor units */
  SALESRULES_E_CURRENCY_MISMATCH = 4,  /* arithmetic across two currencies */
  SALESRULES_E_UNKNOWN_CURRENCY = 5,   /* not an ISO 4217 code */
  SALESRULES_E_UNKNOWN_NAME = 6,       /* a stage, key or field that is not defined */
  SALESRULES_E_DUPLICATE = 7,          /* a name defined twice, a deal given twice */
  SALESRULES_E_INVALID_POLICY = 8,     /* policy settings that contradict each other */
  SALESRULES_E_NOT_ALLOWED = 9,        /* a stage move the policy forbids */
  SALESRULES_E_CRITERIA_UNMET = 10,    /* a stage move refused for unmet criteria */
  SALESRULES_E_INCONSISTENT = 11,      /* fields of one record contradict each other */
  SALESRULES_E_MISSING = 12,           /* a field the question needs is absent */
  SALESRULES_E_NO_MEMORY = 13,         /* memory ran out */
  SALESRULES_E_TOO_LARGE = 14,         /* an input past a size limit */
  SALESRULES_E_ARGUMENT = 64,          /* a NULL pointer where one is needed, or an unknown enumerator */
  SALESRULES_E_INTERNAL = 65,          /* a failure inside the library that should not happen */
  SALESRULES_STATUS_INT_ = 0x7fffffff, /* not a status: with the next, every int is a value of the type */
  SALESRULES_STATUS_INT_MIN_ = -0x7fffffff - 1
} salesrules_status;

/* The version of this interface the library implements (SALESRULES_C_ABI_VERSION),
 * and the library's own version ("0.1.0"; a static string). */
SALESRULES_C_API uint32_t salesrules_abi_version(void);
SALESRULES_C_API const char* salesrules_version(void);

/* --- errors ------------------------------------------------------------------ */

typedef struct salesrules_error salesrules_error;

/* The kind of failure, never SALESRULES_OK. */
SALESRULES_C_API salesrules_status salesrules_error_code(const salesrules_error* error);
/* The place: an RFC 6901 JSON pointer into the input ("/process/stages/2/name",
 * "/amount"), "" for the input as a whole. */
SALESRULES_C_API const char* salesrules_error_pointer(const salesrules_error* error);
/* What was wrong, in a sentence. */
SALESRULES_C_API const char* salesrules_error_message(const salesrules_error* error);
/* The place, the deal and the message in one line, as the tool prints them:
 * "line 4, column 6 (/amount): deal 'OPP-7': '12.345' has 3 decimals but USD allows 2". */
SALESRULES_C_API const char* salesrules_error_text(const salesrules_error* error);
/* The id of the deal the error is about, "" when none. */
SALESRULES_C_API const char* salesrules_error_deal(const salesrules_error* error);
/* The 1-based line and column of an export the error is on, 0 when none. */
SALESRULES_C_API uint64_t salesrules_error_line(const salesrules_error* error);
SALESRULES_C_API uint64_t salesrules_error_column(const salesrules_error* error);
/* Frees an error; NULL is ignored. The strings above live as long as the error. */
SALESRULES_C_API void salesrules_error_free(salesrules_error* error);

/* Frees text this library returned; NULL is ignored. */
SALESRULES_C_API void salesrules_string_free(char* text);

/* --- policies ---------------------------------------------------------------- */

typedef struct salesrules_policy salesrules_policy;

/* Reads and validates a policy from its JSON (docs/policies.md); "{}" is the
 * playbook's defaults. Errors: not JSON (the line and column), an unknown key (with
 * the nearest known one), a value of the wrong form, settings that contradict each
 * other; each with its JSON pointer. */
SALESRULES_C_API salesrules_status salesrules_policy_load(const char* json, size_t length, salesrules_policy** policy,
                                                          salesrules_error** error);
/* Frees a policy; NULL is ignored. No call may be using it. */
SALESRULES_C_API void salesrules_policy_free(salesrules_policy* policy);

/* --- one deal, one request: JSON in, JSON out --------------------------------- */
/* A deal is an opportunity's JSON form: {"id": "OPP-7", "amount": "240000 USD",
 * "stage": "Proposal", "close_date": "2026-12-18", "ratings": {"budget": 4}, ...}; a
 * discount request is {"discount": "22%"} or {"lines": [{"list": ..., "net": ...}]}
 * with its terms and fields. The answers are the JSON objects `salesrules score`,
 * `advance` and `discount` print with --format json, without "schema" and "version"
 * (salesrules/io/answers.hpp). */

/* The qualification score and MEDDPICC completion of a deal. */
SALESRULES_C_API salesrules_status salesrules_score(const salesrules_policy* policy, const char* deal, size_t deal_length,
                                                    char** answer, size_t* length, salesrules_error** error);

/* The deal's forecast category: {"deal", "category", "computed", "source", "probability"}. */
SALESRULES_C_API salesrules_status salesrules_category(const salesrules_policy* policy, const char* deal,
                                                       size_t deal_length, char** answer, size_t* length,
                                                       salesrules_error** error);

/* Checks a move of the deal to the stage `to` on the day `today`, naming every unmet
 * criterion ("allowed": false is an answer, not an error); with the deal after the
 * move when it is allowed. `loss_reason` (may be NULL) and `disqualified` (0 or 1)
 * go with a move to a lost stage. Errors: an unknown stage, a move the policy
 * forbids (SALESRULES_E_NOT_ALLOWED), a deal whose outcome contradicts its stage. */
SALESRULES_C_API salesrules_status salesrules_advance_check(const salesrules_policy* policy, const char* deal,
                                                            size_t deal_length, const char* to, const char* today,
                                                            const char* loss_reason, int disqualified, char** answer,
                                                            size_t* length, salesrules_error** error);

/* The approval a discount request needs under the policy's matrix, with the trace of
 * every band and rule that decided it. */
SALESRULES_C_API salesrules_status salesrules_decide_discount(const salesrules_policy* policy, const char* request,
                                                              size_t request_length, char** answer, size_t* length,
                                                              salesrules_error** error);

/* --- a batch of deals: the reports ---------------------------------------------- */

/* How the batch is written: the opportunity CSV (a header row, then one deal a row),
 * or JSON Lines with the same names as keys (docs/importing.md). */
typedef enum salesrules_input_format {
  SALESRULES_CSV = 0,
  SALESRULES_JSON_LINES = 1,
  SALESRULES_INPUT_FORMAT_INT_ = 0x7fffffff, /* not a format: with the next, every int is a value of the type */
  SALESRULES_INPUT_FORMAT_INT_MIN_ = -0x7fffffff - 1
} salesrules_input_format;

/* The pipeline report of a batch of deals, as `salesrules pipeline --format json`
 * prints it: {"today", "import": {"rows", "imported", "skipped", "errors": [...],
 * "ignored_columns": [...]}, "report": {...}}.
 * `options` is a JSON object (NULL or length 0: {}) with "today" (required,
 * "YYYY-MM-DD"), and optionally "quota" ("2500000", in the reporting currency),
 * "period" ("2026-Q4"), "listed_findings" (20), "strict" (false) and "column_map" (a
 * column map's JSON, docs/importing.md). A malformed row is skipped and listed with
 * its line, column and pointer under "import"; with "strict" it is the call's error.
 * Other errors: a header without the id, amount or stage column, bad options (their
 * pointer, "/quota"). */
SALESRULES_C_API salesrules_status salesrules_pipeline_report(const salesrules_policy* policy, const char* deals,
                                                              size_t deals_length, salesrules_input_format format,
                                                              const char* options, size_t options_length,
                                                              char** report, size_t* length, salesrules_error** error);

/* The forecast report of a batch, as `salesrules forecast --format json` prints it;
 * the options as for the pipeline report but "listed_findings". */
SALESRULES_C_API salesrules_status salesrules_forecast_report(const salesrules_policy* policy, const char* deals,
                                                              size_t deals_length, salesrules_input_format format,
                                                              const char* options, size_t options_length,
                                                              char** report, size_t* length, salesrules_error** error);

/* --- a batch row by row: rows of cells, as a database or a data frame has them --- */

typedef struct salesrules_report salesrules_report;

typedef enum salesrules_report_kind {
  SALESRULES_PIPELINE = 0,
  SALESRULES_FORECAST = 1,
  SALESRULES_REPORT_KIND_INT_ = 0x7fffffff, /* not a kind: with the next, every int is a value of the type */
  SALESRULES_REPORT_KIND_INT_MIN_ = -0x7fffffff - 1
} salesrules_report_kind;

/* Starts a pipeline or forecast report over rows of cells: `columns` name the cells as
 * a CSV header names its fields ("id", "amount", "currency", "stage", ..., or the
 * names a "column_map" renames), and each row comes by salesrules_report_add_row.
 * `options` as for the batch reports, "strict" aside (each bad row is its call's
 * error anyway). The policy must outlive the report, which salesrules_report_free
 * frees. Errors: the options', a column read twice, no id, amount or stage column, no
 * currency column when the column map gives no currency. */
SALESRULES_C_API salesrules_status salesrules_report_start(const salesrules_policy* policy, salesrules_report_kind kind,
                                                           const char* options, size_t options_length,
                                                           const char* const* columns, size_t column_count,
                                                           salesrules_report** report, salesrules_error** error);

/* Adds one row of `cell_count` cells: cells[i] holds column i's text, lengths[i]
 * bytes of it (lengths NULL: each cell ends in a NUL); a NULL cell is blank (SQL's
 * NULL). A bad row (a rating of 7, a date of 2026-02-30, an id given before, more or
 * fewer cells than columns) is this call's error, with its row number in the report,
 * and is counted and listed in the report's "import" as the batch reports list it;
 * the report goes on with the next row. A row that reads but the report cannot take
 * (which a batch report would end on) is such an error too; its id counts as seen. */
SALESRULES_C_API salesrules_status salesrules_report_add_row(salesrules_report* report, const char* const* cells,
                                                             const size_t* lengths, size_t cell_count,
                                                             salesrules_error** error);

/* Takes in the rows of `later`, a report started alike (the same policy, kind, options
 * and columns; otherwise SALESRULES_E_INCONSISTENT) and given a later part of the same
 * rows (by another thread, say), as if they had come after this report's own: the
 * answer is the one a single report given both parts in order gives, its bad rows
 * numbered on from this report's. `later` is left empty and may go on taking rows,
 * numbered afresh. An id given in two parts is not found: each part refuses the ids
 * it has seen twice. */
SALESRULES_C_API salesrules_status salesrules_report_merge(salesrules_report* report, salesrules_report* later,
                                                           salesrules_error** error);

/* The report of the rows taken so far, as salesrules_pipeline_report or
 * salesrules_forecast_report answers: {"today", "import", "report"}. More rows may
 * follow. */
SALESRULES_C_API salesrules_status salesrules_report_json(const salesrules_report* report, char** json, size_t* length,
                                                          salesrules_error** error);

/* Frees a report; NULL is ignored. */
SALESRULES_C_API void salesrules_report_free(salesrules_report* report);

/* --- hot paths: plain structs, no JSON, no allocation -------------------------- */

/* A scorecard's answer: points in hundredths on the /30 scale, rounded down. */
typedef enum salesrules_tier {
  SALESRULES_NEEDS_QUALIFICATION = 0,
  SALESRULES_VIABLE = 1,
  SALESRULES_STRONG = 2,
  SALESRULES_TIER_INT_ = 0x7fffffff, /* not a tier: with the next, every int is a value of the type */
  SALESRULES_TIER_INT_MIN_ = -0x7fffffff - 1
} salesrules_tier;

typedef struct salesrules_score_result {
  int32_t total_hundredths;   /* 2150 is 21.50 points */
  int32_t maximum_hundredths; /* 3000 */
  salesrules_tier tier;
  uint32_t weakest; /* bit i: criterion i (budget, authority, need, timeline, champion, competition) is among the weakest */
  uint32_t unrated; /* bit i: criterion i is not rated */
} salesrules_score_result;

/* Scores six ratings in the order budget, authority, need, timeline, champion,
 * competition: 1-5, or 0 for not rated. A rating outside 0-5 is
 * SALESRULES_E_OUT_OF_RANGE at "/ratings/<criterion>". */
SALESRULES_C_API salesrules_status salesrules_score_ratings(const salesrules_policy* policy, const uint8_t ratings[6],
                                                            salesrules_score_result* result, salesrules_error** error);

/* A discount stated as a figure, with the terms the matrix's rules read. */
typedef struct salesrules_discount_query {
  int64_t discount_basis_points; /* 2250 is 22.50%; 0 to 10000 */
  int64_t deal_amount_minor;     /* the deal amount in minor units of `currency`; -1 when not stated */
  char currency[4];              /* ISO 4217, NUL-terminated; "" when no amount is stated */
  int32_t term_months;           /* 12 */
  int32_t payment_days;          /* 30 */
  int32_t nonstandard_terms;     /* 0 or 1 */
  int32_t phased_rollout;        /* 0 or 1 */
} salesrules_discount_query;

/* The query the playbook's defaults describe: no discount, no amount, 12 months, 30 days. */
SALESRULES_C_API salesrules_discount_query salesrules_discount_query_default(void);

typedef struct salesrules_discount_result {
  uint32_t level;          /* the approval level's index in the policy's levels */
  const char* level_name;  /* its name; owned by the policy, valid while it lives */
  uint64_t reviewers;      /* bit i: the policy's reviewer i must review */
  uint64_t missing;        /* bit i: the policy's evidence i is required and not brought */
  int32_t rep_may_approve; /* 1 when the rep may approve alone */
  int32_t refused;         /* 1 when an approval rule refuses the request */
} salesrules_discount_result;

/* Decides a discount query. Errors as salesrules_decide_discount's: a discount
 * outside 0-100% ("/discount"), a negative amount or an unknown currency
 * ("/deal_amount"), a rule that needs a field or an amount the query lacks. */
SALESRULES_C_API salesrules_status salesrules_decide_discount_query(const salesrules_policy* policy,
                                                                    const salesrules_discount_query* query,
                                                                    salesrules_discount_result* result,
                                                                    salesrules_error** error);

/* NOLINTEND(modernize-use-using) */
#ifdef __cplusplus
}
#endif

#endif /* SALESRULES_C_SALESRULES_H */
