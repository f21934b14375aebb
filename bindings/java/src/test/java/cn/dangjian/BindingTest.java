package cn.dangjian;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import cn.dangjian.v1.Activity;
import cn.dangjian.v1.Agenda;
import cn.dangjian.v1.Assessment;
import cn.dangjian.v1.Delta;
import cn.dangjian.v1.Event;
import cn.dangjian.v1.Finding;
import cn.dangjian.v1.ManualScores;
import cn.dangjian.v1.Member;
import cn.dangjian.v1.Org;
import cn.dangjian.v1.Report;
import cn.dangjian.v1.Snapshot;
import cn.dangjian.v1.Statistics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class BindingTest {
  private static Checker sample;

  @BeforeAll
  static void loadSample() {
    sample = Checker.builtin("national").load(Dangjian.sample(), Format.JSON);
  }

  @AfterAll
  static void closeSample() {
    sample.close();
  }

  private static Options asOfSample() {
    return new Options().asOf(Dangjian.SAMPLE_AS_OF).lang("en");
  }

  /** One branch with members m0… (full first, then probationary). */
  private static Snapshot branch(int full, int probationary) {
    Snapshot.Builder s = Snapshot.newBuilder().addOrgs(Org.newBuilder().setId("b").setKind(Org.Kind.BRANCH));
    for (int i = 0; i < full + probationary; i++) {
      s.addMembers(Member.newBuilder().setId("m" + i).setOrgId("b")
          .setStatus(i < full ? Member.Status.FULL : Member.Status.PROBATIONARY));
    }
    return s.build();
  }

  private static List<String> keys(List<Finding> findings) {
    return findings.stream().map(Finding::getKey).sorted().collect(Collectors.toList());
  }

  private static List<String> all(Pattern field, String json) {
    List<String> found = new ArrayList<>();
    for (Matcher m = field.matcher(json); m.find();) found.add(m.group(1));
    found.sort(null);
    return found;
  }

  /** What the command line prints for {@code args}, the CLI's path given by the build. */
  private static String cli(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(System.getProperty("dangjian.cli")));
    command.addAll(List.of(args));
    Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.INHERIT).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    int exit = p.waitFor();
    assertTrue(exit == 0 || exit == 1, "dangjian " + String.join(" ", args) + " exited " + exit);  // 1: findings
    return out;
  }

  @Test
  void theSamplesFindingsAreTheClisJson() throws Exception {
    Report report = sample.check(asOfSample());
    assertTrue(report.getFindingsCount() > 20);
    assertEquals(report.getFindingsCount(), report.getSummary().getTotal());
    assertEquals("national", report.getProfileId());

    String json = cli("check", "sample", "--as-of", Dangjian.SAMPLE_AS_OF, "--lang", "en", "--format", "json");
    assertEquals(all(Pattern.compile("\"key\":\\s*\"([^\"]*)\""), json), keys(report.getFindingsList()));
    assertEquals(all(Pattern.compile("\"ruleId\":\\s*\"([^\"]*)\""), json),
        report.getFindingsList().stream().map(Finding::getRuleId).sorted().collect(Collectors.toList()));

    Finding small = report.getFindingsList().stream()
        .filter(f -> f.getRuleId().equals("setup.branch_min_full_members")).findFirst().orElseThrow();
    assertEquals("b-kgq", small.getOrgId());
    assertEquals("2", small.getEvidenceMap().get("count"));
  }

  @Test
  void eightThreadsCheckingOneCheckerAgree() throws Exception {
    Report alone = sample.check(asOfSample());
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<Report>> reports = new ArrayList<>();
      for (int i = 0; i < 32; i++) reports.add(pool.submit(() -> sample.check(asOfSample())));
      for (Future<Report> r : reports) assertEquals(alone, r.get());
    } finally {
      pool.shutdown();
    }
  }

  @Test
  void badInputRaisesWithItsCode() {
    DangjianException notFound = assertThrows(DangjianException.class, () -> Checker.builtin("atlantis"));
    assertEquals(DangjianException.NOT_FOUND, notFound.code());

    try (Checker checker = Checker.builtin("national").load(branch(3, 0))) {
      Report before = checker.check(asOfSample());
      String broken = "{\"orgs\": [{\"id\": \"b\", \"kind\": \"BRANCH\", \"parentId\": \"x\"}]}";
      DangjianException bad = assertThrows(DangjianException.class,
          () -> checker.load(broken.getBytes(StandardCharsets.UTF_8), Format.JSON));
      assertEquals(DangjianException.BAD_INPUT, bad.code());
      assertTrue(bad.getMessage().contains("parentId"), bad.getMessage());
      assertEquals(before, checker.check(asOfSample()), "a failed load leaves the snapshot loaded before");

      DangjianException date = assertThrows(DangjianException.class,
          () -> checker.check(new Options().asOf("2026-13-01")));
      assertEquals(DangjianException.INVALID_ARGUMENT, date.code());
      assertTrue(date.getMessage().contains("as_of"), date.getMessage());

      DangjianException missing = assertThrows(DangjianException.class,
          () -> checker.load(Path.of("no", "such", "snapshot.json")));
      assertEquals(DangjianException.NOT_FOUND, missing.code());
    }
    DangjianException profile = assertThrows(DangjianException.class, () -> Checker.withProfile("id: "));
    assertEquals(DangjianException.BAD_INPUT, profile.code());
  }

  @Test
  void idsAndMessagesCrossInUtf8() {
    Snapshot s = Snapshot.newBuilder()
        .addOrgs(Org.newBuilder().setId("机关党委").setKind(Org.Kind.COMMITTEE))
        .addOrgs(Org.newBuilder().setId("第一支部").setParentId("机关党委").setKind(Org.Kind.BRANCH))
        .addMembers(Member.newBuilder().setId("m0").setOrgId("第一支部").setStatus(Member.Status.FULL))
        .build();
    try (Checker checker = Checker.builtin("national").load(s)) {
      Report report = checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF).scope("第一支部")
          .rules(List.of("setup.branch_min_full_members")));
      assertEquals(1, report.getFindingsCount());
      assertEquals("第一支部", report.getFindings(0).getOrgId());
      assertEquals("正式党员1名,成立党支部须正式党员3名以上", report.getFindings(0).getMessage());
      DangjianException unknown = assertThrows(DangjianException.class,
          () -> checker.check(new Options().asOf(Dangjian.SAMPLE_AS_OF).scope("第二支部")));
      assertTrue(unknown.getMessage().contains("第二支部"), unknown.getMessage());
    }
  }

  @Test
  void aSnapshotLoadsFromAPathAndFromAMessageAlike() throws Exception {
    Path file = Files.createTempFile("dangjian", ".pb");
    try {
      Files.write(file, branch(2, 1).toByteArray());
      try (Checker fromPath = Checker.builtin("national").load(file);
           Checker fromMessage = Checker.builtin("national").load(branch(2, 1))) {
        Report r = fromPath.check(asOfSample());
        assertEquals(r, fromMessage.check(asOfSample()));
        assertTrue(r.getFindingsList().stream().anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
      }
    } finally {
      Files.delete(file);
    }
  }

  @Test
  void anEnginesDeltaIsWhatAFreshCheckFinds() {
    Snapshot before = branch(2, 0);
    Member added = Member.newBuilder().setId("m9").setOrgId("b").setStatus(Member.Status.FULL).build();
    Snapshot after = before.toBuilder().addMembers(added).build();
    try (Engine engine = Engine.create(before, "national", asOfSample());
         Checker fresh = Checker.builtin("national")) {
      List<String> was = keys(engine.report().getFindingsList());
      Delta delta = engine.apply(Event.newBuilder().setMemberAdded(added).build());
      assertFalse(delta.getResolvedList().isEmpty());
      assertTrue(delta.getResolvedList().stream().anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));

      List<String> expected = keys(fresh.load(after).check(asOfSample()).getFindingsList());
      assertEquals(expected, keys(engine.report().getFindingsList()));
      TreeSet<String> applied = new TreeSet<>(was);
      applied.removeAll(keys(delta.getResolvedList()));
      applied.addAll(keys(delta.getAddedList()));
      assertEquals(new TreeSet<>(expected), applied);

      assertEquals(after, engine.snapshot(), "the snapshot as it is now");
      try (Engine again = Engine.create(engine.export(Format.DELIMITED), Format.DELIMITED, "national", asOfSample())) {
        assertEquals(engine.report(), again.report());
      }

      Report held = engine.report();
      DangjianException rejected = assertThrows(DangjianException.class,
          () -> engine.applyBatch(List.of(Event.newBuilder().setMemberRemoved("m0").build(),
              Event.newBuilder().setMemberRemoved("nobody").build())));
      assertEquals(DangjianException.BAD_INPUT, rejected.code());
      assertEquals(held, engine.report(), "a rejected batch changes nothing");
    }
  }

  @Test
  void theAgendaTheCatalogueAndDues() {
    Agenda agenda = sample.agenda(asOfSample());
    assertEquals(Dangjian.SAMPLE_AS_OF, agenda.getAsOf());
    assertTrue(agenda.getItemsCount() > 0);
    assertTrue(Rules.catalogue("en").getRulesList().stream()
        .anyMatch(r -> r.getId().equals("setup.branch_min_full_members")));
    assertEquals(3000, Dues.standardCents(Member.DuesCategory.EMPLOYED, 300001));  // 1% above 3,000 yuan
    assertEquals(DangjianException.INVALID_ARGUMENT, assertThrows(DangjianException.class,
        () -> Dues.standardCents(Member.DuesCategory.DUES_CATEGORY_UNSPECIFIED, 300000)).code());
  }

  @Test
  void aProfileOfOnesOwnIsListedResolvedAndObeyed() {
    assertTrue(Profiles.list().getProfilesList().stream().anyMatch(p -> p.getId().equals("national")));
    assertEquals("national", sample.policy().getId());
    assertTrue(sample.rules("en").getRulesList().stream()
        .anyMatch(r -> r.getId().equals("setup.branch_min_full_members") && r.getEnabled()));

    String mine = "id: \"mine\" extends: \"national\" rules { id: \"setup.branch_min_full_members\" enabled: false }";
    try (Checker checker = Checker.withProfile(mine).load(branch(2, 0))) {
      assertEquals("mine", checker.policy().getId());
      assertFalse(checker.rules("en").getRulesList().stream()
          .filter(r -> r.getId().equals("setup.branch_min_full_members")).findFirst().orElseThrow().getEnabled());
      assertTrue(checker.check(asOfSample()).getFindingsList().stream()
          .noneMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
    }
    try (Engine national = Engine.create(branch(2, 0), "national", asOfSample());
         Engine engine = Engine.withProfile(branch(2, 0).toByteArray(), Format.BINARY, mine, asOfSample())) {
      assertTrue(national.report().getFindingsList().stream()
          .anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
      assertTrue(engine.report().getFindingsList().stream()
          .noneMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
    }
    assertEquals(DangjianException.BAD_INPUT, assertThrows(DangjianException.class,
        () -> Engine.withProfile(branch(2, 0).toByteArray(), Format.BINARY, "id: ", asOfSample())).code());
  }

  @Test
  void unknownFieldsAreRefusedUnlessTheCheckerIsToldToPassThemOver() {
    byte[] export = ("{\"orgs\": [{\"id\": \"b\", \"kind\": \"BRANCH\", \"colour\": \"red\"}],"
        + " \"members\": [{\"id\": \"m0\", \"orgId\": \"b\", \"status\": \"FULL\"}]}").getBytes(StandardCharsets.UTF_8);
    try (Checker checker = Checker.builtin("national")) {
      DangjianException refused = assertThrows(DangjianException.class, () -> checker.load(export, Format.JSON));
      assertEquals(DangjianException.BAD_INPUT, refused.code());
      assertTrue(refused.getMessage().contains("colour"), refused.getMessage());
      Report report = checker.ignoreUnknownFields(true).load(export, Format.JSON).check(asOfSample());
      assertTrue(report.getFindingsList().stream().anyMatch(f -> f.getRuleId().equals("setup.branch_min_full_members")));
    }
  }

  @Test
  void anAssessmentTakesManualScoresAndLastTimesRanks() {
    Options options = asOfSample();
    Assessment plain = sample.assess("organ-assessment", options);
    Assessment.Org first = plain.getOrgs(0);
    Assessment.ComponentScore democratic = first.getComponentsList().stream()
        .filter(c -> c.getId().equals("democratic")).findFirst().orElseThrow();
    assertFalse(democratic.getGiven());

    ManualScores manual = ManualScores.newBuilder().addOrgs(ManualScores.Org.newBuilder().setOrgId(first.getOrgId())
        .addComponents(ManualScores.Score.newBuilder().setId("democratic").setScore(100))).build();
    Assessment scored = sample.assess("organ-assessment", asOfSample().manual(manual));
    Assessment.Org again = scored.getOrgsList().stream()
        .filter(o -> o.getOrgId().equals(first.getOrgId())).findFirst().orElseThrow();
    Assessment.ComponentScore given = again.getComponentsList().stream()
        .filter(c -> c.getId().equals("democratic")).findFirst().orElseThrow();
    assertTrue(given.getGiven());
    assertEquals(100.0, given.getScore());
    assertEquals(first.getComposite() + 10.0, again.getComposite(), 1e-9);  // 民主测评 weighs 10%

    // The same data twice: whoever is in the bottom share now was last time too.
    List<String> bottom = plain.getOrgsList().stream().filter(Assessment.Org::getBottom)
        .map(Assessment.Org::getOrgId).sorted().collect(Collectors.toList());
    assertFalse(bottom.isEmpty());
    Assessment twice = sample.assess("organ-assessment", asOfSample().previous(plain));
    assertEquals(bottom, twice.getOrgsList().stream().filter(Assessment.Org::getBottomTwoYears)
        .map(Assessment.Org::getOrgId).sorted().collect(Collectors.toList()));
    assertTrue(plain.getOrgsList().stream().noneMatch(Assessment.Org::getBottomTwoYears));

    String rubric = "id: \"mine\" model: ABSOLUTE assessed: BRANCH categories { id: \"c\" items { id: \"i\" "
        + "points: 10 deduction: 1 rule_ids: \"setup\" } }";
    Assessment own = sample.assessWithRubric(rubric, options);
    assertEquals("mine", own.getRubricId());
    assertTrue(own.getOrgsCount() > 0);
  }

  @Test
  void anEnginesAgendaAndAssessmentAreACheckersOfTheSameData() {
    Member added = Member.newBuilder().setId("m9001").setOrgId("b-kgq").setStatus(Member.Status.FULL).build();
    try (Checker fresh = Checker.builtin("national")) {
      fresh.load(Dangjian.sample(), Format.JSON);
      try (Engine engine = Engine.create(Dangjian.sample(), Format.JSON, "national", asOfSample())) {
        assertEquals(fresh.agenda(asOfSample()), engine.agenda(asOfSample()));
        assertEquals(fresh.assess("organ-assessment", asOfSample()), engine.assess("organ-assessment", asOfSample()));
        engine.apply(Event.newBuilder().setMemberAdded(added).build());
        Report current = engine.report();
        Agenda agenda = engine.agenda(new Options().lang("en"));  // as of the engine's date
        assertEquals(Dangjian.SAMPLE_AS_OF, agenda.getAsOf());
        assertTrue(current.getFindingsList().stream()
            .noneMatch(f -> f.getRuleId().equals("setup.branch_min_full_members") && f.getOrgId().equals("b-kgq")));
        Assessment assessed = engine.assess("branch-standardization", asOfSample());
        assertTrue(assessed.getOrgsList().stream().anyMatch(o -> o.getOrgId().equals("b-kgq")));
      }
    }
  }

  @Test
  void statisticsCountWhatWasHeldAgainstWhatWasOwed() {
    Snapshot s = branch(3, 2).toBuilder()
        .addActivities(Activity.newBuilder().setId("a1").setOrgId("b").setKind(Activity.Kind.GENERAL_MEETING)
            .setHeldOn("2026-03-31").addAllAttendeeIds(List.of("m0", "m1", "m2")))
        .build();
    try (Checker checker = Checker.builtin("national").load(s)) {
      Statistics stats = checker.stats(new Options().asOf("2026-06-30"));
      assertEquals("2026-06-30", stats.getAsOf());
      Statistics.OrgStatistics total = stats.getTotal();
      assertEquals(3, total.getFullMembers());
      assertEquals(2, total.getProbationaryMembers());
      assertEquals(6, total.getMonthsCount());  // January to June
      int general = stats.getActivitiesList().indexOf("GENERAL_MEETING");
      assertTrue(general >= 0, stats.getActivitiesList().toString());
      int[] held = total.getMonthsList().stream().mapToInt(m -> m.getMeetings(general).getHeld()).toArray();
      assertEquals(List.of(0, 0, 1, 0, 0, 0), java.util.Arrays.stream(held).boxed().collect(Collectors.toList()));
      // 党员大会 once a quarter: the first quarter's owed and met in March, the second's owed and unmet in June.
      Statistics.Meetings march = total.getMonths(2).getMeetings(general);
      Statistics.Meetings june = total.getMonths(5).getMeetings(general);
      assertEquals(1, march.getPeriodsMet());
      assertEquals(1, june.getPeriodsDue());
      assertEquals(0, june.getPeriodsMet());
    }
  }
}
