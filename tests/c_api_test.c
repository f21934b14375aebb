/* The C interface, from C (C11): every entry point, its happy path, and what
 * it does with NULL, zero lengths, garbage and wrong formats. */
#define _POSIX_C_SOURCE 200809L /* mkdir */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "dangjian.h"

static int failures = 0;

/* A string literal as (data, size). */
#define BYTES(literal) literal, strlen(literal)

#define EXPECT(cond)                                                  \
  do {                                                                \
    if (!(cond)) {                                                    \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond); \
      ++failures;                                                     \
    }                                                                 \
  } while (0)

/* A failing call: the expected code and a message. */
#define EXPECT_ERROR(call, code)                                                  \
  do {                                                                            \
    dj_status s_ = (call);                                                        \
    if (s_ != (code) || dj_last_error()[0] == '\0') {                             \
      fprintf(stderr, "%s:%d: %s gave %d (%s), expected %d\n", __FILE__, __LINE__, \
              #call, s_, dj_last_error(), (code));                                \
      ++failures;                                                                 \
    }                                                                             \
  } while (0)

static void test_version(void) {
  EXPECT(dj_version_number() == DJ_VERSION_NUMBER);
  EXPECT(strcmp(dj_version_string(), DJ_VERSION_STRING) == 0);
  EXPECT(dj_check_version(DJ_VERSION_NUMBER) == DJ_OK);
  EXPECT_ERROR(dj_check_version(DJ_VERSION_NUMBER + 10000), DJ_VERSION_MISMATCH);
  EXPECT_ERROR(dj_check_version(DJ_VERSION_NUMBER + 1), DJ_VERSION_MISMATCH);
  /* No version of this header: below 0.1.0, the first. */
  EXPECT_ERROR(dj_check_version(0), DJ_VERSION_MISMATCH);
  EXPECT_ERROR(dj_check_version(-1), DJ_VERSION_MISMATCH);
  EXPECT_ERROR(dj_check_version(99), DJ_VERSION_MISMATCH);
  EXPECT(dj_check_version(100) == DJ_OK);
}

static void test_sample_check(void) {
  dj_buffer sample = {0}, report = {0}, text = {0};
  dj_snapshot* snapshot = NULL;
  dj_profile* profile = NULL;
  EXPECT(dj_sample(&sample) == DJ_OK);
  EXPECT(dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot) == DJ_OK);
  EXPECT(dj_profile_builtin("genhe-2020", &profile) == DJ_OK);

  dj_check_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  options.lang = "en";
  EXPECT(dj_check(snapshot, profile, &options, &report) == DJ_OK);
  EXPECT(report.size > 0 && strstr(report.data, "\"ruleId\": \"setup.branch_min_full_members\"") != NULL);
  EXPECT(report.data[report.size] == '\0');

  options.format = DJ_FORMAT_TEXT;
  options.scope = "b-kgq";
  options.rules = "setup";
  EXPECT(dj_check(snapshot, profile, &options, &text) == DJ_OK);
  EXPECT(strstr(text.data, "a branch needs more than 3 full members") != NULL);
  dj_buffer_free(&text);
  EXPECT(text.data == NULL && text.size == 0);

  options.scope = "nowhere";
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_NOT_FOUND);
  options.scope = NULL;
  options.as_of = "2026-02-30";
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_INVALID_ARGUMENT);
  options.as_of = NULL;
  options.format = 99;
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_INVALID_ARGUMENT);
  options.format = DJ_FORMAT_JSON;
  options.lang = "fr";
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_INVALID_ARGUMENT);
  options.struct_size = 0;
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_INVALID_ARGUMENT);

  /* An older caller's shorter struct: only the fields it has are read. */
  options.struct_size = sizeof(size_t) + sizeof(const char*);
  options.as_of = DJ_SAMPLE_AS_OF;
  options.lang = "fr"; /* beyond its size: ignored */
  EXPECT(dj_check(snapshot, profile, &options, &text) == DJ_OK);
  dj_buffer_free(&text);

  /* A newer caller's longer struct: refused, not read in part. */
  options.struct_size = sizeof options + 8;
  options.lang = "en";
  EXPECT_ERROR(dj_check(snapshot, profile, &options, &text), DJ_INVALID_ARGUMENT);
  EXPECT(strstr(dj_last_error(), "struct_size") != NULL);
  {
    dj_engine_options engine;
    dj_engine* e = NULL;
    memset(&engine, 0, sizeof engine);
    engine.struct_size = (size_t)-1;
    EXPECT_ERROR(dj_engine_create(sample.data, sample.size, DJ_FORMAT_JSON, profile, &engine, &e), DJ_INVALID_ARGUMENT);
    EXPECT(e == NULL);
  }

  /* Defaults: NULL options. */
  EXPECT(dj_check(snapshot, profile, NULL, &text) == DJ_OK);
  dj_buffer_free(&text);

  dj_agenda_options agenda;
  memset(&agenda, 0, sizeof agenda);
  agenda.struct_size = sizeof agenda;
  agenda.as_of = DJ_SAMPLE_AS_OF;
  agenda.days = 45;
  EXPECT(dj_agenda(snapshot, profile, &agenda, &text) == DJ_OK);
  EXPECT(strstr(text.data, "\"dueOn\"") != NULL);
  dj_buffer_free(&text);
  agenda.days = -3;
  EXPECT_ERROR(dj_agenda(snapshot, profile, &agenda, &text), DJ_INVALID_ARGUMENT);

  /* The default horizon: as of 30 November, to 31 December, whose theme days
   * 30 days would leave out. */
  agenda.days = DJ_AGENDA_DEFAULT_HORIZON;
  EXPECT(dj_agenda(snapshot, profile, &agenda, &text) == DJ_OK);
  EXPECT(strstr(text.data, "\"days\": 31") != NULL && strstr(text.data, "\"dueOn\": \"2026-12-31\"") != NULL);
  dj_buffer_free(&text);
  agenda.days = DJ_AGENDA_DEFAULT_DAYS;
  EXPECT(dj_agenda(snapshot, profile, &agenda, &text) == DJ_OK);
  EXPECT(strstr(text.data, "\"dueOn\": \"2026-12-31\"") == NULL);
  dj_buffer_free(&text);

  /* Some rules only, as a check takes them: the list trimmed. */
  agenda.days = 45;
  EXPECT(dj_agenda_for_rules(snapshot, profile, &agenda, "term, member.probation_due_soon", &text) == DJ_OK);
  EXPECT(strstr(text.data, "\"ruleId\": \"member.probation_due_soon\"") != NULL);
  EXPECT(strstr(text.data, "\"ruleId\": \"life.") == NULL && strstr(text.data, "\"ruleId\": \"member.talk_required\"") == NULL);
  EXPECT(strstr(text.data, "\"rules\": [") != NULL);
  dj_buffer_free(&text);
  EXPECT_ERROR(dj_agenda_for_rules(snapshot, profile, &agenda, "nope", &text), DJ_INVALID_ARGUMENT);
  EXPECT(dj_agenda_for_rules(snapshot, profile, NULL, NULL, &text) == DJ_OK);
  dj_buffer_free(&text);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  options.lang = NULL;
  options.format = DJ_FORMAT_JSON;
  options.rules = " term ,  setup ";
  EXPECT(dj_check(snapshot, profile, &options, &text) == DJ_OK);
  EXPECT(strstr(text.data, "\"ruleId\": \"term.") != NULL && strstr(text.data, "\"ruleId\": \"life.") == NULL);
  dj_buffer_free(&text);

  dj_buffer_free(&report);
  dj_buffer_free(&sample);
  dj_profile_destroy(profile);
  dj_snapshot_destroy(snapshot);
}

