// Assessment: a scoring sheet (考核评分表) as data, and the scores it gives.
//
// A dangjian.v1.Rubric lists categories of items. A rule-based item loses
// points to the findings of its rules (per finding, or per period missed,
// never more than the item is worth); a manual item takes an assessor's
// score. A scoring model — XCCDF 1.2's default, flat, flat_unweighted or
// absolute — makes a score out of 100; components weigh it with manual scores
// (routine assessment, democratic evaluation) into a composite; tiers
// (ordinary, standardized, demonstration) and ranks among orgs of the same
// kind follow, with a flag for an org in the bottom share two years running.
// Every point lost names the finding that cost it.
//
//   auto rubric = dangjian::BuiltinRubric("branch-standardization");
//   dangjian::AssessOptions options;
//   options.as_of = *dangjian::ParseDate("2026-11-30");
//   auto assessment = dangjian::Assess(*store, *policy, *rubric, options);
//
// Built-in rubrics come from data/rubrics/*.textproto. Pure functions of their
// inputs; safe from many threads over one Store.
#ifndef DANGJIAN_ASSESS_H_
#define DANGJIAN_ASSESS_H_

#include <string>
#include <string_view>
#include <vector>

#include "absl/status/statusor.h"
#include "dangjian/calendar.h"
#include "dangjian/policy.h"
#include "dangjian/report.h"
#include "dangjian/store.h"
#include "dangjian/v1/rubric.pb.h"

namespace dangjian {

// The built-in rubrics' ids, and one of them.
std::vector<std::string> BuiltinRubricIds();
absl::StatusOr<v1::Rubric> BuiltinRubric(std::string_view id);
// A rubric in textproto (or JSON when `json`), checked: ids, weights, models,
// tiers; rule ids are checked against a profile when assessing.
absl::StatusOr<v1::Rubric> ParseRubric(std::string_view text, bool json = false);
// Manual scores and a previous assessment, in JSON or textproto.
absl::StatusOr<v1::ManualScores> ParseManualScores(std::string_view text, bool json);
absl::StatusOr<v1::Assessment> ParseAssessment(std::string_view text, bool json);

struct AssessOptions {
  Day as_of = kNoDay;  // kNoDay: today
  Day from = kNoDay;   // the window judged; kNoDay: 1 January of as_of's year
  std::string scope;   // an org id: only orgs in its subtree are assessed
  Lang lang = Lang::kZh;
  const v1::ManualScores* manual = nullptr;    // assessors' scores, if any
  const v1::Assessment* previous = nullptr;    // last time's, for the two-year flag
};

absl::StatusOr<v1::Assessment> Assess(const Store& store, const Policy& policy, const v1::Rubric& rubric,
                                      const AssessOptions& options);

// A ranked table for a person, then each org's lost points and their findings.
std::string RenderAssessmentText(const v1::Assessment& assessment, Lang lang);
// The same as one self-contained page: the ranking first, then the org tree
// with each org's score and every deduction, filtered as RenderHtml's
// (report.h). `store`: the orgs' names and places in the hierarchy.
std::string RenderAssessmentHtml(const v1::Assessment& assessment, const Store& store, Lang lang);

}  // namespace dangjian

#endif  // DANGJIAN_ASSESS_H_
