/*
 * dangjian.h — the C interface of the dangjian library, and its only C header.
 *
 * A stable ABI over the C++ engine: opaque handles, bytes in as (pointer,
 * length, format), results out in a dj_buffer the caller frees with
 * dj_buffer_free. Every call returns a dj_status; on failure the message is
 * dj_last_error(), per thread. No C++ exception crosses this boundary.
 *
 *   dj_snapshot* snapshot = NULL;
 *   dj_profile* profile = NULL;
 *   dj_buffer report = {0};
 *   if (dj_snapshot_load(bytes, size, DJ_FORMAT_JSON, &snapshot) != DJ_OK ||
 *       dj_profile_builtin("national", &profile) != DJ_OK ||
 *       dj_check(snapshot, profile, NULL, &report) != DJ_OK) {
 *     fprintf(stderr, "%s\n", dj_last_error());
 *   } else {
 *     fwrite(report.data, 1, report.size, stdout);   // dangjian.v1.Report as JSON
 *   }
 *   dj_buffer_free(&report);
 *   dj_profile_destroy(profile);
 *   dj_snapshot_destroy(snapshot);
 *
 * Ownership: every dj_buffer filled by the library is the caller's, to free
 * with dj_buffer_free; every handle created is the caller's, to destroy with
 * its _destroy function. Destroy and free functions accept NULL.
 *
 * Messages exchanged are those of proto/dangjian/v1 (Snapshot, Policy,
 * Report, Agenda, RuleCatalogue, ProfileList), as protobuf JSON, binary or,
 * for profiles, textproto. Enum numbers (DJ_DUES_*) are the schema's.
 *
 * Compatibility: within a major version, functions are only added and the
 * option structs only grow at their end (their first field says their size).
 */
#ifndef DANGJIAN_H_
#define DANGJIAN_H_

#include <stddef.h>
#include <stdint.h>

#if defined(DANGJIAN_BUILDING) && defined(__GNUC__)
#define DJ_EXPORT __attribute__((visibility("default")))
#else
#define DJ_EXPORT
#endif