static void test_bad_input(void) {
  dj_snapshot* snapshot = (dj_snapshot*)1;
  dj_profile* profile = NULL;
  dj_buffer out = {0};
  EXPECT_ERROR(dj_snapshot_load(BYTES("{\"orgs\": ["), DJ_FORMAT_JSON, &snapshot), DJ_BAD_INPUT);
  EXPECT(snapshot == NULL);
  EXPECT(strstr(dj_last_error(), "unexpected end of input") != NULL);
  EXPECT_ERROR(dj_snapshot_load(BYTES("{\"orgs\":[{\"id\":\"a\",\"kind\":\"BRANCHH\"}]}"), DJ_FORMAT_JSON, &snapshot),
               DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "orgs[0].kind") != NULL);
  /* The input an error quotes, its control characters written out: one line. */
  EXPECT_ERROR(dj_snapshot_load(BYTES("{\"orgs\":[{\"id\":\"a\",\"kind\":\"BRANCH\",\"parentId\":\"x\\u001b[2J\\ny\"}]}"),
                                DJ_FORMAT_JSON, &snapshot),
               DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "no org \"x\\x1b[2J\\ny\"") != NULL);
  EXPECT(strchr(dj_last_error(), '\x1b') == NULL && strchr(dj_last_error(), '\n') == NULL);
  /* A case's snapshotPath that is no file: not read to the end of memory. */
  EXPECT(dj_run_cases(BYTES("cases { name: \"zero\" snapshot_path: \"/dev/zero\" as_of: \"2026-01-01\" }"),
                      DJ_FORMAT_TEXTPROTO, NULL, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "cannot read") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_snapshot_load("\xff\xff\xff", 3, DJ_FORMAT_BINARY, &snapshot), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_snapshot_load("\x05", 1, DJ_FORMAT_DELIMITED, &snapshot), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_snapshot_load("{}", 2, DJ_FORMAT_TEXTPROTO, &snapshot), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_snapshot_load("{}", 2, 0, &snapshot), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_snapshot_load(NULL, 5, DJ_FORMAT_JSON, &snapshot), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_snapshot_load("{}", 2, DJ_FORMAT_JSON, NULL), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_snapshot_load(NULL, 0, DJ_FORMAT_JSON, &snapshot), DJ_BAD_INPUT);  /* empty JSON */
  EXPECT(dj_snapshot_load(NULL, 0, DJ_FORMAT_BINARY, &snapshot) == DJ_OK);           /* an empty message */
  dj_snapshot_destroy(snapshot);

  EXPECT_ERROR(dj_profile_builtin("nowhere", &profile), DJ_NOT_FOUND);
  EXPECT_ERROR(dj_profile_builtin(NULL, &profile), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_profile_parse(BYTES("id: \"x\" extends: \"nope\""), DJ_FORMAT_TEXTPROTO, &profile), DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "nope") != NULL);
  EXPECT_ERROR(dj_profile_parse(BYTES("id: "), DJ_FORMAT_TEXTPROTO, &profile), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_profile_parse(BYTES("{\"id\": 5}"), DJ_FORMAT_JSON, &profile), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_profile_parse("\xff", 1, DJ_FORMAT_BINARY, &profile), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_profile_parse("x", 1, DJ_FORMAT_DELIMITED, &profile), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_profile_parse(NULL, 0, DJ_FORMAT_TEXTPROTO, &profile), DJ_BAD_INPUT);  /* no id */

  EXPECT(dj_profile_parse(BYTES("{\"id\": \"mine\", \"extends\": \"national\"}"), DJ_FORMAT_JSON, &profile) == DJ_OK);
  EXPECT(dj_profile_resolved(profile, DJ_FORMAT_TEXTPROTO, &out) == DJ_OK);
  EXPECT(strstr(out.data, "id: \"mine\"") != NULL && strstr(out.data, "committee_min") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_profile_resolved(profile, DJ_FORMAT_HTML, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_profile_resolved(NULL, DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);

  EXPECT_ERROR(dj_check(NULL, profile, NULL, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_agenda(NULL, NULL, NULL, NULL), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_agenda_for_rules(NULL, NULL, NULL, "term", NULL), DJ_INVALID_ARGUMENT);
  dj_profile_destroy(profile);

  /* Destroy and free accept NULL. */
  dj_profile_destroy(NULL);
  dj_snapshot_destroy(NULL);
  dj_buffer_free(NULL);
}

static void test_assess(void) {
  dj_buffer sample = {0}, out = {0};
  dj_snapshot* snapshot = NULL;
  EXPECT(dj_sample(&sample) == DJ_OK);
  EXPECT(dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot) == DJ_OK);
  dj_assess_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  EXPECT(dj_assess(snapshot, NULL, "branch-standardization", 0, &options, &out) == DJ_OK);
  EXPECT(strstr(out.data, "\"rank\": 1") != NULL && strstr(out.data, "\"deductions\"") != NULL);
  dj_buffer_free(&out);
  const char* rubric = "id: \"mine\" model: ABSOLUTE assessed: BRANCH";
  EXPECT(dj_assess(snapshot, NULL, rubric, strlen(rubric), &options, &out) == DJ_OK);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_assess(snapshot, NULL, "nowhere", 0, &options, &out), DJ_NOT_FOUND);
  EXPECT_ERROR(dj_assess(snapshot, NULL, BYTES("id: \"x\""), &options, &out), DJ_BAD_INPUT);
  /* A rubric naming no rule is the rubric's fault, found when assessing. */
  const char* unknown_rule =
      "id: \"r\" model: ABSOLUTE assessed: BRANCH categories { id: \"c\" items { id: \"i\" points: 5 deduction: 1 "
      "rule_ids: \"setup.nothing\" } }";
  EXPECT_ERROR(dj_assess(snapshot, NULL, unknown_rule, strlen(unknown_rule), &options, &out), DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "no rule \"setup.nothing\"") != NULL);
  options.manual = "{\"orgs\": 3}";
  options.manual_size = strlen(options.manual);
  EXPECT_ERROR(dj_assess(snapshot, NULL, "organ-assessment", 0, &options, &out), DJ_BAD_INPUT);
  /* In binary, as a binding holding the generated classes passes them: an
   * empty ManualScores is one; a field 1 of the wrong wire type is none. */
  options.inputs_format = DJ_FORMAT_BINARY;
  options.manual = "";
  options.manual_size = 0;
  EXPECT(dj_assess(snapshot, NULL, "organ-assessment", 0, &options, &out) == DJ_OK);
  dj_buffer_free(&out);
  options.manual = "\x0d";
  options.manual_size = 1;
  EXPECT_ERROR(dj_assess(snapshot, NULL, "organ-assessment", 0, &options, &out), DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "manual: not a ManualScores message") != NULL);
  options.inputs_format = DJ_FORMAT_TEXT;
  EXPECT_ERROR(dj_assess(snapshot, NULL, "organ-assessment", 0, &options, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_assess(NULL, NULL, "organ-assessment", 0, NULL, &out), DJ_INVALID_ARGUMENT);
  dj_snapshot_destroy(snapshot);
  dj_buffer_free(&sample);
}

