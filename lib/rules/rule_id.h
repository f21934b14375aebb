// Dense rule numbers, in catalogue order: the index of a rule in Rules().
#ifndef DANGJIAN_LIB_RULES_RULE_ID_H_
#define DANGJIAN_LIB_RULES_RULE_ID_H_

#include <cstdint>

namespace dangjian::rules {

enum RuleId : uint16_t {
  kStructureInvalidNesting,
  kStructureMemberOrgKind,
  kDataUnknownReference,
  kDataInvalidValue,
  kSetupBranchMinFullMembers,
  kSetupBranchMaxMembers,
  kSetupGeneralBranchMinMembers,
  kSetupCommitteeMinMembers,
  kSetupUpgradeSuggested,
  kSetupJointBranchMaxUnits,
  kSetupUnitOwnBranch,
  kSetupBranchCommitteeRequired,
  kSetupBranchCommitteeSize,
  kSetupBranchNoCommitteeRoles,
  kSetupSecretaryVacant,
  kSetupSecretaryNotApproved,
  kSetupDisciplineCommittee,
  kSetupDisciplineMember,
  kSetupDisciplineDesignee,
  kSetupPartyStaffRatio,
  kSetupTemporaryBranchScope,
  kSetupGroupLeaderVacant,
  kTermMissing,
  kTermExpired,
  kTermDueSoon,
  kTermAdjustmentLimit,
  kTermAdjustmentUnapproved,
  kTermElectionQuorum,
  kTermProbationaryVoter,
  kLifeGeneralMeeting,
  kLifeCommitteeMeeting,
  kLifeGroupMeeting,
  kLifePartyLecture,
  kLifeSecretaryLecture,
  kLifeLeaderLecture,
  kLifeThemeDay,
  kLifeOathThemeDay,
  kLifeOrgLifeMeeting,
  kLifeDemocraticEvaluation,
  kLifeGeneralBranchMeetings,
  kLifeCadreCongress,
  kLifeCommunityService,
  kLifeRecordIncomplete,
  kLifeCommitteeQuorum,
  kLifeIndividualVote,
  kLifeLeaderDualLife,
  kLifeMakeupMissing,
  kLifeMemberTalk,
  kMemberDuesUnpaidRun,
  kMemberDuesArrears,
  kMemberDuesBelowStandard,
  kMemberNoOrgLifeRun,
  kMemberTransferOverdue,
  kMemberProbationOverdue,
  kMemberProbationExtensionLimit,
  kMemberProbationDueSoon,
  kMemberTalkRequired,
  kMemberLostContact,
  kMemberUnqualifiedUnhandled,
  kRuleCount,
};

}  // namespace dangjian::rules

#endif  // DANGJIAN_LIB_RULES_RULE_ID_H_