#ifdef __cplusplus
extern "C" {
#endif

/* ---- version ------------------------------------------------------------ */
#define DJ_VERSION_MAJOR 0
#define DJ_VERSION_MINOR 3
#define DJ_VERSION_PATCH 0
#define DJ_VERSION_NUMBER (DJ_VERSION_MAJOR * 10000 + DJ_VERSION_MINOR * 100 + DJ_VERSION_PATCH)
#define DJ_VERSION_STRING "0.3.0"

/* The library's version, as DJ_VERSION_NUMBER and DJ_VERSION_STRING. */
DJ_EXPORT int dj_version_number(void);
DJ_EXPORT const char* dj_version_string(void);
/* DJ_OK when a program built against header version `header_version` (pass
 * DJ_VERSION_NUMBER) may use this library: a version of this header (0.1.0,
 * 100, or later), the same major version, and a library at least as new as
 * the header. DJ_VERSION_MISMATCH otherwise (0 and negative numbers too). */
DJ_EXPORT int dj_check_version(int header_version);

/* ---- status ------------------------------------------------------------- */
typedef int dj_status;
#define DJ_OK 0
#define DJ_INVALID_ARGUMENT 1 /* a NULL pointer, an unknown format or option */
#define DJ_BAD_INPUT 2        /* bytes that do not parse or validate; the message names record and field */
#define DJ_NOT_FOUND 3        /* no such profile, rule or org */
#define DJ_INTERNAL 4         /* a defect of the library */
#define DJ_VERSION_MISMATCH 5
#define DJ_NO_MEMORY 6        /* out of memory, on any thread of the call: nothing was created */
#define DJ_STOPPED 7          /* a callback asked to stop */

/* The message of the last call that failed on this thread; "" if none. Valid
 * until the next failing call on the same thread. One line: the control
 * characters of the input it quotes are escaped (\n, \x1b, \u009b). */
DJ_EXPORT const char* dj_last_error(void);

/* ---- buffers and formats ------------------------------------------------ */
typedef struct dj_buffer {
  char* data; /* not NUL-terminated for binary formats; text formats add a NUL after size */
  size_t size;
} dj_buffer;

/* Frees the data of a buffer the library filled, and zeroes it. */
DJ_EXPORT void dj_buffer_free(dj_buffer* buffer);

#define DJ_FORMAT_JSON 1      /* protobuf JSON */
#define DJ_FORMAT_BINARY 2    /* binary protobuf */
#define DJ_FORMAT_TEXTPROTO 3 /* protobuf text format: profiles */
#define DJ_FORMAT_DELIMITED 4 /* varint-delimited Snapshot messages: snapshots */
#define DJ_FORMAT_TEXT 5      /* for a person: reports and agendas */
#define DJ_FORMAT_HTML 6      /* for a person: reports */

/* ---- profiles ----------------------------------------------------------- */
/* A resolved profile. Immutable: safe to use from many threads at once. */
typedef struct dj_profile dj_profile;

DJ_EXPORT dj_status dj_profile_builtin(const char* id, dj_profile** out);
/* A profile in textproto, JSON or binary; `extends` names a built-in one. */
DJ_EXPORT dj_status dj_profile_parse(const char* data, size_t size, int format, dj_profile** out);
DJ_EXPORT void dj_profile_destroy(dj_profile* profile);
/* The resolved profile (every field, the chain flattened) as a Policy message. */
DJ_EXPORT dj_status dj_profile_resolved(const dj_profile* profile, int format, dj_buffer* out);
/* The built-in profiles, as a ProfileList message (JSON or binary). */
DJ_EXPORT dj_status dj_profile_list(int format, dj_buffer* out);

/* ---- snapshots ---------------------------------------------------------- */
/* A loaded, validated snapshot. Immutable: checking it from many threads at
 * once is safe. */
typedef struct dj_snapshot dj_snapshot;

/* JSON, binary or delimited. A failed load creates nothing. In JSON, an
 * integer is read where an id is a string (a database's BIGINT key). */
DJ_EXPORT dj_status dj_snapshot_load(const char* data, size_t size, int format, dj_snapshot** out);
/* How a load reads a platform's export; begins with its size, as the option
 * structs below (dj_check_options says what the ABI promises of them). */
typedef struct dj_load_options {
  size_t struct_size;        /* sizeof(dj_load_options) */
  int ignore_unknown_fields; /* non-zero: a field (JSON) or column (CSV) the schema lacks is passed over, not refused */
} dj_load_options;
/* dj_snapshot_load with options; `options` may be NULL for the defaults. */
DJ_EXPORT dj_status dj_snapshot_load_with(const char* data, size_t size, int format, const dj_load_options* options,
                                          dj_snapshot** out);
/* The snapshot at `path`: a file, its format from its name (.json, .pb,
 * .djs; another name: DJ_INVALID_ARGUMENT), a ledger workbook (.xlsx) or a
 * folder of CSV tables (docs/schema.md), whose errors name the file, line,
 * column and header (a workbook's: the sheet, cell and header).
 * DJ_NOT_FOUND when it cannot be read; a failed load creates nothing.
 * `options` may be NULL. */
DJ_EXPORT dj_status dj_snapshot_load_file(const char* path, const dj_load_options* options, dj_snapshot** out);
DJ_EXPORT void dj_snapshot_destroy(dj_snapshot* snapshot);
/* The bundled sample city, as Snapshot JSON; check it as of DJ_SAMPLE_AS_OF. */
DJ_EXPORT dj_status dj_sample(dj_buffer* out);
#define DJ_SAMPLE_AS_OF "2026-11-30"

/* ---- check -------------------------------------------------------------- */
/* Option structs begin with struct_size, the size of the struct the caller
 * was compiled with (sizeof). The ABI promises: a smaller one, from an older
 * header, is read up to its size and the fields it lacks take their defaults;
 * a larger one, from a newer header, is refused (DJ_INVALID_ARGUMENT) rather
 * than read in part, as is one below sizeof(size_t) (not set). Fields are
 * only ever added at the end. */
typedef struct dj_check_options {
  size_t struct_size; /* sizeof(dj_check_options) */
  const char* as_of;  /* "YYYY-MM-DD"; NULL: today */
  const char* from;   /* first day of the window judged; NULL: 1 January of as_of's year */
  const char* scope;  /* an org id: only its subtree; NULL: everything */
  const char* rules;  /* comma-separated rule ids or families ("term, setup"); NULL: all enabled */
  const char* lang;   /* "zh" or "en"; NULL: "zh" */
  int format;         /* DJ_FORMAT_JSON (default when 0), _BINARY, _TEXT or _HTML */
} dj_check_options;

/* Runs the profile's rules over the snapshot: a Report message in `out`.
 * `options` may be NULL for the defaults. */
DJ_EXPORT dj_status dj_check(const dj_snapshot* snapshot, const dj_profile* profile,
                             const dj_check_options* options, dj_buffer* out);

typedef struct dj_agenda_options {
  size_t struct_size; /* sizeof(dj_agenda_options) */
  const char* as_of;  /* NULL: today */
  int days;           /* the horizon; 0 with struct_size set means 0 days; see DJ_AGENDA_DEFAULT_HORIZON */
  const char* scope;
  const char* lang;
  int format; /* DJ_FORMAT_JSON (default when 0), _BINARY or _TEXT */
} dj_agenda_options;
#define DJ_AGENDA_DEFAULT_DAYS 30
/* days: DJ_AGENDA_DEFAULT_DAYS and on to the end of the month they end in,
 * since a month's obligations all fall due on its last day (as of 30
 * November: 31 December). The horizon when `options` is NULL. */
#define DJ_AGENDA_DEFAULT_HORIZON (-1)

/* What each org must still do, by when: an Agenda message in `out`.
 * `options` may be NULL (today, DJ_AGENDA_DEFAULT_HORIZON). */
DJ_EXPORT dj_status dj_agenda(const dj_snapshot* snapshot, const dj_profile* profile,
                              const dj_agenda_options* options, dj_buffer* out);
/* dj_agenda for some rules only: `rules` comma-separated rule ids or families
 * ("life,term.due_soon"; NULL: every enabled rule), as dj_check_options.rules. */
DJ_EXPORT dj_status dj_agenda_for_rules(const dj_snapshot* snapshot, const dj_profile* profile,
                                        const dj_agenda_options* options, const char* rules, dj_buffer* out);

/* ---- the catalogue and dues --------------------------------------------- */
/* Every rule with its severity, subject, citation and what it checks, as a
 * RuleCatalogue message; `lang` "zh" or "en" (NULL: "zh"). */
DJ_EXPORT dj_status dj_rules(const char* lang, int format, dj_buffer* out);
/* The rules of a profile: the catalogue's, then the profile's own (its local
 * rules, `local` set), each with the profile's severity and whether the
 * profile checks it (`enabled`), as a RuleCatalogue message. */
DJ_EXPORT dj_status dj_profile_rules(const dj_profile* profile, const char* lang, int format, dj_buffer* out);

#define DJ_DUES_EMPLOYED 1
#define DJ_DUES_RETIRED 2
#define DJ_DUES_STUDENT 3
#define DJ_DUES_UNEMPLOYED 4
#define DJ_DUES_LOW_INCOME 5
#define DJ_DUES_FARMER 6
#define DJ_DUES_OTHER_FLAT 7

/* The standard monthly dues in cents for a category and an after-tax monthly
 * income in cents (ignored by the flat categories; -1 when unknown).
 * `profile` may be NULL for the national one. */
DJ_EXPORT dj_status dj_dues_standard(int category, int64_t monthly_income_cents, const dj_profile* profile,
                                     int64_t* out_cents);

/* ---- assessment --------------------------------------------------------- */
typedef struct dj_assess_options {
  size_t struct_size;        /* sizeof(dj_assess_options) */
  const char* as_of;         /* NULL: today */
  const char* scope;         /* an org id: only orgs in its subtree; NULL: all */
  const char* lang;          /* "zh" or "en"; NULL: "zh" */
  const char* manual;        /* a ManualScores message in JSON, or NULL */
  size_t manual_size;
  const char* previous;      /* last time's Assessment in JSON, or NULL */
  size_t previous_size;
  int format;                /* DJ_FORMAT_JSON (default when 0), _BINARY or _TEXT */
  int inputs_format;         /* what manual and previous are in: DJ_FORMAT_JSON (default when 0) or _BINARY */
} dj_assess_options;

/* Scores the snapshot's orgs with a rubric: `rubric` is a built-in rubric's
 * id ("branch-standardization", "organ-assessment") when `rubric_size` is 0,
 * else a Rubric message in textproto. `profile` may be NULL for the rubric's
 * own (or national). An Assessment message in `out`. */
DJ_EXPORT dj_status dj_assess(const dj_snapshot* snapshot, const dj_profile* profile, const char* rubric,
                              size_t rubric_size, const dj_assess_options* options, dj_buffer* out);

/* ---- statistics --------------------------------------------------------- */
typedef struct dj_stats_options {
  size_t struct_size; /* sizeof(dj_stats_options) */
  const char* as_of;  /* NULL: today */
  const char* from;   /* the first month counted is from's; NULL: 1 January of as_of's year */
  const char* scope;  /* an org id: only its subtree; NULL: everything */
  const char* lang;   /* "zh" or "en", for DJ_FORMAT_TEXT and _HTML; NULL: "zh" */
  int format;         /* DJ_FORMAT_JSON (default when 0), _BINARY, _TEXT or _HTML */
} dj_stats_options;

/* The 组织生活汇总 and 党费 tables: per org and month the 三会一课, theme days
 * and org-life meetings held against those the profile owes, members by
 * status, dues paid and owed, rolled up for every committee and general
 * branch: a Statistics message in `out`. `profile` may be NULL for the
 * national one; `options` may be NULL for the defaults. */
DJ_EXPORT dj_status dj_stats(const dj_snapshot* snapshot, const dj_profile* profile, const dj_stats_options* options,
                             dj_buffer* out);

/* ---- policy test cases ------------------------------------------------- */
/* Runs the cases of a PolicyCases file (textproto or JSON): a CaseResults
 * message in `out` (JSON or binary). `base_dir` resolves the cases'
 * snapshotPath (NULL: the current directory). */
DJ_EXPORT dj_status dj_run_cases(const char* data, size_t size, int format, const char* base_dir, dj_buffer* out);

/* ---- a check in parts --------------------------------------------------- */
/* Called with the report of each part, in the options' format (text formats
 * with a NUL after `size`); `report` is valid during the call only. Return 0
 * to go on, anything else to stop. */
typedef int (*dj_part_fn)(void* context, size_t part, size_t parts, const char* report, size_t size);

/* Checks the delimited stream (.djs) at `path`, too large to load at once,
 * about `part_bytes` of it at a time: its hierarchy first, then each part
 * loaded with the orgs around it, checked, handed to `each` and released
 * (dangjian/parts.h says what a part must hold). `options->scope` must be
 * NULL. DJ_STOPPED when `each` stops it; otherwise as dj_snapshot_load and
 * dj_check, the message naming the part. */
DJ_EXPORT dj_status dj_check_parts(const char* path, uint64_t part_bytes, const dj_profile* profile,
                                   const dj_check_options* options, dj_part_fn each, void* context);

/* Parts that stand alone, for a check spread over machines: writes the parts
 * of the stream at `path` (cut as dj_check_parts cuts it at `part_bytes`)
 * into the directory `dir` (made if missing), with the hierarchy and an index
 * (dangjian/parts.h); their number in `*parts`. `profile` gives the load
 * limits (NULL: the defaults). Fails as dj_check_parts fails on the
 * hierarchy, before any part is written. */
DJ_EXPORT dj_status dj_split(const char* path, const char* dir, uint64_t part_bytes, const dj_profile* profile,
                             size_t* parts);
/* The number of parts in a directory dj_split wrote. */
DJ_EXPORT dj_status dj_split_parts(const char* dir, size_t* parts);
/* Checks the `count` parts `which` of the directory `dir` alone, in that order,
 * each handed to `each` as dj_check_parts hands it (the same report). Needs in
 * `dir` only the index, the hierarchy and these parts' files. A part past the
 * last is DJ_INVALID_ARGUMENT before any is checked. */
DJ_EXPORT dj_status dj_check_split_parts(const char* dir, const size_t* which, size_t count, const dj_profile* profile,
                                         const dj_check_options* options, dj_part_fn each, void* context);
/* The statistics (dj_stats) of a directory dj_split wrote, spread over
 * machines as its check is: those of the `count` parts `which` of `dir`, each
 * computed on the part alone, added to the `gathered_count` Statistics
 * messages `gathered` (`gathered_sizes` bytes each: binary, as this call
 * wrote them for other parts of `dir`), returned as one Statistics message:
 * each org's row once, the committees and the total rolled up again from the
 * hierarchy. Over all the parts, in any grouping, they are dj_stats of the
 * whole stream. `options->scope` must be NULL; give every call the same
 * as_of (and from). Needs in `dir` the index, the hierarchy and these parts'
 * files. Formats: JSON, binary or text. Gathered statistics of another
 * window or profile, or of another split, are DJ_BAD_INPUT. */
DJ_EXPORT dj_status dj_stats_split_parts(const char* dir, const size_t* which, size_t count, const dj_profile* profile,
                                         const dj_stats_options* options, const char* const* gathered,
                                         const size_t* gathered_sizes, size_t gathered_count, dj_buffer* out);

/* ---- the incremental engine -------------------------------------------- */
/* A snapshot held and changed one event at a time, its findings kept
 * current. Not safe for concurrent use: one thread at a time. Every finding
 * carries its key (Finding.key): the same finding has the same key in a
 * check, an engine's report and its deltas, in any run. */
typedef struct dj_engine dj_engine;

typedef struct dj_engine_options {
  size_t struct_size; /* sizeof(dj_engine_options) */
  const char* as_of;  /* "YYYY-MM-DD"; NULL: today */
  const char* from;   /* NULL: 1 January of as_of's year */
  const char* lang;   /* "zh" or "en"; NULL: "zh" */
} dj_engine_options;

/* A snapshot (JSON, binary or delimited) and a profile; `options` may be NULL.
 * A failed create creates nothing. */
DJ_EXPORT dj_status dj_engine_create(const char* data, size_t size, int format, const dj_profile* profile,
                                     const dj_engine_options* options, dj_engine** out);
DJ_EXPORT void dj_engine_destroy(dj_engine* engine);
/* Applies an Event message (JSON or binary): a Delta message (the findings
 * added and resolved) in `out`, in `format`. A rejected event (DJ_BAD_INPUT,
 * the message naming the field) changes nothing. */
DJ_EXPORT dj_status dj_engine_apply(dj_engine* engine, const char* event, size_t size, int format, dj_buffer* out);
/* Every current finding, as a Report message (JSON or binary). */
DJ_EXPORT dj_status dj_engine_report(const dj_engine* engine, int format, dj_buffer* out);
/* The engine's snapshot as it is now, every field as given and changed
 * since: a Snapshot message in JSON or binary (which holds at most 2 GiB), or
 * a delimited stream of them (any size), what dj_engine_create and
 * dj_snapshot_load read back. */
DJ_EXPORT dj_status dj_engine_export(const dj_engine* engine, int format, dj_buffer* out);
/* Applies an EventBatch message (JSON or binary) as one: each event in turn,
 * all or none. A Delta of what the whole batch added and resolved in `out`.
 * One rejected event rejects the batch (DJ_BAD_INPUT, the message naming it:
 * "events[3].memberRemoved: no member \"x\"") and nothing changes. */
DJ_EXPORT dj_status dj_engine_apply_batch(dj_engine* engine, const char* batch, size_t size, int format,
                                          dj_buffer* out);
/* Moves the engine's date to `as_of` ("YYYY-MM-DD", not before its date): a
 * Delta of what the days passed added and resolved (periods ended unmet,
 * terms fallen due, reminders come into their window) in `out`. A date
 * before the engine's is DJ_INVALID_ARGUMENT and changes nothing. */
DJ_EXPORT dj_status dj_engine_advance(dj_engine* engine, const char* as_of, int format, dj_buffer* out);
/* The agenda and an assessment of the engine's data as it is now, with its
 * profile: as dj_agenda_for_rules and dj_assess give them, without a load.
 * An as_of the options leave NULL (or NULL options) is the engine's date. */
DJ_EXPORT dj_status dj_engine_agenda(const dj_engine* engine, const dj_agenda_options* options, const char* rules,
                                     dj_buffer* out);
DJ_EXPORT dj_status dj_engine_assess(const dj_engine* engine, const char* rubric, size_t rubric_size,
                                     const dj_assess_options* options, dj_buffer* out);

#ifdef __cplusplus
} /* extern "C" */
#endif

#endif /* DANGJIAN_H_ */