/* Whether the rule `id` of a RuleCatalogue in textproto has `field` in its record. */
static int rule_has(const char* catalogue, const char* id, const char* field) {
  char quoted[128];
  snprintf(quoted, sizeof quoted, "id: \"%s\"\n", id);
  const char* start = strstr(catalogue, quoted);
  if (start == NULL) return 0;
  const char* end = strstr(start, "\n}");
  const char* at = strstr(start, field);
  return at != NULL && (end == NULL || at < end);
}

static void test_catalogue_and_dues(void) {
  dj_buffer out = {0};
  EXPECT(dj_rules("en", DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(strstr(out.data, "\"id\": \"member.dues_unpaid_run\"") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_rules("xx", DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);

  /* A profile's rules: its own among them, its settings on each. */
  dj_profile* profile = NULL;
  EXPECT(dj_profile_parse(BYTES("id: \"my-city\" extends: \"national\"\n"
                                "rules { id: \"term.expired\" severity: NOTICE }\n"
                                "local_rules { id: \"local.ethics_lecture\" severity: WARNING title_zh: \"廉政党课\" }\n"
                                "obligations { id: \"ethics\" rule_id: \"local.ethics_lecture\" activity: PARTY_LECTURE "
                                "holders: [BRANCH] at_least: 1 period: HALF_YEAR }"),
                          DJ_FORMAT_TEXTPROTO, &profile) == DJ_OK);
  EXPECT(dj_profile_rules(profile, "zh", DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(strstr(out.data, "\"id\": \"local.ethics_lecture\"") != NULL);
  EXPECT(strstr(out.data, "\"local\": true") != NULL);
  dj_buffer_free(&out);
  EXPECT(dj_profile_rules(profile, "en", DJ_FORMAT_TEXTPROTO, &out) == DJ_OK);
  /* term.expired at the profile's severity; the designee rule off in national. */
  EXPECT(rule_has(out.data, "term.expired", "severity: NOTICE"));
  EXPECT(rule_has(out.data, "term.expired", "enabled: true"));
  EXPECT(!rule_has(out.data, "term.expired", "local: true"));
  EXPECT(rule_has(out.data, "setup.discipline_designee", "severity: WARNING"));
  EXPECT(!rule_has(out.data, "setup.discipline_designee", "enabled: true"));
  EXPECT(rule_has(out.data, "local.ethics_lecture", "enabled: true"));
  EXPECT(rule_has(out.data, "local.ethics_lecture", "local: true"));
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_profile_rules(NULL, "zh", DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_profile_rules(profile, "xx", DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  dj_profile_destroy(profile);
  EXPECT(dj_profile_list(DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(strstr(out.data, "genhe-2020") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_profile_list(DJ_FORMAT_TEXT, &out), DJ_INVALID_ARGUMENT);

  int64_t cents = 0;
  EXPECT(dj_dues_standard(DJ_DUES_EMPLOYED, 300001, NULL, &cents) == DJ_OK && cents == 3000);
  EXPECT(dj_dues_standard(DJ_DUES_RETIRED, 500000, NULL, &cents) == DJ_OK && cents == 2500);
  EXPECT(dj_dues_standard(DJ_DUES_STUDENT, -1, NULL, &cents) == DJ_OK && cents == 20);
  EXPECT_ERROR(dj_dues_standard(DJ_DUES_EMPLOYED, -1, NULL, &cents), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_dues_standard(0, 100, NULL, &cents), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_dues_standard(42, 100, NULL, &cents), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_dues_standard(DJ_DUES_EMPLOYED, 100, NULL, NULL), DJ_INVALID_ARGUMENT);
}

static void test_engine(void) {
  dj_buffer sample = {0}, out = {0};
  dj_profile* profile = NULL;
  dj_engine* engine = NULL;
  EXPECT(dj_sample(&sample) == DJ_OK);
  EXPECT(dj_profile_builtin("national", &profile) == DJ_OK);
  dj_engine_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  options.from = "2026-12-01"; /* the caller's option, not the data */
  EXPECT_ERROR(dj_engine_create(sample.data, sample.size, DJ_FORMAT_JSON, profile, &options, &engine),
               DJ_INVALID_ARGUMENT);
  EXPECT(engine == NULL);
  options.from = NULL;
  EXPECT_ERROR(dj_engine_create(BYTES("{\"orgs\": 3}"), DJ_FORMAT_JSON, profile, &options, &engine), DJ_BAD_INPUT);
  EXPECT(dj_engine_create(sample.data, sample.size, DJ_FORMAT_JSON, profile, &options, &engine) == DJ_OK);
  /* A branch dissolved: its findings about the year's meetings go. */
  const char* dissolved = "{\"orgDissolved\": {\"orgId\": \"b-swu-1\", \"on\": \"2026-01-01\"}}";
  EXPECT(dj_engine_apply(engine, dissolved, strlen(dissolved), DJ_FORMAT_JSON, &out) == DJ_OK);
  dj_buffer_free(&out);
  const char* added = "{\"memberAdded\": {\"id\": \"m-new\", \"orgId\": \"b-swu-2\", \"status\": \"FULL\"}}";
  EXPECT(dj_engine_apply(engine, added, strlen(added), DJ_FORMAT_JSON, &out) == DJ_OK);
  dj_buffer_free(&out);
  /* Delivered again: a repeat, nothing changes; the same id as another member: a duplicate. */
  EXPECT(dj_engine_apply(engine, added, strlen(added), DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(strstr(out.data, "\"added\"") == NULL && strstr(out.data, "\"resolved\"") == NULL);
  dj_buffer_free(&out);
  const char* other = "{\"memberAdded\": {\"id\": \"m-new\", \"orgId\": \"b-swu-2\", \"status\": \"PROBATIONARY\"}}";
  EXPECT_ERROR(dj_engine_apply(engine, other, strlen(other), DJ_FORMAT_JSON, &out), DJ_BAD_INPUT);
  EXPECT(strstr(dj_last_error(), "memberAdded.id: duplicate id") != NULL);
  EXPECT_ERROR(dj_engine_apply(engine, BYTES("{\"nothing\": 1}"), DJ_FORMAT_JSON, &out), DJ_BAD_INPUT);
  EXPECT(dj_engine_report(engine, DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(strstr(out.data, "\"findings\"") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_engine_apply(NULL, added, strlen(added), DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);

  /* A batch: all or none. Its last event names no member: nothing changes. */
  dj_buffer before = {0}, after = {0};
  EXPECT(dj_engine_report(engine, DJ_FORMAT_JSON, &before) == DJ_OK);
  const char* rejected = "{\"events\": [{\"memberAdded\": {\"id\": \"m-b1\", \"orgId\": \"b-kgq\", \"status\": \"FULL\"}},"
                         " {\"memberRemoved\": \"nobody\"}]}";
  EXPECT_ERROR(dj_engine_apply_batch(engine, rejected, strlen(rejected), DJ_FORMAT_JSON, &out), DJ_BAD_INPUT);
  EXPECT(strcmp(dj_last_error(), "events[1].memberRemoved: no member \"nobody\"") == 0);
  EXPECT(dj_engine_report(engine, DJ_FORMAT_JSON, &after) == DJ_OK);
  EXPECT(before.size == after.size && memcmp(before.data, after.data, before.size) == 0);
  dj_buffer_free(&before);
  dj_buffer_free(&after);
  /* Without it, one delta: b-kgq's third full member makes it a branch as it
   * should be, the finding known by its key. */
  const char* batch = "{\"events\": [{\"memberAdded\": {\"id\": \"m-b1\", \"orgId\": \"b-kgq\", \"status\": \"FULL\"}},"
                      " {\"memberMoved\": {\"memberId\": \"m-b1\", \"orgId\": \"b-kgq\"}}]}";
  EXPECT(dj_engine_apply_batch(engine, batch, strlen(batch), DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "\"key\": \"setup.branch_min_full_members/org:b-kgq\"") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_engine_apply_batch(engine, BYTES("{\"events\": 3}"), DJ_FORMAT_JSON, &out), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_engine_apply_batch(engine, BYTES("\x0a\x05"), DJ_FORMAT_BINARY, &out), DJ_BAD_INPUT);
  EXPECT_ERROR(dj_engine_apply_batch(engine, batch, strlen(batch), DJ_FORMAT_TEXT, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_apply_batch(NULL, batch, strlen(batch), DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);

  /* The date moves forward only; the year's end brings December's unmet
   * obligations. */
  EXPECT_ERROR(dj_engine_advance(engine, "2026-11-29", DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_advance(engine, "2026-13-01", DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_advance(engine, NULL, DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_advance(engine, "2027-01-01", DJ_FORMAT_TEXT, &out), DJ_INVALID_ARGUMENT);
  EXPECT(dj_engine_advance(engine, DJ_SAMPLE_AS_OF, DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "\"added\"") == NULL);
  dj_buffer_free(&out);
  EXPECT(dj_engine_advance(engine, "2027-01-01", DJ_FORMAT_JSON, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "\"period\": \"2026-12\"") != NULL);
  dj_buffer_free(&out);

  /* Its agenda and assessment, as of its date (now 2027-01-01), no load. */
  EXPECT(dj_engine_agenda(engine, NULL, NULL, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "\"asOf\": \"2027-01-01\"") != NULL && strstr(out.data, "\"items\"") != NULL);
  dj_buffer_free(&out);
  EXPECT(dj_engine_agenda(engine, NULL, "term", &out) == DJ_OK);
  dj_buffer_free(&out);
  EXPECT(dj_engine_assess(engine, "organ-assessment", 0, NULL, &out) == DJ_OK);
  EXPECT(out.data != NULL && strstr(out.data, "\"asOf\": \"2027-01-01\"") != NULL);
  dj_buffer_free(&out);
  EXPECT_ERROR(dj_engine_assess(engine, "no-such-rubric", 0, NULL, &out), DJ_NOT_FOUND);
  EXPECT_ERROR(dj_engine_assess(NULL, "organ-assessment", 0, NULL, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_agenda(NULL, NULL, NULL, &out), DJ_INVALID_ARGUMENT);

  /* Its snapshot as it is now, in each format, read back by a new engine that
   * reports what it reports; the member the batch added is in it. */
  dj_buffer report = {0};
  EXPECT(dj_engine_report(engine, DJ_FORMAT_JSON, &report) == DJ_OK);
  const int formats[] = {DJ_FORMAT_JSON, DJ_FORMAT_BINARY, DJ_FORMAT_DELIMITED};
  for (size_t i = 0; i < sizeof formats / sizeof formats[0]; ++i) {
    EXPECT(dj_engine_export(engine, formats[i], &out) == DJ_OK);
    EXPECT(formats[i] != DJ_FORMAT_JSON || (out.data != NULL && strstr(out.data, "\"m-b1\"") != NULL));
    dj_engine* again = NULL;
    dj_engine_options at = {sizeof at, "2027-01-01", "2026-01-01", NULL};
    EXPECT(dj_engine_create(out.data, out.size, formats[i], profile, &at, &again) == DJ_OK);
    dj_buffer_free(&out);
    EXPECT(dj_engine_report(again, DJ_FORMAT_JSON, &out) == DJ_OK);
    EXPECT(out.size == report.size && memcmp(out.data, report.data, out.size) == 0);
    dj_buffer_free(&out);
    dj_engine_destroy(again);
  }
  dj_buffer_free(&report);
  EXPECT_ERROR(dj_engine_export(engine, DJ_FORMAT_TEXT, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_export(NULL, DJ_FORMAT_JSON, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_engine_export(engine, DJ_FORMAT_JSON, NULL), DJ_INVALID_ARGUMENT);
  dj_engine_destroy(engine);
  dj_engine_destroy(NULL);
  dj_profile_destroy(profile);
  dj_buffer_free(&sample);
}

/* The parts a check in parts hands over, and when to stop. */
typedef struct {
  int calls, stop_at;
  size_t parts;
  int short_branch; /* reports naming setup.branch_min_full_members */
} parts_seen;

static int on_part(void* context, size_t part, size_t parts, const char* report, size_t size) {
  parts_seen* seen = (parts_seen*)context;
  EXPECT(part == (size_t)seen->calls && report[size] == '\0');
  seen->parts = parts;
  seen->short_branch += strstr(report, "setup.branch_min_full_members") != NULL;
  return ++seen->calls == seen->stop_at;
}

static void test_check_parts(void) {
  /* Two messages: the working committee; a branch "b1" under it with one
   * full member (Org: id 1, kind 3, parentId 4; Member: id 1, orgId 3,
   * status 6). */
  static const unsigned char stream[] = {
      0x08, 0x1a, 0x06, 0x0a, 0x02, 'w', 'c', 0x18, 0x01,
      0x18, 0x1a, 0x0a, 0x0a, 0x02, 'b', '1', 0x18, 0x05, 0x22, 0x02, 'w', 'c',
      0x22, 0x0a, 0x0a, 0x02, 'm', '1', 0x1a, 0x02, 'b', '1', 0x30, 0x01};
  const char* path = "c_api_test_parts.djs";
  FILE* f = fopen(path, "wb");
  EXPECT(f != NULL && fwrite(stream, 1, sizeof stream, f) == sizeof stream && fclose(f) == 0);
  dj_profile* profile = NULL;
  EXPECT(dj_profile_builtin("national", &profile) == DJ_OK);
  dj_check_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = "2026-06-30";

  parts_seen seen = {0, 0, 0, 0};
  EXPECT(dj_check_parts(path, 1, profile, &options, on_part, &seen) == DJ_OK);
  EXPECT(seen.calls == 2 && seen.parts == 2 && seen.short_branch == 1);
  parts_seen once = {0, 1, 0, 0};
  EXPECT_ERROR(dj_check_parts(path, 1, profile, &options, on_part, &once), DJ_STOPPED);
  EXPECT(once.calls == 1 && strstr(dj_last_error(), "stopped at part 0 of 2") != NULL);
  parts_seen whole = {0, 0, 0, 0};
  options.format = DJ_FORMAT_TEXT;
  EXPECT(dj_check_parts(path, (uint64_t)1 << 30, profile, &options, on_part, &whole) == DJ_OK);
  EXPECT(whole.calls == 1 && whole.parts == 1);

  EXPECT_ERROR(dj_check_parts("absent.djs", 1, profile, NULL, on_part, &seen), DJ_NOT_FOUND);
  EXPECT_ERROR(dj_check_parts(path, 1, profile, NULL, NULL, NULL), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_check_parts(path, 0, profile, NULL, on_part, &seen), DJ_INVALID_ARGUMENT);
  options.scope = "b1";
  EXPECT_ERROR(dj_check_parts(path, 1, profile, &options, on_part, &seen), DJ_INVALID_ARGUMENT);
  dj_profile_destroy(profile);
  remove(path);
}

static int write_file(const char* path, const char* text) {
  FILE* f = fopen(path, "wb");
  return f != NULL && fwrite(text, 1, strlen(text), f) == strlen(text) && fclose(f) == 0;
}

/* A folder of CSV tables, by its path; its errors name the cell. */
static void test_csv_folder(void) {
  dj_snapshot* snapshot = NULL;
  mkdir("c_api_test_tables", 0700);
  EXPECT(write_file("c_api_test_tables/orgs.csv", "id,kind,parent_id\nwc,机关工委,\nb1,党支部,wc\n"));
  EXPECT(write_file("c_api_test_tables/members.csv", "id,org_id,status\nm1,b1,正式党员\n"));
  EXPECT(dj_snapshot_load_file("c_api_test_tables", NULL, &snapshot) == DJ_OK);
  EXPECT(snapshot != NULL);
  dj_snapshot_destroy(snapshot);
  EXPECT(write_file("c_api_test_tables/members.csv", "id,org_id,status\nm1,b1,正式党员x\n"));
  EXPECT_ERROR(dj_snapshot_load_file("c_api_test_tables", NULL, &snapshot), DJ_BAD_INPUT);
  EXPECT(snapshot == NULL);
  EXPECT(strstr(dj_last_error(), "members.csv:2:3: status (党员状态): \"正式党员x\" is not a member status") != NULL);
  EXPECT_ERROR(dj_snapshot_load_file("c_api_test_nowhere.json", NULL, &snapshot), DJ_NOT_FOUND);
  EXPECT_ERROR(dj_snapshot_load_file("c_api_test_tables/orgs.csv", NULL, &snapshot), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_snapshot_load_file(NULL, NULL, &snapshot), DJ_INVALID_ARGUMENT);
  /* A column the schema lacks, passed over when asked. */
  {
    dj_load_options options;
    memset(&options, 0, sizeof options);
    options.struct_size = sizeof options;
    options.ignore_unknown_fields = 1;
    EXPECT(write_file("c_api_test_tables/members.csv", "id,org_id,status,mobile\nm1,b1,正式党员,13800000000\n"));
    EXPECT_ERROR(dj_snapshot_load_file("c_api_test_tables", NULL, &snapshot), DJ_BAD_INPUT);
    EXPECT(dj_snapshot_load_file("c_api_test_tables", &options, &snapshot) == DJ_OK);
    dj_snapshot_destroy(snapshot);
    snapshot = NULL;
    /* JSON: a numeric id (a BIGINT key), and a field the schema lacks. */
    EXPECT_ERROR(dj_snapshot_load_with(BYTES("{\"orgs\":[{\"id\":12,\"kind\":\"BRANCH\",\"mobile\":[1]}]}"), DJ_FORMAT_JSON,
                                       NULL, &snapshot), DJ_BAD_INPUT);
    EXPECT(strstr(dj_last_error(), "orgs[0].mobile: unknown field in Org") != NULL);
    EXPECT(dj_snapshot_load_with(BYTES("{\"orgs\":[{\"id\":12,\"kind\":\"BRANCH\",\"mobile\":[1]}]}"), DJ_FORMAT_JSON,
                                 &options, &snapshot) == DJ_OK);
    dj_snapshot_destroy(snapshot);
    options.struct_size = sizeof options + 8;
    EXPECT_ERROR(dj_snapshot_load_with(BYTES("{}"), DJ_FORMAT_JSON, &options, &snapshot), DJ_INVALID_ARGUMENT);
  }
  remove("c_api_test_tables/orgs.csv");
  remove("c_api_test_tables/members.csv");
  remove("c_api_test_tables");
}

static void test_stats(void) {
  dj_buffer sample = {0}, out = {0};
  dj_snapshot* snapshot = NULL;
  EXPECT(dj_sample(&sample) == DJ_OK);
  EXPECT(dj_snapshot_load(sample.data, sample.size, DJ_FORMAT_JSON, &snapshot) == DJ_OK);
  dj_buffer_free(&sample);
  dj_stats_options options;
  memset(&options, 0, sizeof options);
  options.struct_size = sizeof options;
  options.as_of = DJ_SAMPLE_AS_OF;
  options.from = "2026-10-01";
  EXPECT(dj_stats(snapshot, NULL, &options, &out) == DJ_OK);
  /* October and November, nothing before. */
  EXPECT(strstr(out.data, "\"month\": \"2026-11\"") != NULL && strstr(out.data, "\"month\": \"2026-09\"") == NULL);
  EXPECT(strstr(out.data, "\"committees\"") != NULL && strstr(out.data, "\"duesMembersOwing\"") != NULL);
  dj_buffer_free(&out);
  options.format = DJ_FORMAT_TEXT;
  options.lang = "en";
  EXPECT(dj_stats(snapshot, NULL, &options, &out) == DJ_OK);
  EXPECT(strstr(out.data, "theme days") != NULL);
  dj_buffer_free(&out);
  options.scope = "nowhere";
  EXPECT_ERROR(dj_stats(snapshot, NULL, &options, &out), DJ_NOT_FOUND);
  options.scope = NULL;
  options.from = "2027-01-01";
  EXPECT_ERROR(dj_stats(snapshot, NULL, &options, &out), DJ_INVALID_ARGUMENT);
  options.from = NULL;
  options.format = DJ_FORMAT_HTML;
  EXPECT(dj_stats(snapshot, NULL, &options, &out) == DJ_OK);
  EXPECT(strstr(out.data, "<!doctype html>") == out.data && strstr(out.data, "By month") != NULL);
  dj_buffer_free(&out);
  options.format = DJ_FORMAT_TEXTPROTO;
  EXPECT_ERROR(dj_stats(snapshot, NULL, &options, &out), DJ_INVALID_ARGUMENT);
  EXPECT_ERROR(dj_stats(NULL, NULL, NULL, &out), DJ_INVALID_ARGUMENT);
  dj_snapshot_destroy(snapshot);
}

int main(void) {
  test_version();
  test_sample_check();
  test_bad_input();
  test_catalogue_and_dues();
  test_assess();
  test_stats();
  test_engine();
  test_check_parts();
  test_csv_folder();
  if (failures) fprintf(stderr, "%d failures\n", failures);
  else printf("c_api_test: all passed\n");
  return failures ? 1 : 0;
}
